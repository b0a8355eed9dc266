/**
 * The GitHub scanner through @octokit/rest against the GitHub emulator: the exact inventory of a
 * SAML organization and one without SAML, page size 1, both kinds of rate limit (kept under or
 * waited out, and given up on), failures that stay partial, and the request budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { GithubEmulatorOptions } from '../../../scanners/github/emulator/types.js';
import { KEYS, twoOrgEstate } from './estate.js';
import { credentialLine, githubScanner, list, requestsByOrganization, routeCounts } from './run-scanner.js';

const INVENTORY = [
  `github:acme/api:deploy-key:41 active principal=acme/api created=2025-01-01T00:00:00.000Z expires=null used=2026-11-01T00:00:00.000Z privileged=[write access to acme/api (read_only false)] owner=[creator:bob@acme.example] hint=${KEYS.api.fingerprint}`,
  'github:acme/api:deploy-key:42 active principal=acme/api created=2024-02-02T00:00:00.000Z expires=null used=unknown privileged=[] owner=[] hint=-',
  'github:acme/web:deploy-key:43 active principal=acme/web created=2026-10-01T00:00:00.000Z expires=null used=null privileged=[] owner=[creator:github:cyd] hint=-',
  'github:acme:app-installation:61 active principal=renovate created=2025-05-05T00:00:00.000Z expires=null used=unknown privileged=[app permission contents:write] owner=[] hint=-',
  'github:acme:fine-grained-pat:701 active principal=ann created=2026-02-01T09:00:00.000Z expires=2027-02-01T09:00:00.000Z used=2026-11-01T09:00:00.000Z privileged=[fine-grained permission organization.administration:write] owner=[saml-identity:ann@acme.example] hint=-',
  'github:acme:fine-grained-pat:702 active principal=cyd created=2026-05-01T09:00:00.000Z expires=null used=null privileged=[] owner=[login:github:cyd] hint=-',
  'github:acme:personal-access-token:501 active principal=ann created=2026-01-10T09:00:00.000Z expires=null used=2026-11-20T09:00:00.000Z privileged=[scope admin:org] owner=[saml-identity:ann@acme.example] hint=a5010001',
  'github:acme:personal-access-token:503 active principal=cyd created=2026-03-03T09:00:00.000Z expires=2027-03-03T00:00:00.000Z used=2026-11-24T09:00:00.000Z privileged=[] owner=[login:github:cyd] hint=c5030003',
  'github:acme:ssh-key:502 active principal=bob created=2025-06-01T09:00:00.000Z expires=null used=null privileged=[] owner=[saml-identity:bob@acme.example] hint=SHA256:bobslaptopkey0502',
  'github:beta/infra:deploy-key:51 active principal=beta/infra created=2026-09-01T00:00:00.000Z expires=null used=2026-11-25T00:00:00.000Z privileged=[write access to beta/infra (read_only false)] owner=[creator:github:dan] hint=-',
  'github:beta:fine-grained-pat:801 active principal=eve created=2026-10-01T09:00:00.000Z expires=2027-01-01T00:00:00.000Z used=2026-11-25T00:00:00.000Z privileged=[] owner=[login:github:eve] hint=-',
];

const PRINCIPALS = [
  'github:acme/api github-repository acme/api',
  'github:acme/web github-repository acme/web',
  'github:acme:installation/61 github-app-installation renovate',
  'github:acme:user/ann github-user ann',
  'github:acme:user/bob github-user bob',
  'github:acme:user/cyd github-user cyd',
  'github:acme:user/vendor-vic github-user vendor-vic',
  'github:beta/infra github-repository beta/infra',
  'github:beta:user/dan github-user dan',
  'github:beta:user/eve github-user eve',
];

const BETA_UNSUPPORTED = {
  scope: 'org beta credential authorizations',
  reason:
    'beta does not use SAML single sign-on (GET /orgs/beta/credential-authorizations answered 404 and GraphQL shows no SAML identity provider), so no token or SSH key authorization can exist there',
  account: 'beta',
  kinds: ['personal-access-token', 'ssh-key', 'oauth-app-token'],
};

/** One organization's calls in order, with the default page size (everything fits one page). */
const ORG_CALLS = (org: string, repos: string[]) => [
  `GET /orgs/${org}/members role=admin`,
  `GET /orgs/${org}/members role=member`,
  `GET /orgs/${org}/outside_collaborators`,
  'POST /graphql',
  `GET /orgs/${org}/installations`,
  `GET /orgs/${org}/credential-authorizations`,
  `GET /orgs/${org}/personal-access-tokens`,
  `GET /orgs/${org}/repos`,
  ...repos.map((repo) => `GET /repos/${org}/${repo}/keys`),
  `GET /orgs/${org}/actions/secrets`,
  ...repos.map((repo) => `GET /repos/${org}/${repo}/actions/secrets`),
];

