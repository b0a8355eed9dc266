/**
 * Rate limits against the emulator: the scan paces itself by GitHub's `x-ratelimit-*` headers
 * (nothing refused, the window's resets waited for), plugin-throttling still waits out what the
 * pacer could not foresee, a cancelled wait rejects at once, and the scan's GraphQL queries are
 * spaced by `graphqlIntervalMs` while revocation keeps one second between writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { githubClient } from '../../../scanners/github/client.js';
import type { GithubEstate } from '../../../scanners/github/emulator/estate.js';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { GithubEmulatorOptions } from '../../../scanners/github/emulator/types.js';
import { githubOptionsSchema } from '../../../scanners/github/options.js';
import { TOKEN, TOKEN_ENV, twoOrgEstate, wideOrgEstate } from './estate.js';
import { githubScanner, list, routeCounts } from './run-scanner.js';

function clientOptions(emulator: GithubEmulator, overrides: Record<string, unknown> = {}) {
  process.env[TOKEN_ENV] = TOKEN;
  return githubOptionsSchema.parse({
    orgs: ['acme'],
    baseUrl: emulator.endpoint,
    auth: { token: `env:${TOKEN_ENV}` },
    ...overrides,
  });
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await run();
  return { result, elapsedMs: performance.now() - started };
}

/** The kinds wideOrgEstate's request counts are for (Actions secrets would add one call per repository). */
const WIDE_KINDS = ['personal-access-token', 'ssh-key', 'fine-grained-pat', 'deploy-key'];

describe('github rate limits', () => {
  let emulator: GithubEmulator | undefined;
  const start = async (estate: GithubEstate, options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate, ...options });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('paces a scan of 80 requests under a limit of 30 per window: all listed, nothing refused', async () => {
    const windowMs = 2000;
    const github = await start(wideOrgEstate({ repos: 72, identities: 10 }), {
      rateLimit: { limit: 30, windowMs },
    });
    const { result: listed, elapsedMs } = await timed(() =>
      list(github, { orgs: ['acme'], kinds: WIDE_KINDS }),
    );
    expect(listed.partial).toEqual([]);
    expect(listed.credentials).toHaveLength(72);
    expect(github.requestLog).toHaveLength(80);
    expect(github.throttled).toEqual({ primary: 0, secondary: 0 });
    // 80 requests need three windows of 30: the scan waited for at least two resets (a lower bound).
    expect(elapsedMs).toBeGreaterThanOrEqual(2 * windowMs - 200);
  });

  it('holds 16 requests for a reset on one scan signal without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const github = await start(wideOrgEstate({ repos: 72, identities: 10 }), {
        rateLimit: { limit: 20, windowMs: 1000 },
      });
      const listed = await list(github, { orgs: ['acme'], concurrency: 16, kinds: WIDE_KINDS });
      expect(listed.credentials).toHaveLength(72);
      expect(github.throttled).toEqual({ primary: 0, secondary: 0 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it.each([403, 429] as const)(
    'leaves what the pacer cannot foresee (a first burst, answered %i) to plugin-throttling, which waits it out',
    async (status) => {
      const github = await start(twoOrgEstate(), {
        rateLimit: { limit: 2, windowMs: 1000, status },
        latencyMs: 100,
      });
      const client = githubClient(clientOptions(github));
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => client.request('GET /orgs/{org}/members', { org: 'acme' })),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(github.throttled.primary).toBe(2);
      expect(github.requestLog).toHaveLength(6);
    },
  );

  it('rejects at once when cancelled while waiting for the reset, without sending the request', async () => {
    const github = await start(twoOrgEstate(), { rateLimit: { limit: 1, windowMs: 60_000 } });
    const controller = new AbortController();
    const progress: string[] = [];
    const client = githubClient(clientOptions(github), {
      signal: controller.signal,
      progress: (message) => progress.push(message),
    });
    await client.request('GET /orgs/{org}/members', { org: 'acme' });
    const waiting = client.request('GET /orgs/{org}/outside_collaborators', { org: 'acme' });
    const settled = waiting.then(
      () => 'resolved',
      (error: unknown) => (error as Error).name,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { result, elapsedMs } = await timed(() => {
      controller.abort();
      return settled;
    });
    expect(result).toBe('AbortError');
    expect(elapsedMs).toBeLessThan(1000); // the reset is a minute away
    expect(github.requestLog.map((entry) => entry.path)).toEqual(['/orgs/acme/members']);
    expect(progress).toEqual([
      expect.stringMatching(
        /^github: core rate limit at 0 of 1 requests; waiting \d+ s for the reset at \d{4}-\d\d-\d\dT/,
      ),
    ]);
  });

  it('does not space the GraphQL identity pages of a scan a second apart', async () => {
    const github = await start(wideOrgEstate({ repos: 1, identities: 350 }));
    const { result: listed, elapsedMs } = await timed(() =>
      list(github, { orgs: ['acme'], graphqlIntervalMs: 0 }),
    );
    expect(listed.partial).toEqual([]);
    // The key's creator has the last identity: all four pages were read.
    expect(
      listed.credentials.flatMap((credential) =>
        credential.ownerSignals.map((signal) => `${signal.kind}:${signal.value}`),
      ),
    ).toEqual(['creator:user350@acme.example']);
    expect(routeCounts(github)['POST /graphql']).toBe(4);
    // plugin-throttling's write spacing alone would take at least 3 s for four pages.
    expect(elapsedMs).toBeLessThan(2500);
  });

  it('spaces them graphqlIntervalMs apart when asked', async () => {
    const github = await start(wideOrgEstate({ repos: 1, identities: 350 }));
    const { elapsedMs } = await timed(() => list(github, { orgs: ['acme'], graphqlIntervalMs: 400 }));
    expect(routeCounts(github)['POST /graphql']).toBe(4);
    expect(elapsedMs).toBeGreaterThanOrEqual(3 * 400 - 50);
  });

  it('keeps revocation writes one second apart (plugin-throttling’s spacing of writes)', async () => {
    const github = await start(twoOrgEstate());
    const credentials = new Map((await list(github)).credentials.map((c) => [c.uid, c]));
    const scanner = githubScanner(github);
    const signal = new AbortController().signal;
    const { result: outcomes, elapsedMs } = await timed(async () => [
      await scanner.revoker.revoke(credentials.get('github:acme:personal-access-token:501')!, 'delete', {
        dryRun: false,
        signal,
      }),
      await scanner.revoker.revoke(credentials.get('github:acme/api:deploy-key:41')!, 'delete', {
        dryRun: false,
        signal,
      }),
    ]);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['revoked', 'revoked']);
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
  });
});
