/**
 * GitHub's documented limit shape per token, and the `nhiscan emulate --rate-limit github.<key>=N`
 * keys that change it (README.md "Rate limits" cites the sources):
 * - primary: 5,000 requests an hour per token and resource (`core`, `graphql`); 15,000 for a
 *   GitHub App owned by a GitHub Enterprise Cloud organization;
 * - secondary: at most 100 requests in flight, 900 points a minute for REST and 2,000 for GraphQL.
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';
import type { GithubRateLimit, SecondaryRateLimitOptions } from './types.js';

/** GitHub's figures, as documented. */
export const GITHUB_REAL_RATE_LIMIT: GithubRateLimit = {
  limit: 5000,
  windowMs: 3_600_000,
  secondary: {
    maxConcurrent: 100,
    points: { rest: 900, graphql: 2000, windowMs: 60_000 },
    // GitHub: without a retry-after to go by, wait at least a minute.
    retryAfterSeconds: 60,
  },
};

function whole(key: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`github.${key}: expected a whole number of at least ${minimum}, got ${value}`);
  return value;
}

function withSecondary(limit: GithubRateLimit, change: SecondaryRateLimitOptions): GithubRateLimit {
  return { ...limit, secondary: { ...limit.secondary, ...change } };
}

function pointsOf(limit: GithubRateLimit) {
  return limit.secondary?.points ?? { rest: Number.POSITIVE_INFINITY, graphql: Number.POSITIVE_INFINITY };
}

export const githubRateLimits: RateLimitSettings<GithubRateLimit> = {
  real: GITHUB_REAL_RATE_LIMIT,
  keys: {
    perHour: {
      describe:
        'primary budget per token, resource and window (GitHub: 5,000; 15,000 for an App on Enterprise Cloud)',
      apply: (limit, value) => ({ ...limit, limit: whole('perHour', value, 1) }),
    },
    windowSeconds: {
      describe: 'length of the primary window in seconds (GitHub: 3600; shorter for benchmarks)',
      apply: (limit, value) => ({ ...limit, windowMs: whole('windowSeconds', value, 1) * 1000 }),
    },
    pointsPerMinute: {
      describe: 'secondary REST points per minute and token (GitHub: 900; GET 1 point, other methods 5)',
      apply: (limit, value) =>
        withSecondary(limit, { points: { ...pointsOf(limit), rest: whole('pointsPerMinute', value, 1) } }),
    },
    graphqlPointsPerMinute: {
      describe:
        'secondary GraphQL points per minute and token (GitHub: 2,000; a query 1 point, a mutation 5)',
      apply: (limit, value) =>
        withSecondary(limit, {
          points: { ...pointsOf(limit), graphql: whole('graphqlPointsPerMinute', value, 1) },
        }),
    },
    concurrent: {
      describe: 'secondary limit on requests in flight per token, REST and GraphQL together (GitHub: 100)',
      apply: (limit, value) => withSecondary(limit, { maxConcurrent: whole('concurrent', value, 1) }),
    },
  },
  describe(limit) {
    const secondary = limit.secondary;
    const hour = limit.windowMs ?? 3_600_000;
    const window = hour === 3_600_000 ? 'an hour' : `per ${hour / 1000} s window`;
    const parts = [`per token: primary ${limit.limit} requests ${window} (core and graphql each)`];
    if (secondary?.maxConcurrent) parts.push(`at most ${secondary.maxConcurrent} in flight`);
    if (secondary?.points) {
      const seconds = (secondary.points.windowMs ?? 60_000) / 1000;
      parts.push(
        `${secondary.points.rest} REST and ${secondary.points.graphql} GraphQL points per ${seconds === 60 ? 'minute' : `${seconds} s`}`,
      );
    }
    return `${parts.join(', ')}; refusals 403 with retry-after`;
  },
};