describe('github scanner against the emulator', () => {
  let emulator: GithubEmulator | undefined;
  const start = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate: twoOrgEstate(), ...options });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('lists the exact inventory of a SAML org and a non-SAML org, one call per list', async () => {
    const github = await start();
    const listed = await list(github);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.principals.map((p) => `${p.uid} ${p.kind} ${p.name}`).sort()).toEqual(PRINCIPALS);
    expect(listed.partial).toEqual([]);
    expect(listed.unsupported).toEqual([BETA_UNSUPPORTED]);
    // Each organization's calls in order (the two are read in parallel).
    expect(
      requestsByOrganization(
        github,
        ['acme', 'beta'],
        (entry) => `${entry.method} ${entry.path}${entry.query.role ? ` role=${entry.query.role}` : ''}`,
      ),
    ).toEqual([...ORG_CALLS('acme', ['api', 'docs', 'web']), ...ORG_CALLS('beta', ['infra'])]);
    expect(github.requestLog.map((entry) => entry.status).filter((status) => status !== 200)).toEqual([404]);
  });

  it('follows every Link header with per_page 1 and finds the same inventory', async () => {
    const github = await start();
    const listed = await list(github, { perPage: 1, concurrency: 1 });
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.principals).toHaveLength(PRINCIPALS.length);
    expect(listed.partial).toEqual([]);
    expect(listed.unsupported).toEqual([BETA_UNSUPPORTED]);
    // A list of n items takes max(n, 1) pages of one; GraphQL pages its identities one at a time too.
    expect(routeCounts(github)).toEqual({
      'GET /orgs/{org}/members': 1 + 2 + 1 + 1,
      'GET /orgs/{org}/outside_collaborators': 1 + 1,
      'POST /graphql': 2 + 1,
      'GET /orgs/{org}/installations': 1 + 1,
      'GET /orgs/{org}/credential-authorizations': 3 + 1,
      'GET /orgs/{org}/personal-access-tokens': 2 + 1,
      'GET /orgs/{org}/repos': 3 + 1,
      'GET /repos/{owner}/{repo}/keys': 2 + 1 + 1 + 1,
      'GET /orgs/{org}/actions/secrets': 1 + 1,
      'GET /repos/{owner}/{repo}/actions/secrets': 3 + 1,
    });
  });

  it.each([403, 429] as const)(
    'keeps under a primary rate limit (over it: %i) by its headers and finds the same inventory',
    async (status) => {
      const github = await start({ rateLimit: { limit: 12, windowMs: 2000, status } });
      const listed = await list(github);
      expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
      expect(listed.partial).toEqual([]);
      // The pacer waited for the reset instead of being refused (rate-limit-pacing.test.ts has more).
      expect(github.throttled).toEqual({ primary: 0, secondary: 0 });
      expect(github.requestLog).toHaveLength(26);
    },
  );

  it('waits out secondary rate limits (retry-after) and finds the same inventory', async () => {
    const github = await start({ secondaryRateLimit: { everyNth: 6, retryAfterSeconds: 1 } });
    const listed = await list(github);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.partial).toEqual([]);
    expect(github.throttled.secondary).toBe(5);
    expect(github.requestLog).toHaveLength(26 + 5);
  });

  it('gives up on a primary rate limit that lifts too late: each part is partial, with the reason', async () => {
    const github = await start({ rateLimit: { limit: 3, windowMs: 3_600_000 } });
    const listed = await list(github, { orgs: ['beta'], maxRateLimitWaitSeconds: 60 });
    expect(listed.credentials).toEqual([]);
    expect(listed.unsupported).toEqual([]);
    expect(listed.partial.map((mark) => mark.scope)).toEqual([
      'org beta app installations',
      'org beta credential authorizations',
      'org beta fine-grained tokens',
      'org beta repositories',
      'org beta Actions secrets',
    ]);
    for (const mark of listed.partial) {
      expect(mark.reason).toMatch(
        /^403 GET \/orgs\/beta\/[a-z-_/]+: API rate limit exceeded for user ID 9001\. .*; primary rate limit: gave up after 0 retries \(GitHub asked to wait \d+ s\); the limit resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/,
      );
    }
  });

  it('gives up on a secondary rate limit after rateLimitRetries: partial, with the reason', async () => {
    const github = await start({ secondaryRateLimit: { everyNth: 1, retryAfterSeconds: 1 } });
    const listed = await list(github, { orgs: ['beta'], kinds: ['fine-grained-pat'], rateLimitRetries: 0 });
    expect(listed.credentials).toEqual([]);
    expect(listed.partial.map((mark) => mark.scope)).toEqual([
      'org beta owners',
      'org beta members',
      'org beta outside collaborators',
      'org beta SAML identities',
      'org beta app installations',
      'org beta fine-grained tokens',
    ]);
    expect(listed.partial.at(-1)!.reason).toMatch(
      /^403 GET \/orgs\/beta\/personal-access-tokens: You have exceeded a secondary rate limit\..*; secondary rate limit: gave up after 0 retries \(GitHub asked to wait 1 s\)$/,
    );
    expect(github.requestLog).toHaveLength(6);
  });

  it('keeps a 404 from a SAML org partial (not unsupported) and names why', async () => {
    const github = await start({ faults: [{ path: '/orgs/acme/credential-authorizations', status: 404 }] });
    const listed = await list(github, { orgs: ['acme'] });
    expect(listed.unsupported).toEqual([]);
    expect(listed.partial).toEqual([
      {
        scope: 'org acme credential authorizations',
        reason: expect.stringMatching(
          /^404 GET \/orgs\/acme\/credential-authorizations: .*; the organization has a SAML identity provider, so the token may lack access \(an organization owner with read:org is needed\)$/,
        ),
      },
    ]);
    expect(
      listed.credentials
        .map((c) => c.kind)
        .filter((kind) => kind === 'ssh-key' || kind === 'personal-access-token'),
    ).toEqual([]);
    expect(listed.credentials).toHaveLength(6);
  });

  it('makes a denied repository partial for that repository only', async () => {
    const github = await start({ faults: [{ path: '/repos/acme/api/keys', status: 403, times: Infinity }] });
    const listed = await list(github, { orgs: ['acme'] });
    expect(listed.partial).toEqual([
      {
        scope: 'repo acme/api deploy keys',
        reason: expect.stringMatching(/^403 GET \/repos\/acme\/api\/keys: /),
      },
    ]);
    expect(listed.credentials.filter((c) => c.kind === 'deploy-key').map((c) => c.uid)).toEqual([
      'github:acme/web:deploy-key:43',
    ]);
  });

  it('retries a 5xx and a dropped connection, and finds the same inventory', async () => {
    const github = await start({
      faults: [
        { path: '/orgs/acme/personal-access-tokens', status: 502 },
        { path: '/repos/beta/infra/keys', action: 'reset' },
      ],
    });
    const listed = await list(github);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.partial).toEqual([]);
    expect(github.requestLog).toHaveLength(26 + 2);
  });

  it('times out a request that hangs and retries it', async () => {
    const github = await start({ faults: [{ path: '/orgs/beta/repos', action: 'hang' }] });
    const listed = await list(github, { orgs: ['beta'], requestTimeoutSeconds: 1 });
    expect(listed.partial).toEqual([]);
    expect(listed.credentials.map((c) => c.uid)).toEqual([
      'github:beta/infra:deploy-key:51',
      'github:beta:fine-grained-pat:801',
    ]);
    expect(github.requestLog.filter((entry) => entry.path === '/orgs/beta/repos')).toHaveLength(2);
  });

  it('stops when cancelled: the listing rejects instead of yielding partial pages', async () => {
    const github = await start({ latencyMs: 20 });
    const controller = new AbortController();
    const pages = githubScanner(github)
      .list({ signal: controller.signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' })
      [Symbol.asyncIterator]();
    expect((await pages.next()).value.principals).toHaveLength(5);
    const sent = github.requestLog.length;
    controller.abort();
    await expect(pages.next()).rejects.toThrow(/abort/i);
    expect(github.requestLog.length - sent).toBeLessThanOrEqual(1);
  });

  it('counts a retried request against the budget like any other', async () => {
    const github = await start({ faults: [{ path: '/orgs/acme/members', status: 502 }] });
    const listed = await list(github, { orgs: ['acme'], requestBudget: 9, concurrency: 1 });
    expect(github.requestLog).toHaveLength(9);
    expect(github.requestLog[0]!.status).toBe(502);
    expect(listed.partial).toEqual([
      {
        scope: 'org acme deploy keys',
        reason:
          'request budget 9 reached after 9 requests (deploy keys of 3 of 3 repositories not read); raise requestBudget or scan fewer orgs',
      },
      {
        scope: 'org acme Actions secrets',
        reason:
          'request budget 9 reached after 9 requests (Actions secrets of the organization and its 3 repositories not read); raise requestBudget or scan fewer orgs',
      },
    ]);
  });

  it('stops at the request budget: exactly that many requests, the rest partial with the reason', async () => {
    const github = await start();
    // One organization at a time: the budget runs out in the first and the second is not started.
    const listed = await list(github, { requestBudget: 9, concurrency: 1, organizationConcurrency: 1 });
    expect(github.requestLog).toHaveLength(9);
    expect(listed.partial).toEqual([
      {
        scope: 'org acme deploy keys',
        reason:
          'request budget 9 reached after 9 requests (deploy keys of 2 of 3 repositories not read); raise requestBudget or scan fewer orgs',
      },
      {
        scope: 'org acme Actions secrets',
        reason:
          'request budget 9 reached after 9 requests (Actions secrets of the organization and its 3 repositories not read); raise requestBudget or scan fewer orgs',
      },
      {
        scope: 'org beta',
        reason:
          'request budget 9 reached after 9 requests (organization not scanned); raise requestBudget or scan fewer orgs',
      },
    ]);
    expect(listed.credentials.map((c) => c.uid)).toEqual([
      'github:acme/api:deploy-key:41',
      'github:acme/api:deploy-key:42',
      'github:acme:app-installation:61',
      'github:acme:fine-grained-pat:701',
      'github:acme:fine-grained-pat:702',
      'github:acme:personal-access-token:501',
      'github:acme:personal-access-token:503',
      'github:acme:ssh-key:502',
    ]);
  });
});
