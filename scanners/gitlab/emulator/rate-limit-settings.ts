/**
 * GitLab's documented rate limit for authenticated API traffic, and the
 * `nhiscan emulate --rate-limit gitlab.<key>=N` keys that change it (README.md "Rate limits" cites
 * the sources): on GitLab.com 2,000 requests a minute per user; on self-managed, off by default and
 * 7,200 requests per hour (120 a minute) once an administrator turns it on.
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';
import type { GitlabRateLimit } from './types.js';

export const GITLAB_REAL_RATE_LIMIT: GitlabRateLimit = { perMinute: 2000 };

export const gitlabRateLimits: RateLimitSettings<GitlabRateLimit> = {
  real: GITLAB_REAL_RATE_LIMIT,
  keys: {
    perMinute: {
      describe:
        'authenticated API requests per minute and user (GitLab.com: 2,000; self-managed: 120 when on)',
      apply: (_limit, value) => {
        if (!Number.isInteger(value) || value < 1)
          throw new Error(`gitlab.perMinute: expected a whole number of at least 1, got ${value}`);
        return { perMinute: value };
      },
    },
  },
  describe: (limit) =>
    `per user: ${limit.perMinute} API requests a minute (token bucket); refusals 429 with Retry-After`,
};
