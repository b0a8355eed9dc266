/**
 * The emulator's GitHub limit shape (scanners/github/emulator/rate-limit-settings.ts): the request
 * over the points-per-minute or the concurrency limit is refused, exactly that one, per token, the
 * documented way (403, the secondary-limit message, retry-after); the emulate settings; traffic().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type FaultRule,
  GITHUB_REAL_RATE_LIMIT,
  type GithubEmulator,
  type GithubRateLimit,
  githubRateLimits,
  startGithubEmulator,
} from '../../../scanners/github/emulator/index.js';
import { emulatedProvider } from '../../../scanners/github/emulator/provider.js';
import { githubEstate, TOKEN } from './emulator-estate.js';

const SECOND_TOKEN = 'ghp_emulatortesttoken0000000000000002';
const START = Date.parse('2026-11-26T09:00:00Z');
const SECONDARY_MESSAGE =
  /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./;

let emulator: GithubEmulator | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const close of closers.splice(0)) await close();
});

function shape(settings: Record<string, number>): GithubRateLimit {
  let limit = githubRateLimits.real;
  for (const [key, value] of Object.entries(settings))
    limit = githubRateLimits.keys[key]!.apply(limit, value);
  return limit;
}

async function start(
  limit: GithubRateLimit,
  clock?: { at: number },
  faults: FaultRule[] = [],
): Promise<GithubEmulator> {
  const { secondary, ...primary } = limit;
  emulator = await startGithubEmulator({
    estate: githubEstate(),
    rateLimit: primary,
    ...(secondary ? { secondaryRateLimit: secondary } : {}),
    moreTokens: [SECOND_TOKEN],
    faults,
    ...(clock ? { now: () => clock.at } : {}),
  });
  return emulator;
}

interface Reply {
  status: number;
  retryAfter: string | null;
  message: string;
}

async function call(
  target: GithubEmulator,
  token: string,
  method: string,
  path: string,
  init: { body?: unknown; signal?: AbortSignal } = {},
): Promise<Reply> {
  const response = await fetch(`${target.endpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  const message = text ? ((JSON.parse(text) as { message?: string }).message ?? '') : '';
  return { status: response.status, retryAfter: response.headers.get('retry-after'), message };
}

describe('GitHub emulator: the documented limit shape', () => {
  it('describes GitHub’s figures and applies each key on top of them', () => {
    expect(GITHUB_REAL_RATE_LIMIT).toEqual({
      limit: 5000,
      windowMs: 3_600_000,
      secondary: {
        maxConcurrent: 100,
        points: { rest: 900, graphql: 2000, windowMs: 60_000 },
        retryAfterSeconds: 60,
      },
    });
    expect(githubRateLimits.describe(githubRateLimits.real)).toBe(
      'per token: primary 5000 requests an hour (core and graphql each), at most 100 in flight, 900 REST and 2000 GraphQL points per minute; refusals 403 with retry-after',
    );
    expect(
      shape({
        perHour: 15000,
        windowSeconds: 10,
        pointsPerMinute: 50,
        graphqlPointsPerMinute: 7,
        concurrent: 3,
      }),
    ).toEqual({
      limit: 15000,
      windowMs: 10_000,
      secondary: {
        maxConcurrent: 3,
        points: { rest: 50, graphql: 7, windowMs: 60_000 },
        retryAfterSeconds: 60,
      },
    });
    expect(Object.keys(githubRateLimits.keys)).toEqual([
      'perHour',
      'windowSeconds',
      'pointsPerMinute',
      'graphqlPointsPerMinute',
      'concurrent',
    ]);
    expect(() => shape({ concurrent: 0 })).toThrow(
      'github.concurrent: expected a whole number of at least 1, got 0',
    );
    expect(() => shape({ perHour: 2.5 })).toThrow(
      'github.perHour: expected a whole number of at least 1, got 2.5',
    );
  });

  it('refuses exactly the REST request over the points of a minute, per token, until they leave the window', async () => {
    const clock = { at: START };
    const target = await start(shape({ pointsPerMinute: 5 }), clock);
    for (let i = 0; i < 3; i++) expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    clock.at = START + 10_000;
    for (let i = 0; i < 2; i++) expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    const over = await call(target, TOKEN, 'GET', '/orgs/acme');
    expect(over).toEqual({
      status: 403,
      retryAfter: '50',
      message: expect.stringMatching(SECONDARY_MESSAGE),
    });
    // The second token has its own minute: a GET (1 point) goes, a write (5 points) over 5 does not.
    expect((await call(target, SECOND_TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    const write = await call(target, SECOND_TOKEN, 'POST', '/orgs/acme/personal-access-tokens/701', {
      body: { action: 'revoke' },
    });
    expect(write).toEqual({
      status: 403,
      retryAfter: '60',
      message: expect.stringMatching(SECONDARY_MESSAGE),
    });
    // A refusal spends nothing: at 59.999 s the first three points are still in the window.
    clock.at = START + 59_999;
    expect((await call(target, TOKEN, 'GET', '/orgs/acme')).retryAfter).toBe('1');
    clock.at = START + 60_000;
    for (let i = 0; i < 3; i++) expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(403);
    expect(target.throttled).toEqual({ primary: 0, secondary: 4 });
    expect(target.requestLog.map((entry) => entry.throttled ?? '-')).toEqual([
      ...['-', '-', '-', '-', '-', 'secondary', '-', 'secondary', 'secondary', '-', '-', '-', 'secondary'],
    ]);
  });

  it('counts GraphQL points apart from REST: the query over its minute is refused, REST still answers', async () => {
    const clock = { at: START };
    const target = await start(shape({ graphqlPointsPerMinute: 2, pointsPerMinute: 2 }), clock);
    const query = { query: 'query { viewer { login } }' };
    expect((await call(target, TOKEN, 'POST', '/graphql', { body: query })).status).toBe(200);
    expect((await call(target, TOKEN, 'POST', '/graphql', { body: query })).status).toBe(200);
    const over = await call(target, TOKEN, 'POST', '/graphql', { body: query });
    expect(over).toEqual({
      status: 403,
      retryAfter: '60',
      message: expect.stringMatching(SECONDARY_MESSAGE),
    });
    expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    expect((await call(target, TOKEN, 'GET', '/orgs/acme')).status).toBe(403);
    expect(target.throttled).toEqual({ primary: 0, secondary: 2 });
  });

  it('refuses exactly the request over the concurrency limit, per token, and answers again once one ends', async () => {
    // Two requests held in flight by a hang fault on the installations route.
    const holding = await start(shape({ concurrent: 2 }), undefined, [
      { path: '/orgs/acme/installations', action: 'hang', times: 2 },
    ]);
    const held = new AbortController();
    const pending = [1, 2].map(() =>
      call(holding, TOKEN, 'GET', '/orgs/acme/installations', { signal: held.signal }).catch(() => 'aborted'),
    );
    await vi.waitFor(() => expect(holding.inFlight).toBe(2));
    expect(await call(holding, TOKEN, 'GET', '/orgs/acme')).toEqual({
      status: 403,
      retryAfter: '60',
      message: expect.stringMatching(SECONDARY_MESSAGE),
    });
    expect((await call(holding, SECOND_TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    held.abort();
    expect(await Promise.all(pending)).toEqual(['aborted', 'aborted']);
    await vi.waitFor(() => expect(holding.inFlight).toBe(0));
    expect((await call(holding, TOKEN, 'GET', '/orgs/acme')).status).toBe(200);
    expect(holding.requestLog.map((entry) => entry.throttled ?? entry.fault ?? entry.status)).toEqual([
      'hang',
      'hang',
      'secondary',
      200,
      200,
    ]);
  });

  it('counts secondary refusals in the provider’s traffic()', async () => {
    const estate = githubEstate();
    const started = await emulatedProvider.start(estate, {
      port: () => 0,
      latencyMs: 0,
      rateLimit: shape({ pointsPerMinute: 1 }),
    });
    closers.push(() => started.close());
    const endpoint = started.endpoints.github!;
    const get = () =>
      fetch(`${endpoint}/orgs/acme`, { headers: { authorization: `Bearer ${estate.token}` } });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(403);
    // byScope meters what was admitted: one request and one point of the token's budgets.
    expect(started.traffic()).toEqual({
      requests: 2,
      throttled: 1,
      byScope: {
        'primary:token1:core': { used: 1, perSecond: 5000 / 3600, burst: 5000 },
        'secondary:token1:rest': { used: 1, perSecond: 1 / 60, burst: 1 },
      },
    });
  });
});
