/**
 * GitLab's per-user API rate limit as a token bucket: `perMinute` tokens, refilled evenly over the
 * minute. Every answer carries GitLab's `RateLimit-*` headers (Limit, Observed, Remaining, Reset as
 * epoch seconds, ResetTime as an HTTP date); a refused request gets 429 with `Retry-After`, the
 * seconds until a token is back. GitLab counts in fixed windows, whose Reset is the window's end;
 * a bucket's nearest equivalent is when the next request is admitted.
 */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { GitlabRateLimit } from './types.js';

export interface Admission {
  admitted: boolean;
  headers: Record<string, string>;
}

export interface TokenLimiter {
  take(scope: string): Admission;
  usage(): Record<string, ScopeUsage>;
}

export function tokenLimiter(limit: GitlabRateLimit, now: () => number = Date.now): TokenLimiter {
  const perSecond = limit.perMinute / 60;
  const buckets = new Map<string, { tokens: number; at: number; used: number }>();
  return {
    take(scope) {
      const at = now();
      let bucket = buckets.get(scope);
      if (!bucket) {
        bucket = { tokens: limit.perMinute, at, used: 0 };
        buckets.set(scope, bucket);
      }
      bucket.tokens = Math.min(limit.perMinute, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
      bucket.at = at;
      const admitted = bucket.tokens >= 1;
      if (admitted) {
        bucket.tokens -= 1;
        bucket.used += 1;
      }
      const remaining = Math.floor(bucket.tokens);
      // Reset: when a request is admitted again once the budget is spent, else when the bucket is
      // full again; Retry-After: when one token is back.
      const resetMs =
        at + ((remaining >= 1 ? limit.perMinute - bucket.tokens : 1 - bucket.tokens) / perSecond) * 1000;
      const headers: Record<string, string> = {
        'ratelimit-limit': String(limit.perMinute),
        'ratelimit-observed': String(limit.perMinute - remaining),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(Math.ceil(resetMs / 1000)),
        'ratelimit-resettime': new Date(Math.ceil(resetMs / 1000) * 1000).toUTCString(),
      };
      if (!admitted) headers['retry-after'] = String(Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)));
      return { admitted, headers };
    },
    usage() {
      return Object.fromEntries(
        [...buckets].map(([scope, bucket]) => [
          scope,
          { used: bucket.used, perSecond, burst: limit.perMinute },
        ]),
      );
    },
  };
}
