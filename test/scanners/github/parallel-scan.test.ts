/**
 * Organizations read in parallel within GitHub's secondary limits: the client-side guard
 * (scanners/github/secondary-guard.ts) on its own with a fixed clock, then whole scans against the
 * emulator: two organizations at once (shown by the order of their requests), and 0 throttled
 * answers at GitHub's documented shape and at a small one that binds (a virtual clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  GITHUB_REAL_RATE_LIMIT,
  type GithubEmulator,
  type GithubEmulatorOptions,
  startGithubEmulator,
} from '../../../scanners/github/emulator/index.js';
import { listGithub } from '../../../scanners/github/index.js';
import { githubOptionsSchema } from '../../../scanners/github/options.js';
import { type GuardClock, requestCost, SecondaryGuard } from '../../../scanners/github/secondary-guard.js';
import type { Credential } from '../../../src/core/model.js';
import { TOKEN, TOKEN_ENV, twoOrgEstate } from './estate.js';
import { credentialLine, list } from './run-scanner.js';

/** A clock whose sleeps advance it at once, recording each wait. */
function virtualClock(start: number): GuardClock & { at: number; sleeps: number[] } {
  const clock = {
    at: start,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('the secondary guard', () => {
  it('costs requests as GitHub documents: GET and queries 1 point, other methods and mutations 5', () => {
    expect(requestCost('GET', '/orgs/acme/repos', undefined)).toEqual({ api: 'rest', points: 1 });
    expect(requestCost('POST', '/orgs/acme/personal-access-tokens/1', undefined)).toEqual({
      api: 'rest',
      points: 5,
    });
    expect(requestCost('DELETE', '/repos/acme/api/keys/1', undefined)).toEqual({ api: 'rest', points: 5 });
    expect(requestCost('POST', '/graphql', 'query { viewer { login } }')).toEqual({
      api: 'graphql',
      points: 1,
    });
    expect(requestCost('POST', '/api/graphql', ' mutation { x }')).toEqual({ api: 'graphql', points: 5 });
  });

  it('lets at most `concurrent` requests be in flight and the next go when one ends', async () => {
    const guard = new SecondaryGuard(
      { concurrent: 2, pointsPerMinute: 900, graphqlPointsPerMinute: 2000 },
      { clock: virtualClock(0) },
    );
    const admitted: number[] = [];
    const admissions = [1, 2, 3].map((n) => guard.admit('rest', 1, undefined).then(() => admitted.push(n)));
    await Promise.all(admissions.slice(0, 2));
    await flushed();
    expect(admitted).toEqual([1, 2]);
    expect(guard.inFlight).toBe(2);
    guard.release();
    await admissions[2];
    expect(admitted).toEqual([1, 2, 3]);
    expect(guard.peakInFlight).toBe(2);
  });

  it('waits for points to leave the minute (plus the margin), REST and GraphQL apart', async () => {
    const clock = virtualClock(1_000_000);
    const guard = new SecondaryGuard(
      { concurrent: 100, pointsPerMinute: 6, graphqlPointsPerMinute: 1 },
      { clock, marginMs: 1000 },
    );
    for (const points of [1, 5]) await guard.admit('rest', points, undefined);
    await guard.admit('graphql', 1, undefined);
    expect(clock.sleeps).toEqual([]);
    await guard.admit('rest', 1, undefined);
    expect(clock.sleeps).toEqual([61_000]);
    await guard.admit('graphql', 1, undefined);
    // The query spent at the start left the window when the REST wait moved the clock on.
    expect(clock.sleeps).toEqual([61_000]);
    await guard.admit('graphql', 1, undefined);
    expect(clock.sleeps).toEqual([61_000, 61_000]);
  });

  it('gives up a wait when cancelled', async () => {
    const guard = new SecondaryGuard({ concurrent: 1, pointsPerMinute: 900, graphqlPointsPerMinute: 2000 });
    await guard.admit('rest', 1, undefined);
    const controller = new AbortController();
    const waiting = guard.admit('rest', 1, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});

describe('github scans organizations in parallel within the secondary limits', () => {
  const emulators: GithubEmulator[] = [];
  const start = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    const emulator = await startGithubEmulator({ estate: twoOrgEstate(), ...options });
    emulators.push(emulator);
    return emulator;
  };
  afterEach(async () => {
    for (const emulator of emulators.splice(0)) await emulator.close();
  });
  const { secondary: realSecondary, ...realPrimary } = GITHUB_REAL_RATE_LIMIT;
  const baseline = async () => (await list(await start())).credentials.map(credentialLine);
  // acme's first request hangs until the 1 s request timeout, then plugin-retry sends it again.
  const acmeStalls = { faults: [{ path: '/orgs/acme/members', action: 'hang' as const, times: 1 }] };
  const requestTimeoutSeconds = 1;

  it('reads the second organization while the first waits, at GitHub’s shape with 0 throttled', async () => {
    const expected = await baseline();
    const github = await start({ ...acmeStalls, rateLimit: realPrimary, secondaryRateLimit: realSecondary! });
    const listed = await list(github, { organizationConcurrency: 2, requestTimeoutSeconds });
    expect(listed.credentials.map(credentialLine)).toEqual(expected);
    expect(listed.partial).toEqual([]);
    const log = github.requestLog.map((entry) => entry.path);
    const acmeMembers = log.flatMap((path, at) => (path === '/orgs/acme/members' ? [at] : []));
    expect(github.requestLog[acmeMembers[0]!]!.fault).toBe('hang');
    // beta was read in full while acme's first request hung.
    const betaRequests = log.flatMap((path, at) => (path.includes('/beta') ? [at] : []));
    expect(betaRequests.length).toBeGreaterThan(0);
    expect(Math.max(...betaRequests)).toBeLessThan(acmeMembers[1]!);
    expect(github.throttled).toEqual({ primary: 0, secondary: 0 });
  });

  it('reads them one after the other with organizationConcurrency 1', async () => {
    const github = await start(acmeStalls);
    const listed = await list(github, { organizationConcurrency: 1, requestTimeoutSeconds });
    expect(listed.partial).toEqual([]);
    const log = github.requestLog.map((entry) => entry.path);
    const firstBeta = log.findIndex((path) => path.includes('/beta'));
    expect(log.slice(firstBeta).every((path) => !path.includes('/acme'))).toBe(true);
    expect(log.slice(0, firstBeta).every((path) => !path.includes('/beta'))).toBe(true);
  });

  it('keeps under a small shape that binds (2 in flight, 6 REST and 1 GraphQL points a minute): 0 throttled', async () => {
    const expected = await baseline();
    const clock = virtualClock(Date.now());
    const github = await start({
      now: clock.now,
      secondaryRateLimit: { maxConcurrent: 2, points: { rest: 6, graphql: 1 } },
    });
    process.env[TOKEN_ENV] = TOKEN;
    const options = githubOptionsSchema.parse({
      orgs: ['acme', 'beta'],
      baseUrl: github.endpoint,
      auth: { token: `env:${TOKEN_ENV}` },
      concurrency: 8,
      organizationConcurrency: 2,
      secondaryRateLimit: { concurrent: 2, pointsPerMinute: 6, graphqlPointsPerMinute: 1 },
    });
    const context = {
      signal: new AbortController().signal,
      asOf: new Date('2026-11-26T00:00:00Z'),
      baseDir: '.',
    };
    const credentials: Credential[] = [];
    for await (const page of listGithub(options, context, clock)) {
      expect(page.partial).toBeUndefined();
      credentials.push(...page.credentials);
    }
    credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    expect(credentials.map(credentialLine)).toEqual(expected);
    expect(github.throttled).toEqual({ primary: 0, secondary: 0 });
    // The limits bound: 24 REST requests at 6 a minute took three waits of a minute and a second.
    const rest = github.requestLog.filter((entry) => entry.path !== '/graphql').length;
    expect(rest).toBe(24);
    expect(clock.sleeps.filter((ms) => ms === 61_000).length).toBeGreaterThanOrEqual(3);
  });
});
