/**
 * The rate limits the scale benchmark's emulators enforce, written as a `nhiscan emulate
 * --rate-limit` spec (src/emulate/rate-limit-spec.ts), so the bench runs against the same shapes
 * a user can serve: each provider's documented limit, scoped as the provider scopes it.
 *
 * - AWS: `real`: 20 requests/s, burst 20, per account and service (IAM publishes no figure; see
 *   scanners/aws/emulator/README.md).
 * - GCP: `real`: IAM 6,000 reads a minute per project; Resource Manager and Policy Analyzer 600 a
 *   minute per quota project.
 * - Graph: `real`: resource units per app and tenant (8,000 per 10 s for a tenant over 500 users).
 * - GitLab: `real`: 2,000 requests a minute per user (GitLab.com's authenticated API limit).
 * - Okta: its documented per-endpoint budgets (X-Rate-Limit-*; scanners/okta/emulator/README.md)
 *   with the minute compressed to 6 s (10×): /api/v1/apps* allows 100 a minute, and the
 *   4,000-credential org of the 100,000 estate asks it about 3,500 times (secrets and keys per
 *   app), 35 minutes at the real rate.
 * - Kubernetes: `real`: 245 requests in flight per cluster (API Priority and Fairness seats).
 * - GitHub: the one provider scaled: its documented shape (a primary budget per token and hour,
 *   secondary points per minute, 100 in flight) with the hour compressed to a 10 s window of 400
 *   requests (40/s, 29× GitHub's 1.4/s), so a 100,000-credential scan takes minutes instead of
 *   hours; the secondary points are scaled by the same factor (GitHub's 900 REST points a minute is
 *   10.8× its primary rate, so 432/s here).
 *
 * RATE_LIMIT replaces the whole spec (e.g. RATE_LIMIT=real for GitHub's unscaled hour).
 */
import { describeRateLimits, parseRateLimitSpec } from '../../src/emulate/rate-limit-spec.js';
import type { EmulatorRateLimits } from '../../src/emulate/start-emulators.js';

const GITHUB_WINDOW_SECONDS = 10;
/** Okta's one-minute window, compressed 10× (see above). */
const OKTA_WINDOW_SECONDS = 6;
const GITHUB_PER_SECOND = 40;
/** GitHub's secondary REST points a minute ÷ its primary requests a minute (900 ÷ 83.3). */
const GITHUB_SECONDARY_FACTOR = 900 / (5000 / 60);

export const DEFAULT_SCALE_RATE_LIMIT = [
  'real',
  `github.windowSeconds=${GITHUB_WINDOW_SECONDS}`,
  `github.perHour=${GITHUB_PER_SECOND * GITHUB_WINDOW_SECONDS}`,
  `github.pointsPerMinute=${Math.round(GITHUB_PER_SECOND * GITHUB_SECONDARY_FACTOR * 60)}`,
  `github.graphqlPointsPerMinute=${Math.round(GITHUB_PER_SECOND * GITHUB_SECONDARY_FACTOR * 60 * (2000 / 900))}`,
  `okta.windowSeconds=${OKTA_WINDOW_SECONDS}`,
].join(',');

export interface BenchRateLimits {
  spec: string;
  emulator: EmulatorRateLimits;
  /** One line per provider: the limit and its scope. */
  describe: string[];
}

export function benchRateLimits(): BenchRateLimits {
  const spec = process.env.RATE_LIMIT ?? DEFAULT_SCALE_RATE_LIMIT;
  const emulator = parseRateLimitSpec(spec);
  return { spec, emulator, describe: describeRateLimits(emulator) };
}
