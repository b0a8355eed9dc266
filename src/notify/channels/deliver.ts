/**
 * One digest through one channel, with retries and backoff: a retryable failure (connection
 * trouble, HTTP 429/5xx, SMTP 4xx) is tried again, honouring Retry-After; anything else stops at
 * once. The caller's abort is rethrown, never reported as a failed delivery.
 */
import { redact } from '../../core/redact.js';
import { withBackoff } from '../../sinks/retry.js';
import type { ChannelOutcome, Digest, NoticeChannel } from './types.js';

export interface DeliveryAttemptResult {
  delivered: boolean;
  attempts: number;
  /** The channel's word on success, e.g. `HTTP 200` or `250 OK`. */
  detail?: string;
  /** Why it was not delivered; says `(after N attempts)` when N > 1. */
  error?: string;
}

export interface DigestDeliveryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 1000 ms). */
  retryDelayMs?: number;
  /** Longest wait between two attempts, Retry-After included (default 30 s). */
  maxRetryDelayMs?: number;
  signal: AbortSignal;
  /** Waits between attempts (tests pass a fake). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called before each wait: what failed and how long until the next attempt. */
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void;
}

export const DIGEST_DELIVERY_DEFAULTS = { retries: 3, retryDelayMs: 1000, maxRetryDelayMs: 30_000 } as const;

export async function deliverDigest(
  digest: Digest,
  channel: NoticeChannel,
  options: DigestDeliveryOptions,
): Promise<DeliveryAttemptResult> {
  const { outcome, attempts } = await withBackoff(
    async () => {
      options.signal.throwIfAborted();
      return attemptOnce(digest, channel, options.signal);
    },
    {
      retries: options.retries ?? DIGEST_DELIVERY_DEFAULTS.retries,
      baseMs: options.retryDelayMs ?? DIGEST_DELIVERY_DEFAULTS.retryDelayMs,
      maxMs: options.maxRetryDelayMs ?? DIGEST_DELIVERY_DEFAULTS.maxRetryDelayMs,
      signal: options.signal,
      ...(options.wait ? { wait: options.wait } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    },
  );
  if (outcome.ok) return { delivered: true, attempts, detail: outcome.detail };
  const error = attempts > 1 ? `${outcome.error} (after ${attempts} attempts)` : outcome.error;
  return { delivered: false, attempts, error };
}

/** A channel that throws for anything but the caller's abort has a fault: a failure, not retried. */
async function attemptOnce(
  digest: Digest,
  channel: NoticeChannel,
  signal: AbortSignal,
): Promise<ChannelOutcome> {
  try {
    return await channel.send(digest, signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retryable: false, error: redact(`${channel.kind} ${channel.name}: ${message}`) };
  }
}
