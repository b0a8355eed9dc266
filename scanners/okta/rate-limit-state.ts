/**
 * What the client has learnt of Okta's per-endpoint limits from its `X-Rate-Limit-Remaining` and
 * `-Reset` headers, by endpoint family (`/api/v1/apps`, `/api/v1/users`, `/api/v1/api-tokens`: the
 * first three path segments, as Okta's management buckets group them). A family whose budget is
 * spent is waited on until its reset instead of being sent a request Okta would refuse. The reset
 * is read against the answer's own `Date`, so a skewed local clock does not shorten the wait.
 */

export interface FamilyState {
  remaining: number;
  /** Local epoch milliseconds at which the family's window resets. */
  resetsAt: number;
}

/** A path's endpoint family: `/api/v1/apps/0oa1/credentials/secrets` → `/api/v1/apps`. */
export function familyOf(url: string): string {
  const path = new URL(url).pathname;
  return path.split('/').slice(0, 4).join('/');
}

/** Milliseconds until `reset` (epoch seconds) as the answer's clock reads it; undefined without both headers. */
export function resetDelayMs(headers: { get(name: string): string | null }): number | undefined {
  const reset = Number(headers.get('x-rate-limit-reset'));
  const date = Date.parse(headers.get('date') ?? '');
  if (!Number.isFinite(reset) || reset <= 0 || Number.isNaN(date)) return undefined;
  // `Date` has whole seconds (rounded down): the wait may be a little long, never short.
  return Math.max(0, reset * 1000 - date);
}

export class RateLimitState {
  private readonly families = new Map<string, FamilyState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records an answer's headers for its family. */
  record(url: string, headers: { get(name: string): string | null }): void {
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const delay = resetDelayMs(headers);
    if (!Number.isFinite(remaining) || delay === undefined) return;
    this.families.set(familyOf(url), { remaining, resetsAt: this.now() + delay });
  }

  /** How long to wait before the next request of this family: 0 unless its budget is spent. */
  waitMs(url: string): number {
    const state = this.families.get(familyOf(url));
    if (!state || state.remaining > 0) return 0;
    return Math.max(0, state.resetsAt - this.now());
  }
}
