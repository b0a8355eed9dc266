/**
 * The Octokit client of one scan (or of revoke/verify): @octokit/rest with plugin-throttling and
 * plugin-retry, a token or a GitHub App (@octokit/auth-app), the configured base URL (GHES, the
 * emulator), a per-attempt timeout and the request budget. Rate limits are retried by the
 * throttling plugin only (a bounded number of times, within a bounded wait); 5xx and network
 * failures by the retry plugin.
 */
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { readSecretReference } from '../../src/config/secret-reference.js';
import { RequestBudget, requestBudgetPlugin } from './budget.js';
import type { RateLimitNote } from './errors.js';
import type { GithubOptions } from './options.js';

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

/** Either signal aborts it (AbortSignal.any arrived in Node 20.3; engines allow 20.0). */
function eitherSignal(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([first, second]);
  const controller = new AbortController();
  for (const signal of [first, second]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** fetch with a timeout per attempt; the caller's signal (cancellation) still applies. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? eitherSignal(init.signal, timeout) : timeout;
    return fetch(input, { ...init, signal });
  };
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface ClientSettings {
  /** Counts every request; the scan's budget, or an unlimited one for revoke and verify. */
  budget?: RequestBudget;
  /** Stop retrying rate limits once cancelled. */
  signal?: AbortSignal;
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
  const Client = Octokit.plugin(requestBudgetPlugin(budget), throttling, retry);
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
