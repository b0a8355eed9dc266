/**
 * The calling side of the synchronous handoff between a thread and its connection's worker
 * (bridge.ts, worker-source.ts). Each request carries a sequence number; the worker posts its
 * answer with that number, then writes the number into the shared ANSWERED slot and notifies.
 *
 * Invariants:
 *  - the caller returns only the answer to its own request: it waits until ANSWERED holds its
 *    number, not merely until it is woken. A notify may arrive late: the worker's notify for
 *    the previous answer can land after the caller saw that answer's number, returned, and began
 *    waiting for the next one (Atomics.notify wakes a waiter whatever the slot holds). Taking that
 *    wake-up as the next answer read an empty port: the scale benchmark's lost connections.
 *  - a message of an earlier request (none is expected) is dropped, never returned for this one;
 *  - a worker that stops (out of memory, killed) stops bumping HEARTBEAT: after `silenceMs` without
 *    an answer or a beat, the wait ends with an error instead of blocking forever.
 */
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/** Slot of the sequence number of the last answer posted. */
export const ANSWERED = 0;
/** Slot the worker's timer bumps while its event loop runs. */
export const HEARTBEAT = 1;
/** How often the worker beats (its timer), in milliseconds. */
export const BEAT_MS = 250;

export function createSignals(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** The sequence number after `previous`: positive, fits the Int32 slot, never 0 (the slot's start). */
export function nextSequence(previous: number): number {
  return previous >= 0x7fff_ffff ? 1 : previous + 1;
}

export class WorkerSilentError extends Error {}

/**
 * Blocks until the answer to request `sequence` is posted on `port`, and returns its message
 * (which carries `sequence`).
 */
export function awaitAnswer<Message extends { sequence: number }>(
  signals: Int32Array,
  port: MessagePort,
  sequence: number,
  silenceMs: number,
): Message {
  let beat = Atomics.load(signals, HEARTBEAT);
  let lastSign = performance.now();
  for (;;) {
    const answered = Atomics.load(signals, ANSWERED);
    if (answered === sequence) break;
    Atomics.wait(signals, ANSWERED, answered, BEAT_MS * 2);
    const now = performance.now();
    const seen = Atomics.load(signals, HEARTBEAT);
    if (seen !== beat) {
      beat = seen;
      lastSign = now;
    } else if (now - lastSign > silenceMs && Atomics.load(signals, ANSWERED) !== sequence)
      throw new WorkerSilentError(
        `the PostgreSQL connection thread stopped: no answer and no sign of life for ${Math.round(silenceMs / 1000)} s`,
      );
  }
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (!received)
      throw new WorkerSilentError(`the PostgreSQL connection thread's answer ${sequence} is missing`);
    const message = received.message as Message;
    if (message.sequence === sequence) return message;
  }
}
