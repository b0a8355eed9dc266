/**
 * GitHub's secondary rate limits for one token, as documented
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits):
 * at most `maxConcurrent` requests in flight, and at most `points.rest` / `points.graphql` points
 * within any `points.windowMs` (a sliding window). The test knobs `everyNth` and `burst` refuse
 * by count. A refused request spends no points.
 */
import type { SecondaryRateLimitOptions } from './types.js';

export type PointsApi = 'rest' | 'graphql';

/** What one request is, for the secondary limits. */
export interface SecondaryRequest {
  api: PointsApi;
  points: number;
  /** The token's requests in flight, this one included. */
  inFlight: number;
}

export interface SecondaryRefusal {
  why: 'concurrent' | 'points' | 'every-nth' | 'burst';
  retryAfterSeconds: number;
}

export interface SecondaryLimiter {
  /** Admits the request (spending its points) or says why it is refused. */
  check(request: SecondaryRequest): SecondaryRefusal | undefined;
  readonly status: 403 | 429;
}

const MINUTE_MS = 60_000;

/**
 * GitHub's documented point costs: GraphQL queries 1 and mutations 5; REST GET, HEAD and OPTIONS
 * 1, other methods 5.
 */
export function requestPoints(method: string, graphqlDocument: string | undefined): number {
  if (graphqlDocument !== undefined) return /^\s*mutation\b/.test(graphqlDocument) ? 5 : 1;
  return ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 1 : 5;
}

/** A sliding window of spent points; `spent` entries are in time order. */
class PointsWindow {
  private readonly spent: { at: number; points: number }[] = [];
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Spends `points` at `at`, or answers the seconds until they would fit. */
  take(at: number, points: number): number | undefined {
    while (this.spent.length > 0 && this.spent[0]!.at <= at - this.windowMs) {
      this.total -= this.spent.shift()!.points;
    }
    if (this.total + points <= this.limit) {
      this.spent.push({ at, points });
      this.total += points;
      return undefined;
    }
    let freed = 0;
    for (const entry of this.spent) {
      freed += entry.points;
      if (this.total - freed + points <= this.limit)
        return Math.max(1, Math.ceil((entry.at + this.windowMs - at) / 1000));
    }
    // More points than the whole window holds: never admitted; ask for a full window.
    return Math.ceil(this.windowMs / 1000);
  }
}

export function secondaryLimiter(
  options: SecondaryRateLimitOptions,
  now: () => number = Date.now,
): SecondaryLimiter {
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const windowMs = options.points?.windowMs ?? MINUTE_MS;
  const points = options.points
    ? {
        rest: new PointsWindow(options.points.rest, windowMs),
        graphql: new PointsWindow(options.points.graphql, windowMs),
      }
    : undefined;
  let seen = 0;
  const admitted: number[] = [];
  return {
    status: options.status ?? 403,
    check(request) {
      seen += 1;
      if (options.everyNth && seen % options.everyNth === 0) return { why: 'every-nth', retryAfterSeconds };
      if (options.maxConcurrent && request.inFlight > options.maxConcurrent)
        return { why: 'concurrent', retryAfterSeconds };
      const at = now();
      if (options.burst) {
        while (admitted.length > 0 && admitted[0]! <= at - options.burst.windowMs) admitted.shift();
        if (admitted.length >= options.burst.max) return { why: 'burst', retryAfterSeconds };
      }
      const wait = points?.[request.api].take(at, request.points);
      if (wait !== undefined) return { why: 'points', retryAfterSeconds: wait };
      if (options.burst) admitted.push(at);
      return undefined;
    },
  };
}
