/**
 * The Graph emulator's `nhiscan emulate --rate-limit` settings (src/emulate/emulated-provider.ts):
 * `real` is Graph's documented identity-and-access throttling (throttle.ts); each key changes one
 * figure of it. Source: https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';
import { GRAPH_IDENTITY_LIMITS, type GraphThrottleLimit } from './throttle.js';
import { type GraphRateLimit, isGraphThrottleLimit } from './types.js';

/** A key applies on top of Graph's shape; a plain request-count bucket is replaced by `real`. */
const onGraphShape = (limit: GraphRateLimit): GraphThrottleLimit =>
  isGraphThrottleLimit(limit) ? limit : GRAPH_IDENTITY_LIMITS;

const count = (value: number) => value.toLocaleString('en-US');

export const graphRateLimits: RateLimitSettings<GraphRateLimit> = {
  real: GRAPH_IDENTITY_LIMITS,
  keys: {
    resourceUnits: {
      describe:
        'resource units per app and tenant per window, for every tenant size (Graph: 3,500 / 5,000 / 8,000 per 10 s by size)',
      apply: (limit, value) => ({
        ...onGraphShape(limit),
        resourceUnits: { small: value, medium: value, large: value },
      }),
    },
    windowSeconds: {
      describe: 'the window of the per-app-and-tenant resource units, in seconds (Graph: 10)',
      apply: (limit, value) => ({ ...onGraphShape(limit), windowSeconds: value }),
    },
    appResourceUnits: {
      describe: 'resource units per app across all tenants per 20 s (Graph: 150,000)',
      apply: (limit, value) => ({
        ...onGraphShape(limit),
        appResourceUnits: { ...onGraphShape(limit).appResourceUnits, amount: value },
      }),
    },
    writes: {
      describe: 'writes per app and tenant per 150 s (Graph: 3,000)',
      apply: (limit, value) => ({
        ...onGraphShape(limit),
        writes: { ...onGraphShape(limit).writes, amount: value },
      }),
    },
  },
  describe(limit) {
    if (!isGraphThrottleLimit(limit))
      return `token bucket ${count(limit.requestsPerSecond)} requests/s, burst ${count(limit.burst)}, per tenant, 429 + Retry-After`;
    const { small, medium, large } = limit.resourceUnits;
    const pair =
      small === medium && medium === large
        ? `${count(small)}`
        : `${count(small)} (under 50 users) / ${count(medium)} (50–500) / ${count(large)} (over 500)`;
    return (
      `resource units per app and tenant: ${pair} per ${count(limit.windowSeconds)} s; ` +
      `${count(limit.appResourceUnits.amount)} per ${count(limit.appResourceUnits.windowSeconds)} s per app across tenants; ` +
      `writes ${count(limit.writes.amount)} per ${count(limit.writes.windowSeconds)} s per app and tenant; 429 + Retry-After`
    );
  },
};
