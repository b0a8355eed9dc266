/**
 * Okta's limit shape per org, and the `nhiscan emulate --rate-limit okta.<key>=N` keys that change
 * it. The figures are per minute and endpoint family, after Okta's "Management rate limits" page
 * (developer.okta.com/docs/reference/rl-global-mgmt/): /api/v1/apps* 100, /api/v1/users/{id} 600,
 * /api/v1/users* 600; the API-token endpoints count in the org-wide default, taken here as 1,200.
 * Orgs differ by plan and can buy more: these are a plausible org, not a promise.
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';
import type { OktaRateLimit } from './rate-limit.js';

export const OKTA_REAL_RATE_LIMIT: OktaRateLimit = {
  perWindow: { apps: 100, 'users-id': 600, users: 600, default: 1200 },
  windowMs: 60_000,
};

function whole(key: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`okta.${key}: expected a whole number of at least 1, got ${value}`);
  return value;
}

export const oktaRateLimits: RateLimitSettings<OktaRateLimit> = {
  real: OKTA_REAL_RATE_LIMIT,
  keys: {
    perMinute: {
      describe: 'requests per window for every endpoint family (Okta: 100 to 1,200 a minute)',
      apply: (limit, value) => {
        const each = whole('perMinute', value);
        return { ...limit, perWindow: { apps: each, 'users-id': each, users: each, default: each } };
      },
    },
    appsPerMinute: {
      describe: 'requests per window to /api/v1/apps* (Okta: 100 a minute)',
      apply: (limit, value) => ({
        ...limit,
        perWindow: { ...limit.perWindow, apps: whole('appsPerMinute', value) },
      }),
    },
    windowSeconds: {
      describe: 'length of the window in seconds (Okta: 60; shorter for benchmarks)',
      apply: (limit, value) => ({ ...limit, windowMs: whole('windowSeconds', value) * 1000 }),
    },
  },
  describe(limit) {
    const seconds = limit.windowMs / 1000;
    const per = seconds === 60 ? 'a minute' : `per ${seconds} s`;
    const buckets = Object.entries(limit.perWindow)
      .map(([bucket, count]) => `${bucket} ${count}`)
      .join(', ');
    return `per org and endpoint family, ${per}: ${buckets}; refusals 429 with X-Rate-Limit-Reset`;
  },
};
