/**
 * The gitlab plugin through its emulator and the official client: every credential with its owner
 * signals, privilege and last use; GitLab's offset paging followed page by page; the CI/CD
 * variable's value dropped on receipt; a denied project partial while its siblings are read; a 429
 * retried after its Retry-After; a spent RateLimit budget waited for, or (past the longest wait)
 * partial without a doomed request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VARIABLE_CANARY } from './estate.js';
import { type StartedGitlab, startGitlab } from './start.js';
import { credentialsOf, listPages, logOf } from './support.js';

let started: StartedGitlab | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

const summary = (credential: ReturnType<typeof credentialsOf>[number]) =>
  [
    credential.uid,
    credential.status,
    String(credential.createdAt),
    String(credential.expiresAt),
    credential.lastUsedKnown ? String(credential.lastUsedAt) : 'unknown',
    credential.privilegedReasons.join('; ') || '-',
    credential.ownerSignals.map((signal) => `${signal.kind}=${signal.value}`).join(' ') || '-',
  ].join(' | ');

describe('the gitlab scanner against its emulator', () => {
  it('lists every live credential of the instance and both groups, exactly', async () => {
    started = await startGitlab();
    const pages = await listPages(started);
    expect(pages.filter((page) => page.partial)).toEqual([]);
    expect(credentialsOf(pages).map(summary)).toEqual([
      'gitlab:127.0.0.1:personal-access-token:101 | active | 2026-01-10T09:00:00Z | 2027-01-10 | 2026-11-20T10:00:00Z | scope api (read and write the whole API) | owners-api=ann@acme.example saml-identity=ann@acme.example login=ann',
      'gitlab:127.0.0.1:personal-access-token:102 | active | 2026-03-01T09:00:00Z | null | 2026-06-01T10:00:00Z | - | owners-api=bob@acme.example login=bob',
      'gitlab:127.0.0.1:personal-access-token:104 | expired | 2026-02-01T09:00:00Z | 2026-10-01 | 2026-09-01T10:00:00Z | - | owners-api=cyd@acme.example login=cyd',
      'gitlab:acme:ci-variable:100/DB_PASSWORD:* | active | null | null | unknown | - | -',
      'gitlab:acme:deploy-key:100/401 | active | 2025-05-05T09:00:00Z | null | unknown | can_push (writes to the repository) | -',
      'gitlab:acme:deploy-key:101/402 | active | 2026-11-01T09:00:00Z | null | unknown | - | -',
      'gitlab:acme:deploy-token:301 | active | null | null | unknown | - | -',
      'gitlab:acme:deploy-token:302 | active | null | null | unknown | - | -',
      'gitlab:acme:group-access-token:201 | active | 2026-09-01T09:00:00Z | 2027-09-01 | null | scope api (read and write the whole API); role Owner (access level 50) | -',
      'gitlab:acme:project-access-token:202 | active | 2026-10-01T09:00:00Z | 2027-10-01 | 2026-11-25T10:00:00Z | - | -',
      'gitlab:beta:deploy-key:110/403 | active | 2026-04-01T09:00:00Z | null | unknown | - | -',
    ]);
    const variable = credentialsOf(pages).find((credential) => credential.kind === 'ci-variable')!;
    expect([variable.nature, variable.readers, variable.attributes]).toEqual([
      'shared-secret',
      [
        { kind: 'owners-api', value: 'ann@acme.example', source: 'Owner of acme/platform/api: email of ann' },
        {
          kind: 'owners-api',
          value: 'bob@acme.example',
          source: 'Maintainer of acme/platform/api: email of bob',
        },
      ],
      {
        key: 'DB_PASSWORD',
        environment_scope: '*',
        protected: 'true',
        masked: 'true',
        variable_type: 'env_var',
        project_id: '100',
        project_path: 'acme/platform/api',
      },
    ]);
    // The value came over the wire and went nowhere.
    expect(JSON.stringify(pages)).not.toContain(VARIABLE_CANARY);
    expect(
      pages.flatMap((page) => page.principals).map((principal) => `${principal.uid} ${principal.name}`),
    ).toEqual([
      'gitlab:127.0.0.1:user:2 ann',
      'gitlab:127.0.0.1:user:3 bob',
      'gitlab:127.0.0.1:user:4 cyd',
      'gitlab:acme:bot-user:10 bot user 10 of group acme',
      'gitlab:acme:bot-user:11 bot user 11 of project acme/platform/api',
    ]);
  });

  it('follows X-Next-Page one page at a time and reads each user once; bot users’ PATs are left to their groups', async () => {
    started = await startGitlab();
    await listPages(started);
    const log = logOf(started);
    expect(log.slice(0, 11)).toEqual([
      'GET /api/v4/personal_access_tokens?page=1&per_page=1 200',
      'GET /api/v4/users/2 200',
      'GET /api/v4/personal_access_tokens?page=2&per_page=1 200',
      'GET /api/v4/users/3 200',
      'GET /api/v4/personal_access_tokens?page=3&per_page=1 200',
      'GET /api/v4/personal_access_tokens?page=4&per_page=1 200',
      'GET /api/v4/users/4 200',
      'GET /api/v4/personal_access_tokens?page=5&per_page=1 200',
      'GET /api/v4/users/10 200',
      'GET /api/v4/personal_access_tokens?page=6&per_page=1 200',
      'GET /api/v4/users/11 200',
    ]);
    expect(log.slice(11, 16)).toEqual([
      'GET /api/v4/groups/acme 200',
      'GET /api/v4/groups/10/descendant_groups?page=1&per_page=1 200',
      'GET /api/v4/groups/10/projects?include_subgroups=true&page=1&per_page=1 200',
      'GET /api/v4/groups/10/projects?include_subgroups=true&page=2&per_page=1 200',
      'GET /api/v4/groups/10/access_tokens?page=1&per_page=1 200',
    ]);
    // Members are read only for the project that has variables, to name their readers.
    expect(log.filter((line) => line.includes('/members/all'))).toEqual([
      'GET /api/v4/projects/100/members/all?page=1&per_page=1 200',
      'GET /api/v4/projects/100/members/all?page=2&per_page=1 200',
      'GET /api/v4/projects/100/members/all?page=3&per_page=1 200',
    ]);
    expect(log).toHaveLength(39);
  });

  it('marks a denied project’s deploy keys partial and still reads the rest of the group', async () => {
    started = await startGitlab({
      faults: [{ path: '/api/v4/projects/100/deploy_keys', status: 403, times: Number.POSITIVE_INFINITY }],
    });
    const pages = await listPages(started);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      { scope: 'group acme: project acme/platform/api deploy keys', reason: '403: 403 Forbidden' },
    ]);
    const uids = credentialsOf(pages).map((credential) => credential.uid);
    expect(uids).not.toContain('gitlab:acme:deploy-key:100/401');
    expect(uids).toContain('gitlab:acme:deploy-key:101/402');
    expect(uids).toContain('gitlab:acme:ci-variable:100/DB_PASSWORD:*');
  });

  it('retries a 429 after its Retry-After, and gives up (partial) once the retries are spent', async () => {
    started = await startGitlab({ faults: [{ path: '/api/v4/groups/beta', status: 429, times: 1 }] });
    let pages = await listPages(started);
    expect(pages.filter((page) => page.partial)).toEqual([]);
    expect(logOf(started).filter((line) => line.startsWith('GET /api/v4/groups/beta '))).toEqual([
      'GET /api/v4/groups/beta 429',
      'GET /api/v4/groups/beta 200',
    ]);
    await started.close();

    started = await startGitlab(
      { faults: [{ path: '/api/v4/groups/beta', status: 429, times: Number.POSITIVE_INFINITY }] },
      { rateLimitRetries: 0 },
    );
    pages = await listPages(started);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      { scope: 'group beta', reason: 'GET /groups/beta failed: 429 Too Many Requests after 1 attempts' },
    ]);
  });

  it('sends no request once GitLab’s RateLimit-Remaining is 0 and the reset is beyond the longest wait', async () => {
    // Three requests a minute on a stopped clock: the budget is spent and never refills.
    const stopped = Date.now();
    started = await startGitlab(
      { rateLimit: { perMinute: 3 }, now: () => stopped },
      { instance: false, groups: ['acme'], maxRateLimitWaitSeconds: 0 },
    );
    const pages = await listPages(started);
    expect(logOf(started)).toEqual([
      'GET /api/v4/groups/acme 200',
      'GET /api/v4/groups/10/descendant_groups?page=1&per_page=1 200',
      'GET /api/v4/groups/10/projects?include_subgroups=true&page=1&per_page=1 200',
    ]);
    const partials = pages.flatMap((page) => (page.partial ? [page.partial] : []));
    expect(partials.map((partial) => partial.scope)).toEqual(['group acme']);
    // The next token is twenty seconds away (rounded up to GitLab's whole seconds).
    expect(partials[0]!.reason).toMatch(
      /^GET \/groups\/10\/projects\?include_subgroups=true failed: RateLimit-Remaining is 0: the wait of (19|20|21) s exceeds 0 s$/,
    );
    expect(started.emulator.throttledCount).toBe(0);
  });
});
