/**
 * What GitHub last reported about one rate-limit resource (`x-ratelimit-remaining`, `-limit`,
 * `-reset`) and how many requests are in flight against it; from these, whether the next request
 * may go now, or must wait for the window to reset or for an answer to say more. Pure state: the
 * waiting itself is the pacer's (rate-limit-pacer.ts).
 */

/** One answer's rate-limit headers. */
export interface RateLimitReport {
  /** `x-ratelimit-resource` (`core`, `graphql`, `search`…); absent when not sent. */
  resource?: string;
  remaining: number;
  /** Requests per window; Infinity when not sent. */
  limit: number;
  /** When the window resets, epoch milliseconds (`x-ratelimit-reset` is in seconds). */
  resetAt: number;
}

type Headers = Record<string, string | number | undefined> | undefined;

function headerNumber(headers: Headers, name: string): number | undefined {
  const value = headers?.[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** The rate-limit report of an answer's headers, or undefined when they do not carry one. */
export function readRateLimitHeaders(headers: Headers): RateLimitReport | undefined {
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  const reset = headerNumber(headers, 'x-ratelimit-reset');
  if (remaining === undefined || reset === undefined) return undefined;
  const resource = headers?.['x-ratelimit-resource'];
  return {
    ...(typeof resource === 'string' && resource !== '' ? { resource } : {}),
    remaining,
    limit: headerNumber(headers, 'x-ratelimit-limit') ?? Number.POSITIVE_INFINITY,
    resetAt: reset * 1000,
  };
}

/** When the next request may go: now, at an epoch-ms time (the reset), or once an answer arrives. */
export type Admission = 'now' | 'after-answer' | number;

export class RateLimitWindow {
  /** The freshest report: of the latest window, and within it the lowest remaining. */
  reported: RateLimitReport | undefined;
  inFlight = 0;
  private readonly listeners = new Set<() => void>();

  /**
   * Whether one more request may go at `now`. Nothing reported: yes. Past the reset (plus the
   * margin): a fresh window, whose whole limit is there except what is in flight. Before it: as
   * long as the reported remaining exceeds the requests in flight. This errs on the side of waiting
   * (a request in flight may already be counted in the remaining reported).
   */
  admission(now: number, marginMs: number): Admission {
    const reported = this.reported;
    if (!reported) return 'now';
    const resetsAt = reported.resetAt + marginMs;
    if (now >= resetsAt)
      return this.inFlight === 0 || this.inFlight < reported.limit ? 'now' : 'after-answer';
    return reported.remaining - this.inFlight > 0 ? 'now' : resetsAt;
  }

  /** Keeps a report unless it is older: of an earlier window, or higher within the same one. */
  report(report: RateLimitReport): void {
    const known = this.reported;
    if (
      !known ||
      report.resetAt > known.resetAt ||
      (report.resetAt === known.resetAt && report.remaining < known.remaining)
    )
      this.reported = report;
    this.changed();
  }

  start(): void {
    this.inFlight += 1;
  }

  finish(): void {
    this.inFlight -= 1;
    this.changed();
  }

  /** Calls `listener` on the next report or finished request; returns how to stop listening. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
