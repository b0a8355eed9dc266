/**
 * Token buckets by scope (an account, a project and API, a token, a tenant and app…), each
 * metered: what every scope has been charged and what its limit refills, so a benchmark can say
 * how long the provider's limits need for a scan's requests (the rate-limit lower bound).
 */
import type { TokenBucketLimit } from './emulated-provider.js';

/** One scope's charges so far and its limit. */
export interface ScopeUsage {
  /** Requests, or the provider's units (Graph's resource units), admitted in the scope. */
  used: number;
  perSecond: number;
  burst: number;
}

export interface ScopedBuckets {
  /** Charges `cost` to the scope's bucket; false when the bucket holds less (over the limit). */
  take(scope: string, limit: TokenBucketLimit, cost?: number): boolean;
  usage(): Record<string, ScopeUsage>;
}

export function scopedBuckets(now = () => Date.now()): ScopedBuckets {
  const scopes = new Map<
    string,
    { tokens: number; refilledAt: number; used: number; limit: TokenBucketLimit }
  >();
  return {
    take(scope, limit, cost = 1) {
      const at = now();
      let entry = scopes.get(scope);
      if (!entry) {
        entry = { tokens: limit.burst, refilledAt: at, used: 0, limit };
        scopes.set(scope, entry);
      }
      entry.tokens = Math.min(
        limit.burst,
        entry.tokens + ((at - entry.refilledAt) / 1000) * limit.requestsPerSecond,
      );
      entry.refilledAt = at;
      if (entry.tokens < cost) return false;
      entry.tokens -= cost;
      entry.used += cost;
      return true;
    },
    usage() {
      return Object.fromEntries(
        [...scopes].map(([scope, entry]) => [
          scope,
          { used: entry.used, perSecond: entry.limit.requestsPerSecond, burst: entry.limit.burst },
        ]),
      );
    },
  };
}

/**
 * A scan's rate-limit lower bound between two usage snapshots: the busiest scope's charges ÷ its
 * refill rate, in milliseconds (the figure the benchmarks compare a scan's wall time with). The
 * burst is left out: a scan may beat the bound by at most one burst per scope, which the
 * providers size at a second (AWS here) to a minute (GCP) of their rate.
 */
export function rateLimitLowerBoundMs(
  before: Record<string, ScopeUsage> | undefined,
  after: Record<string, ScopeUsage> | undefined,
): number {
  let bound = 0;
  for (const [scope, usage] of Object.entries(after ?? {})) {
    const used = usage.used - (before?.[scope]?.used ?? 0);
    if (usage.perSecond > 0) bound = Math.max(bound, (used / usage.perSecond) * 1000);
  }
  return bound;
}
