/**
 * Keeps one client (one token) under GitHub's secondary rate limits instead of learning them from
 * refusals: an Octokit plugin, registered innermost so that it sees every attempt as it is sent,
 * that lets at most `concurrent` requests be in flight and spends at most `pointsPerMinute` REST
 * and `graphqlPointsPerMinute` GraphQL points in any window of a minute plus `marginMs` (GitHub's
 * costs: GET/HEAD/OPTIONS and GraphQL queries 1 point, other methods and mutations 5).
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 *
 * Invariant: a request is sent only once its points fit the window and a slot is free; requests of
 * one API are admitted in the order they asked. The margin covers the time between the client
 * sending a request and GitHub counting it, so that GitHub's window never holds more than ours.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Octokit } from '@octokit/core';
import { eitherSignal } from './abort-signals.js';
import { rateLimitResource } from './rate-limit-pacer.js';

export interface SecondaryLimits {
  /** Requests in flight at once, REST and GraphQL together (GitHub: 100). */
  concurrent: number;
  /** REST points per minute (GitHub: 900). */
  pointsPerMinute: number;
  /** GraphQL points per minute (GitHub: 2,000). */
  graphqlPointsPerMinute: number;
}

export interface GuardClock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

export const SYSTEM_CLOCK: GuardClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, signal ? { signal } : {}),
};

const MINUTE_MS = 60_000;

/** GitHub's secondary-limit cost of one request. */
export function requestCost(
  method: string,
  url: string,
  query: unknown,
): { api: 'rest' | 'graphql'; points: number } {
  if (rateLimitResource(method, url) === 'graphql')
    return { api: 'graphql', points: typeof query === 'string' && /^\s*mutation\b/.test(query) ? 5 : 1 };
  return { api: 'rest', points: ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 1 : 5 };
}

/** Points spent within a sliding window, oldest first. */
class SpentPoints {
  private readonly spent: { at: number; points: number }[] = [];
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `points` fit at `now` (0: they fit now). */
  waitFor(now: number, points: number): number {
    while (this.spent.length > 0 && this.spent[0]!.at <= now - this.windowMs)
      this.total -= this.spent.shift()!.points;
    let total = this.total;
    for (const entry of [{ at: now - this.windowMs, points: 0 }, ...this.spent]) {
      total -= entry.points;
      if (total + points <= this.limit) return Math.max(0, entry.at + this.windowMs - now);
    }
    // More than a whole window holds: wait for it to empty, then go (GitHub decides).
    return this.spent.length === 0 ? 0 : this.spent.at(-1)!.at + this.windowMs - now;
  }

  spend(now: number, points: number): void {
    this.spent.push({ at: now, points });
    this.total += points;
  }
}

export interface GuardSettings {
  clock?: GuardClock;
  /** Added to the minute; default 1,000 ms. */
  marginMs?: number;
}

/** The guard's state, shared by the Octokit plugin and whoever observes it (tests, progress). */
export class SecondaryGuard {
  inFlight = 0;
  /** Most requests ever in flight at once. */
  peakInFlight = 0;
  private readonly windows: Record<'rest' | 'graphql', SpentPoints>;
  private readonly turns: Record<'rest' | 'graphql', Promise<void>> = {
    rest: Promise.resolve(),
    graphql: Promise.resolve(),
  };
  private readonly slotWaiters = new Set<() => void>();
  private readonly clock: GuardClock;

  constructor(
    private readonly limits: SecondaryLimits,
    settings: GuardSettings = {},
  ) {
    this.clock = settings.clock ?? SYSTEM_CLOCK;
    const windowMs = MINUTE_MS + (settings.marginMs ?? 1000);
    this.windows = {
      rest: new SpentPoints(limits.pointsPerMinute, windowMs),
      graphql: new SpentPoints(limits.graphqlPointsPerMinute, windowMs),
    };
  }

  /** Resolves when the request may be sent (its points spent, its slot taken); call `release` after. */
  admit(api: 'rest' | 'graphql', points: number, signal: AbortSignal | undefined): Promise<void> {
    const turn = this.turns[api].then(() => this.wait(api, points, signal));
    // The next request of this API waits for this one's admission, whatever its outcome.
    this.turns[api] = turn.catch(() => {});
    return turn;
  }

  release(): void {
    this.inFlight -= 1;
    for (const wake of [...this.slotWaiters]) wake();
  }

  private async wait(
    api: 'rest' | 'graphql',
    points: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const window = this.windows[api];
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = window.waitFor(this.clock.now(), points);
      if (waitMs > 0) {
        await this.clock.sleep(waitMs, signal);
        continue;
      }
      if (this.inFlight >= this.limits.concurrent) {
        await this.slotFreed(signal);
        continue;
      }
      window.spend(this.clock.now(), points);
      this.inFlight += 1;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      return;
    }
  }

  private slotFreed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const aborted = () => {
        this.slotWaiters.delete(wake);
        reject(signal?.reason);
      };
      const wake = () => {
        this.slotWaiters.delete(wake);
        signal?.removeEventListener('abort', aborted);
        resolve();
      };
      this.slotWaiters.add(wake);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}

/** The Octokit plugin: every attempt waits for `guard` before it is sent, and frees its slot after. */
export function secondaryGuardPlugin(guard: SecondaryGuard, scanSignal?: AbortSignal) {
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const { api, points } = requestCost(
        options.method,
        options.url,
        (options as { query?: unknown }).query,
      );
      const own = options.request?.signal;
      const signal =
        scanSignal && own && scanSignal !== own ? eitherSignal(scanSignal, own) : (own ?? scanSignal);
      await guard.admit(api, points, signal);
      try {
        return await request(options);
      } finally {
        guard.release();
      }
    });
  };
}
