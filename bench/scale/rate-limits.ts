/**
 * The rate limits the scale benchmark's emulators enforce: each shaped like the provider's own,
 * scaled up so that a 100,000-credential scan takes minutes instead of hours. docs/performance.md
 * lists the real figures next to these.
 *
 * - AWS IAM throttles each account's control-plane calls with a token bucket (a few tens of
 *   requests per second in practice; AWS does not publish the figure) and answers `Throttling`.
 * - GitHub gives a token a primary budget per hour (5,000; 15,000 for a GitHub App on Enterprise
 *   Cloud) reported in `x-ratelimit-*` headers, then refuses with 403 until `x-ratelimit-reset`.
 *   Here the hour is a short window.
 * - GCP IAM enforces per-minute quotas per project (e.g. 6,000 reads a minute) and answers 429
 *   RESOURCE_EXHAUSTED: a token bucket with a burst.
 * - Microsoft Graph throttles per app and tenant and answers 429 with Retry-After: a token bucket.
 *
 * The scale-up differs by provider (GitHub's hourly budget is by far the tightest): about 30x for
 * GitHub, 3x for GCP, and for AWS and Graph a rate in the range their throttling starts at.
 *
 * Every figure can be changed with an environment variable (RATE_AWS, RATE_GITHUB, RATE_GCP,
 * RATE_AZURE in requests per second; GITHUB_WINDOW_S for the GitHub window).
 */
import type { EmulatorRateLimits } from '../../src/emulate/start-emulators.js';

const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`${name}: expected a positive number, got ${value}`);
  return parsed;
};

export interface BenchRateLimits {
  /** Requests per second each provider sustains: the lower bound of a scan is requests ÷ this. */
  rate: Record<'aws' | 'github' | 'gcp' | 'azure', number>;
  emulator: EmulatorRateLimits;
  describe: Record<'aws' | 'github' | 'gcp' | 'azure', string>;
}

export function benchRateLimits(): BenchRateLimits {
  const aws = number('RATE_AWS', 300);
  const gcp = number('RATE_GCP', 300);
  const azure = number('RATE_AZURE', 300);
  const github = number('RATE_GITHUB', 40);
  const githubWindowSeconds = number('GITHUB_WINDOW_S', 10);
  const githubBudget = Math.round(github * githubWindowSeconds);
  return {
    rate: { aws, github, gcp, azure },
    emulator: {
      aws: { requestsPerSecond: aws, burst: Math.round(aws / 5) },
      gcp: { requestsPerSecond: gcp, burst: Math.round(gcp / 5) },
      azure: { requestsPerSecond: azure, burst: Math.round(azure / 5) },
      github: { limit: githubBudget, windowMs: githubWindowSeconds * 1000 },
    },
    describe: {
      aws: `token bucket ${aws}/s, burst ${Math.round(aws / 5)} (IAM: tens/s per account, unpublished)`,
      github: `primary budget ${githubBudget} per ${githubWindowSeconds} s window, x-ratelimit-* headers (GitHub: 5,000 an hour, 1.4/s)`,
      gcp: `token bucket ${gcp}/s, burst ${Math.round(gcp / 5)}, 429 RESOURCE_EXHAUSTED (IAM: 6,000 reads a minute, 100/s)`,
      azure: `token bucket ${azure}/s, burst ${Math.round(azure / 5)}, 429 + Retry-After (Graph: per app and tenant)`,
    },
  };
}
