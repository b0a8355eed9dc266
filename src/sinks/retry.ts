/** Backoff, Retry-After and an abortable sleep: the one place the sinks decide how long to wait. */

/** Delay before retry `attempt` (1-based): base × 2^(attempt−1), capped; a server's Retry-After wins, capped too. */
export function retryDelay(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxMs);
  return Math.min(options.baseMs * 2 ** (attempt - 1), options.maxMs);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** HTTP statuses worth retrying: timeouts, throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Statuses after which no other batch can succeed: authentication, authorization, wrong URL. */
export function stopsAll(status: number): boolean {
  return status === 401 || status === 403 || status === 404 || status === 405;
}

/** A failed attempt, as the retry loop needs to see it. */
export interface FailedAttempt {
  ok: false;
  retryable: boolean;
  error: string;
  retryAfterMs?: number;
}

export interface BackoffOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  signal: AbortSignal;
  /** Waits between attempts (tests pass a fake); rejects when the signal aborts. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void;
}

/**
 * The one retry loop of nhiscan's senders (SIEM sinks, notice channels): calls `attempt` until it
 * succeeds, fails for good, or the retries run out, waiting the doubling backoff (or the server's
 * Retry-After) in between. Returns the last outcome and how many attempts were made; a wait cut
 * short by the signal rejects with the signal's reason.
 */
export async function withBackoff<T extends { ok: true } | FailedAttempt>(
  attempt: () => Promise<T>,
  options: BackoffOptions,
): Promise<{ outcome: T; attempts: number }> {
  const wait = options.wait ?? sleep;
  for (let attempts = 1; ; attempts += 1) {
    const outcome = await attempt();
    const failed = outcome as { ok: true } | FailedAttempt;
    if (failed.ok || !failed.retryable || attempts > options.retries) return { outcome, attempts };
    const delayMs = retryDelay(attempts, options, failed.retryAfterMs);
    options.onRetry?.({ attempt: attempts, delayMs, error: failed.error });
    await wait(delayMs, options.signal);
  }
}
