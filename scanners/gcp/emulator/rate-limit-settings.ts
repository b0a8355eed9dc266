/**
 * The GCP emulator's `rateLimits` (src/emulate/emulated-provider.ts): Google's documented per-minute
 * quotas as `real`, and the `nhiscan emulate --rate-limit gcp.<key>=<number>` keys that change one
 * figure. README "Rate limits" cites the sources.
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';
import { type GcpQuotas, type GcpRateLimit, isLegacyLimit, REAL_GCP_QUOTAS } from './quotas.js';

/** A legacy single bucket has no per-API figures: a key applies on top of the real quotas. */
const quotasOf = (limit: GcpRateLimit): GcpQuotas => (isLegacyLimit(limit) ? REAL_GCP_QUOTAS : limit);

const setting = (describe: string, apply: (quotas: GcpQuotas, value: number) => GcpQuotas) => ({
  describe,
  apply: (limit: GcpRateLimit, value: number): GcpRateLimit => apply(quotasOf(limit), value),
});

const count = (value: number) => value.toLocaleString('en');

export const GCP_RATE_LIMITS: RateLimitSettings<GcpRateLimit> = {
  real: REAL_GCP_QUOTAS,
  keys: {
    readsPerMinute: setting('IAM read requests per minute per project (6,000)', (quotas, value) => ({
      ...quotas,
      iam: { ...quotas.iam, readsPerMinute: value },
    })),
    writesPerMinute: setting('IAM write requests per minute per project (600)', (quotas, value) => ({
      ...quotas,
      iam: { ...quotas.iam, writesPerMinute: value },
    })),
    resourceManagerReadsPerMinute: setting(
      'Resource Manager read requests per minute per quota project (600)',
      (quotas, value) => ({
        ...quotas,
        cloudresourcemanager: { ...quotas.cloudresourcemanager, readsPerMinute: value },
      }),
    ),
    resourceManagerWritesPerMinute: setting(
      'Resource Manager write requests per minute per quota project (600)',
      (quotas, value) => ({
        ...quotas,
        cloudresourcemanager: { ...quotas.cloudresourcemanager, writesPerMinute: value },
      }),
    ),
    policyAnalyzerReadsPerMinute: setting(
      'Policy Analyzer activity queries per minute per quota project (600, assumed)',
      (quotas, value) => ({ ...quotas, policyanalyzer: { readsPerMinute: value } }),
    ),
    burstSeconds: setting('seconds of quota a bucket holds, so may arrive at once (60)', (quotas, value) => ({
      ...quotas,
      burstSeconds: value,
    })),
  },
  describe(limit) {
    if (isLegacyLimit(limit))
      return `one token bucket for every request, ${limit.requestsPerSecond}/s, burst ${limit.burst}, 429 RESOURCE_EXHAUSTED`;
    const { iam, cloudresourcemanager, policyanalyzer, burstSeconds } = limit;
    return `per minute, IAM ${count(iam.readsPerMinute)} reads and ${count(iam.writesPerMinute)} writes per project; Resource Manager ${count(cloudresourcemanager.readsPerMinute)} reads and ${count(cloudresourcemanager.writesPerMinute)} writes and Policy Analyzer ${count(policyanalyzer.readsPerMinute)} reads per quota project; up to ${count(burstSeconds)} s of quota at once; 429 RESOURCE_EXHAUSTED`;
  },
};
