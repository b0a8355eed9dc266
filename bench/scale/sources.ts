/**
 * The scale bench's source configuration: what an operator would configure for each emulated
 * source, given the emulators' rate limits.
 */
import type { EmulatorRateLimits } from '../../src/emulate/start-emulators.js';

type Source = Record<string, unknown>;

/**
 * The provider's limit, paced a little under (95%) where the provider publishes none in its
 * answers; GitHub's scanner reads x-ratelimit-* and keeps its secondary guard at the emulator's
 * points.
 */
export function operatorSource(source: Source, scaled: EmulatorRateLimits): Source {
  const type = source.type as string;
  switch (type) {
    case 'github': {
      const points = scaled.github?.secondary?.points;
      return {
        ...source,
        requestBudget: 10_000_000,
        maxRateLimitWaitSeconds: 600,
        ...(points
          ? { secondaryRateLimit: { pointsPerMinute: points.rest, graphqlPointsPerMinute: points.graphql } }
          : {}),
      };
    }
    case 'azure': {
      const graph = scaled.azure;
      const units =
        graph && 'resourceUnits' in graph ? (graph.resourceUnits.large * 10) / graph.windowSeconds : 0;
      return units > 0 ? { ...source, resourceUnitsPer10s: Math.floor(units * 0.95) } : source;
    }
    case 'gcp': {
      const quotas = scaled.gcp;
      if (!quotas || !('iam' in quotas)) return source;
      return {
        ...source,
        requestsPerSecond: Math.floor((quotas.iam.readsPerMinute / 60) * 0.95),
        quotaProjectRequestsPerSecond:
          (Math.min(quotas.cloudresourcemanager.readsPerMinute, quotas.policyanalyzer.readsPerMinute) / 60) *
          0.95,
      };
    }
    case 'aws': {
      const aws = scaled.aws;
      return aws
        ? {
            ...source,
            requestsPerSecond: aws.requestsPerSecond * 0.95,
            requestsBurst: Math.max(1, Math.floor(aws.burst * 0.95)),
          }
        : source;
    }
    // GitLab and Okta send their budget in every answer (RateLimit-*, X-Rate-Limit-*), which their
    // scanners follow; Kubernetes limits requests in flight, and its scanner sends one at a time.
    default:
      return source;
  }
}
