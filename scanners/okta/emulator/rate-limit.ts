/**
 * Okta's per-endpoint rate limits for one org: each bucket (an endpoint family) allows `limit`
 * requests per window (a minute at Okta), the window starting at the bucket's first request.
 * Every authenticated answer reports its bucket in `X-Rate-Limit-Limit`, `-Remaining` and `-Reset`
 * (epoch seconds at which the window ends); a request over the limit is answered 429 E0000047.
 */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';

export const OKTA_BUCKETS = ['apps', 'users-id', 'users', 'default'] as const;
export type OktaBucket = (typeof OKTA_BUCKETS)[number];

export interface OktaRateLimit {
  /** Requests per window, by bucket. */
  perWindow: Record<OktaBucket, number>;
  windowMs: number;
}

/** The bucket a path counts against, as Okta's management limits group endpoints. */
export function bucketOf(path: string): OktaBucket {
  if (path.startsWith('/api/v1/apps')) return 'apps';
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return 'users-id';
  if (path.startsWith('/api/v1/users')) return 'users';
  return 'default';
}

export interface BucketStatus {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

export interface OrgLimiter {
  /** Counts one request; false when the window's budget is spent (the request is refused). */
  take(bucket: OktaBucket): boolean;
  status(bucket: OktaBucket): BucketStatus;
  usage(): Record<string, ScopeUsage>;
}

export function orgLimiter(limit: OktaRateLimit, now: () => number = Date.now): OrgLimiter {
  const windows = new Map<OktaBucket, { start: number; used: number; total: number }>();
  const current = (bucket: OktaBucket) => {
    const at = now();
    let window = windows.get(bucket);
    if (!window) {
      window = { start: at, used: 0, total: 0 };
      windows.set(bucket, window);
    } else if (at >= window.start + limit.windowMs) {
      window.start = at;
      window.used = 0;
    }
    return window;
  };
  return {
    take(bucket) {
      const window = current(bucket);
      if (window.used >= limit.perWindow[bucket]) return false;
      window.used += 1;
      window.total += 1;
      return true;
    },
    status(bucket) {
      const window = current(bucket);
      return {
        limit: limit.perWindow[bucket],
        remaining: Math.max(limit.perWindow[bucket] - window.used, 0),
        reset: Math.ceil((window.start + limit.windowMs) / 1000),
      };
    },
    usage() {
      return Object.fromEntries(
        [...windows].map(([bucket, window]) => [
          `okta:${bucket}`,
          {
            used: window.total,
            perSecond: limit.perWindow[bucket] / (limit.windowMs / 1000),
            burst: limit.perWindow[bucket],
          },
        ]),
      );
    },
  };
}
