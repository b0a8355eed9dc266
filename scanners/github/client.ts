/**
 * The Octokit client of one scan (or of revoke/verify): @octokit/rest with plugin-throttling and
 * plugin-retry, a token or a GitHub App (@octokit/auth-app), the configured base URL (GHES, the
 * emulator), a per-attempt timeout and the request budget. The rate-limit pacer holds requests
 * back while GitHub's headers say the primary limit is spent; what is still refused is retried
 * by the throttling plugin only (a bounded number of times, within a bounded wait); 5xx and
 * network failures by the retry plugin.
 */

import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { timeoutSignal } from '../../src/core/request-timeout.js';
import { readSecretReference } from '../../src/core/secret-reference.js';
import { eitherSignal } from './abort-signals.js';
import { RequestBudget, requestBudgetPlugin } from './budget.js';
import type { RateLimitNote } from './errors.js';
import type { GithubOptions } from './options.js';
import { rateLimitPacer } from './rate-limit-pacer.js';
import type { RateLimitReport } from './rate-limit-window.js';
import { type GuardClock, SecondaryGuard, secondaryGuardPlugin } from './secondary-guard.js';

export type GithubClient = InstanceType<typeof Octokit>;

/** Statuses plugin-retry leaves alone: client errors, and rate limits (the throttling plugin's job). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

function authOptions(options: GithubOptions) {
  if ('token' in options.auth) return { auth: readSecretReference(options.auth.token, 'auth.token') };
  return {
    authStrategy: createAppAuth,
    auth: {
      appId: options.auth.appId,
      // A PEM kept in one environment line usually has its newlines escaped.
      privateKey: readSecretReference(options.auth.privateKey, 'auth.privateKey').replace(/\\n/g, '\n'),
      installationId: options.auth.installationId,
    },
  };
}

/** fetch with a timeout per attempt (src/core/request-timeout.ts); the caller's signal still applies. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = timeoutSignal(timeoutMs);
    const signal = init?.signal ? eitherSignal(init.signal, timeout) : timeout;
    return fetch(input, { ...init, signal });
  };
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface ClientSettings {
  /** Counts every request; the scan's budget, or an unlimited one for revoke and verify. */
  budget?: RequestBudget;
  /** Stop retrying rate limits, and stop waiting for a reset, once cancelled. */
  signal?: AbortSignal;
  /**
   * Only for a client that never writes (the scan): milliseconds between the starts of its GraphQL
   * queries. plugin-throttling otherwise spaces every POST /graphql one second apart, its advice
   * for mutations; GitHub's secondary limit for queries is 2,000 points a minute. Revoke and verify
   * leave it unset and keep the one-second spacing of writes.
   */
  graphqlIntervalMs?: number;
  /** Told when requests wait for a rate-limit reset. */
  progress?: (message: string) => void;
  /** Keeps the client under the secondary limits; one from `options.secondaryRateLimit` unless given. */
  guard?: SecondaryGuard;
  /** The guard's clock when it is made here (tests fix it). */
  clock?: GuardClock;
}

/**
 * The throttling plugin's `write` group for a client that only reads: it gates POST /graphql
 * (and would gate writes), one at a time, `intervalMs` apart.
 */
function readOnlyQueryGroup(intervalMs: number): Bottleneck.Group {
  return new Bottleneck.Group({ id: 'nhiscan-graphql-queries', maxConcurrent: 1, minTime: intervalMs });
}

function waitMessage(resource: string, report: RateLimitReport, waitMs: number): string {
  const limit = Number.isFinite(report.limit) ? ` of ${report.limit}` : '';
  return `github: ${resource} rate limit at ${report.remaining}${limit} requests; waiting ${Math.ceil(waitMs / 1000)} s for the reset at ${new Date(report.resetAt).toISOString()}`;
}

export function githubClient(options: GithubOptions, settings: ClientSettings = {}): GithubClient {
  const budget = settings.budget ?? new RequestBudget(Number.POSITIVE_INFINITY);
  // What the rate-limit handler decided, per call (the options object every hook layer shares).
  const notes = new WeakMap<object, RateLimitNote>();
  const onLimit = (retryAfter: number, call: object, retryCount: number): boolean => {
    notes.set(call, { retries: retryCount, retryAfter });
    return (
      retryCount < options.rateLimitRetries &&
      retryAfter <= options.maxRateLimitWaitSeconds &&
      !budget.exhausted &&
      !settings.signal?.aborted
    );
  };
  // Innermost first: the secondary guard sees each attempt as it is sent, the budget counts every
  // attempt (a spent budget refuses before any wait); the pacer sits outside the throttler.
  const pacer = rateLimitPacer({
    maxWaitMs: options.maxRateLimitWaitSeconds * 1000,
    refusesAnyway: () => budget.exhausted,
    onWait: (resource, report, waitMs) => settings.progress?.(waitMessage(resource, report, waitMs)),
    signal: settings.signal,
  });
  const guard =
    settings.guard ??
    new SecondaryGuard(options.secondaryRateLimit, settings.clock ? { clock: settings.clock } : {});
  const Client = Octokit.plugin(
    secondaryGuardPlugin(guard, settings.signal),
    requestBudgetPlugin(budget),
    throttling,
    pacer,
    retry,
  );
  const client = new Client({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'nhiscan',
    ...authOptions(options),
    log: silent,
    request: { fetch: fetchWithTimeout(options.requestTimeoutSeconds * 1000) },
    retry: { doNotRetry: DO_NOT_RETRY },
    throttle: {
      onRateLimit: (retryAfter: number, call: object, _octokit: unknown, retryCount: number) =>
        onLimit(retryAfter, call, retryCount),
      onSecondaryRateLimit: (retryAfter: number, call: object, _octokit: unknown, retryCount: number) =>
        onLimit(retryAfter, call, retryCount),
      // plugin-throttling's own `global` group is one per process with at most 10 requests in
      // flight for every client together; this client's limit is the guard's (per token). The
      // plugin reads `global` from these options like `write`, but does not type it.
      ...({ global: new Bottleneck.Group({ id: 'nhiscan-requests' }) } as object),
      ...(settings.graphqlIntervalMs === undefined
        ? {}
        : { write: readOnlyQueryGroup(settings.graphqlIntervalMs) }),
    },
  });
  // Outermost (registered after the plugins): a call that finally failed carries the last decision.
  client.hook.error('request', (error, call) => {
    const note = notes.get(call);
    if (note && typeof error === 'object' && error !== null) Object.assign(error, { rateLimit: note });
    throw error;
  });
  return client;
}
