/**
 * Sends events through a transport in batches, in order, with retries and backoff; whatever is not
 * delivered comes back as `failed` (the caller dead-letters it). Never loses an event: a batch is
 * either acknowledged (2xx) or every event of it is returned as failed, also on Ctrl-C.
 *
 * A batch is all-or-nothing from here: HEC and most webhooks acknowledge a request, not an event.
 * So batches are small (--batch-size), every event carries a stable id, and a batch is retried as
 * the same bytes: a receiver that kept part of a failed request sees the same ids again and can
 * drop them (docs/formats.md, "Delivery guarantees").
 *
 * When a batch fails for good on a retryable error (an outage) or on an error no batch can get past
 * (a bad token, a wrong URL), the remaining batches are not tried: they fail at once with the same
 * reason, so an outage costs one backoff sequence, not one per batch.
 */
import { sleep, withBackoff } from './retry.js';
import type { SendOutcome, SinkEvent, Transport } from './types.js';

export interface DeliveryOptions {
  /** Events per request (default 100). */
  batchSize?: number;
  /** A request body never grows past this many bytes unless one event alone is larger (default 1 MB). */
  maxBatchBytes?: number;
  /** Retries per batch after the first attempt (default 5). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 1000 ms). */
  retryDelayMs?: number;
  /** Longest wait between two attempts, Retry-After included (default 30 s). */
  maxRetryDelayMs?: number;
  signal: AbortSignal;
  /** Called before each wait, to say what failed and when the next attempt is. */
  onRetry?: (info: { batch: number; attempt: number; delayMs: number; error: string }) => void;
  /** Called after each acknowledged batch (replay checkpoints the dead-letter file here). */
  onDelivered?: (batch: readonly SinkEvent[]) => void;
  /** Waits between attempts (tests may pass a fake). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface FailedEvent {
  event: SinkEvent;
  error: string;
  /** Requests that carried it (0: not tried, after an earlier batch failed for good). */
  attempts: number;
}

export interface DeliveryResult {
  delivered: number;
  failed: FailedEvent[];
  /** Requests made, retries included. */
  requests: number;
  batches: number;
}

export const DELIVERY_DEFAULTS = {
  batchSize: 100,
  maxBatchBytes: 1_000_000,
  retries: 5,
  retryDelayMs: 1000,
  maxRetryDelayMs: 30_000,
} as const;

/** Splits events into batches of at most `size` events and about `maxBytes` of JSON, keeping order. */
export function batches(events: readonly SinkEvent[], size: number, maxBytes: number): SinkEvent[][] {
  const result: SinkEvent[][] = [];
  let current: SinkEvent[] = [];
  let bytes = 0;
  for (const item of events) {
    const itemBytes = Buffer.byteLength(JSON.stringify(item.event)) + 200;
    if (current.length > 0 && (current.length >= size || bytes + itemBytes > maxBytes)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += itemBytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

export async function deliver(
  events: readonly SinkEvent[],
  transport: Transport,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const retries = options.retries ?? DELIVERY_DEFAULTS.retries;
  const backoff = {
    baseMs: options.retryDelayMs ?? DELIVERY_DEFAULTS.retryDelayMs,
    maxMs: options.maxRetryDelayMs ?? DELIVERY_DEFAULTS.maxRetryDelayMs,
  };
  const wait = options.wait ?? sleep;
  const all = batches(
    events,
    options.batchSize ?? DELIVERY_DEFAULTS.batchSize,
    options.maxBatchBytes ?? DELIVERY_DEFAULTS.maxBatchBytes,
  );
  const result: DeliveryResult = { delivered: 0, failed: [], requests: 0, batches: all.length };
  let stopped: string | undefined;

  for (const [index, batch] of all.entries()) {
    if (stopped !== undefined) {
      for (const event of batch) result.failed.push({ event, error: `not sent: ${stopped}`, attempts: 0 });
      continue;
    }
    let attempts = 0;
    let fault: string | undefined;
    let settled: { outcome: SendOutcome };
    try {
      settled = await withBackoff(
        async (): Promise<SendOutcome> => {
          attempts += 1;
          result.requests += 1;
          try {
            return await transport.send(batch, options.signal);
          } catch (error) {
            // Interrupted, or a fault in the transport itself: this batch and the rest are undelivered, not lost.
            fault = options.signal.aborted
              ? 'interrupted'
              : `${transport.kind}: ${error instanceof Error ? error.message : String(error)}`;
            return { ok: false, retryable: false, error: fault };
          }
        },
        {
          retries,
          ...backoff,
          signal: options.signal,
          wait,
          onRetry: (info) => options.onRetry?.({ batch: index + 1, ...info }),
        },
      );
    } catch (error) {
      // The wait between attempts was cut short by Ctrl-C.
      if (!options.signal.aborted) throw error;
      stopped = 'interrupted';
      for (const event of batch) result.failed.push({ event, error: 'interrupted', attempts });
      continue;
    }
    const { outcome } = settled;
    if (fault !== undefined) {
      stopped = fault;
      for (const event of batch) result.failed.push({ event, error: fault, attempts });
    } else if (outcome.ok) {
      result.delivered += batch.length;
      options.onDelivered?.(batch);
    } else {
      const error = attempts > 1 ? `${outcome.error} (after ${attempts} attempts)` : outcome.error;
      for (const event of batch) result.failed.push({ event, error, attempts });
      if (outcome.retryable || outcome.stopAll) stopped = `${transport.kind} ${transport.target}: ${error}`;
    }
  }
  return result;
}
