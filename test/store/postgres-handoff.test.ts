/**
 * The synchronous handoff between the store and its PostgreSQL connection's thread (handoff.ts),
 * driven by small workers that behave as the connection's thread can: a notify that arrives late,
 * an answer posted twice, a thread that stops, a thread that is slow but alive.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANSWERED,
  awaitAnswer,
  BEAT_MS,
  createSignals,
  HEARTBEAT,
  nextSequence,
  WorkerSilentError,
} from '../../src/store/postgres/handoff.js';

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/**
 * Starts `body` in a worker with `port`, `signals`, `answered`, `heartbeat` and `beatMs` in scope,
 * and `reply(sequence, value)`, which answers as the connection's thread does.
 */
function startWorker(body: string): { port: MessagePort; signals: Int32Array } {
  const signals = createSignals();
  const channel = new MessageChannel();
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const { port, signals, answered, heartbeat, beatMs } = workerData;
     function reply(sequence, value) {
       port.postMessage({ sequence, value });
       Atomics.store(signals, answered, sequence);
       Atomics.notify(signals, answered);
     }
     ${body}`,
    {
      eval: true,
      workerData: { port: channel.port2, signals, answered: ANSWERED, heartbeat: HEARTBEAT, beatMs: BEAT_MS },
      transferList: [channel.port2],
    },
  );
  workers.push(worker);
  return { port: channel.port1, signals };
}

/** Sends request `sequence` and waits for its answer, as the bridge does. */
function ask(worker: { port: MessagePort; signals: Int32Array }, sequence: number, silenceMs = 5_000) {
  worker.port.postMessage({ sequence });
  return awaitAnswer(worker.signals, worker.port, sequence, silenceMs);
}

describe('awaitAnswer', () => {
  it('waits for its own answer when the previous answer’s notify wakes it late', () => {
    // Answer 1 is posted and its number stored, but its notify is sent only once the caller has
    // sent request 2 and waits for its answer (notify returns the waiters it woke): a wake-up the
    // caller must not take for answer 2, which comes later.
    const worker = startWorker(`
      const { receiveMessageOnPort } = require('node:worker_threads');
      port.once('message', () => {
        port.postMessage({ sequence: 1, value: 'answer 1' });
        Atomics.store(signals, answered, 1);
        while (!receiveMessageOnPort(port)) {}
        while (Atomics.notify(signals, answered) === 0) {}
        setTimeout(() => reply(2, 'answer 2'), 200);
      });`);
    expect(ask(worker, 1)).toEqual({ sequence: 1, value: 'answer 1' });
    expect(ask(worker, 2)).toEqual({ sequence: 2, value: 'answer 2' });
  });

  it('drops a message of an earlier request instead of returning it for this one', () => {
    const worker = startWorker(`
      port.on('message', (request) => {
        if (request.sequence === 2) port.postMessage({ sequence: 1, value: 'a second answer 1' });
        reply(request.sequence, 'answer ' + request.sequence);
      });`);
    expect(ask(worker, 1)).toEqual({ sequence: 1, value: 'answer 1' });
    expect(ask(worker, 2)).toEqual({ sequence: 2, value: 'answer 2' });
  });

  it('ends the wait with an error when the thread neither answers nor beats', () => {
    const worker = startWorker(`port.on('message', () => {});`);
    expect(() => ask(worker, 1, 1_000)).toThrow(
      new WorkerSilentError(
        'the PostgreSQL connection thread stopped: no answer and no sign of life for 1 s',
      ),
    );
  });

  it('keeps waiting for a thread that is slow but alive (it beats)', () => {
    // The answer comes after more than two silences’ worth of time, the heartbeat all along.
    const worker = startWorker(`
      setInterval(() => Atomics.add(signals, heartbeat, 1), beatMs);
      port.on('message', (request) => setTimeout(() => reply(request.sequence, 'slow'), 4_000));`);
    expect(ask(worker, 1, 1_500)).toEqual({ sequence: 1, value: 'slow' });
  });
});

describe('nextSequence', () => {
  it('counts up from 1 and wraps before leaving the Int32 slot, never to 0', () => {
    expect(nextSequence(0)).toBe(1);
    expect(nextSequence(41)).toBe(42);
    expect(nextSequence(0x7fff_ffff)).toBe(1);
  });
});
