/**
 * Microsoft Graph's identity-and-access throttling, as documented: token buckets that add up each
 * request's cost (resource-units.ts) per application+tenant pair (a quota that depends on the
 * tenant's size), per application across tenants, and write quotas per pair, per application and
 * per tenant. A request over any of them is refused whole (nothing is charged) with the scope
 * that refused it; every other request is charged to each bucket it belongs to.
 * Source: https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
 */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { RequestCost } from './resource-units.js';

export interface Quota {
  amount: number;
  windowSeconds: number;
}

export interface GraphThrottleLimit {
  /** RU per application+tenant pair per `windowSeconds`, by tenant size (users: S < 50 ≤ M ≤ 500 < L). */
  resourceUnits: { small: number; medium: number; large: number };
  /** The window of `resourceUnits`: 10 s at Graph. */
  windowSeconds: number;
  /** RU per application across all tenants. */
  appResourceUnits: Quota;
  /** Writes per application+tenant pair. */
  writes: Quota;
  /** Writes per application across all tenants. */
  appWrites: Quota;
  /** Writes per tenant, all applications together. */
  tenantWrites: Quota;
}

/** The documented figures (identity and access service limits). */
export const GRAPH_IDENTITY_LIMITS: GraphThrottleLimit = {
  resourceUnits: { small: 3500, medium: 5000, large: 8000 },
  windowSeconds: 10,
  appResourceUnits: { amount: 150_000, windowSeconds: 20 },
  writes: { amount: 3000, windowSeconds: 150 },
  appWrites: { amount: 70_000, windowSeconds: 300 },
  tenantWrites: { amount: 18_000, windowSeconds: 300 },
};

export type TenantSize = keyof GraphThrottleLimit['resourceUnits'];

export const tenantSize = (users: number): TenantSize =>
  users < 50 ? 'small' : users <= 500 ? 'medium' : 'large';

export type ThrottleDecision =
  | { admitted: true }
  | {
      admitted: false;
      /** `x-ms-throttle-scope`: `<Scope>/<Limit>/<ApplicationId>/<TenantId>`. */
      scope: string;
      /** `x-ms-throttle-information`. */
      information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded';
      /** Whole seconds until the refusing bucket holds the request's cost again (at least 1). */
      retryAfterSeconds: number;
    };

interface Bucket {
  tokens: number;
  at: number;
  /** Charged so far, and the quota it refills by: for usage(). */
  used: number;
  quota: Quota;
}

export interface GraphThrottle {
  /** Charges the request to its buckets, or refuses it without charging anything. */
  admit(request: { appId: string; tenantId: string; users: number; cost: RequestCost }): ThrottleDecision;
  /** Every bucket's charges and quota so far (`pair-ru/APP/TENANT`, `app-ru/APP`…). */
  usage(): Record<string, ScopeUsage>;
}

export function graphThrottle(limit: GraphThrottleLimit, now: () => number = Date.now): GraphThrottle {
  const buckets = new Map<string, Bucket>();
  /** The bucket's tokens now: full at first, refilled at amount/window per second up to amount. */
  const level = (key: string, quota: Quota, at: number): Bucket => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: quota.amount, at, used: 0, quota };
      buckets.set(key, bucket);
    }
    const refilled = ((at - bucket.at) / 1000) * (quota.amount / quota.windowSeconds);
    bucket.tokens = Math.min(quota.amount, bucket.tokens + refilled);
    bucket.at = at;
    return bucket;
  };
  return {
    admit({ appId, tenantId, users, cost }) {
      const at = now();
      const pairQuota = {
        amount: limit.resourceUnits[tenantSize(users)],
        windowSeconds: limit.windowSeconds,
      };
      const charges = [
        ['Tenant_Application', 'ReadWrite', `pair-ru/${appId}/${tenantId}`, pairQuota, cost.resourceUnits],
        ['Application', 'ReadWrite', `app-ru/${appId}`, limit.appResourceUnits, cost.resourceUnits],
        ['Tenant_Application', 'Write', `pair-w/${appId}/${tenantId}`, limit.writes, cost.writes],
        ['Application', 'Write', `app-w/${appId}`, limit.appWrites, cost.writes],
        ['Tenant', 'Write', `tenant-w/${tenantId}`, limit.tenantWrites, cost.writes],
      ] as const;
      const levels = charges
        .filter((charge) => charge[4] > 0)
        .map((charge) => {
          const [scope, kind, key, quota, amount] = charge;
          return { scope, kind, quota, amount, bucket: level(key, quota, at) };
        });
      const over = levels.find((entry) => entry.bucket.tokens < entry.amount);
      if (over) {
        const perSecond = over.quota.amount / over.quota.windowSeconds;
        return {
          admitted: false,
          scope: `${over.scope}/${over.kind}/${appId}/${tenantId}`,
          information: over.kind === 'Write' ? 'WriteLimitExceeded' : 'ResourceUnitLimitExceeded',
          retryAfterSeconds: Math.max(1, Math.ceil((over.amount - over.bucket.tokens) / perSecond)),
        };
      }
      for (const entry of levels) {
        entry.bucket.tokens -= entry.amount;
        entry.bucket.used += entry.amount;
      }
      return { admitted: true };
    },
    usage: () =>
      Object.fromEntries(
        [...buckets].map(([key, bucket]) => [
          key,
          {
            used: bucket.used,
            perSecond: bucket.quota.amount / bucket.quota.windowSeconds,
            burst: bucket.quota.amount,
          },
        ]),
      ),
  };
}
