/**
 * GitHub App installations and OAuth app tokens against the GitHub emulator: exact records
 * (privilege from permissions, suspended = inactive, no owner since GitHub names no installer,
 * unknown last use), exact calls, a denied listing that stays partial, the manual uninstall step
 * and its re-read, and an OAuth app token revoked end to end through the queue like a PAT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { GithubEmulatorOptions } from '../../../scanners/github/emulator/types.js';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { credentialLine, githubScanner, list } from './run-scanner.js';
import { appsEstate } from './secrets-estate.js';

const LAST_USE =
  'GitHub does not report when a GitHub App installation last used its access: unknown, not unused';

const installation = (id: number, slug: string, fields: Record<string, unknown>) => ({
  uid: `github:acme:app-installation:${id}`,
  provider: 'github',
  account: 'acme',
  kind: 'app-installation',
  externalId: String(id),
  principalUid: `github:acme:installation/${id}`,
  principalName: slug,
  status: 'active',
  expiresAt: null,
  lastUsedAt: null,
  lastUsedKnown: false,
  lastUsedUnknownReason: LAST_USE,
  department: null,
  ownerSignals: [],
  nature: 'grant',
  ...fields,
});

describe('github App installations and OAuth app tokens', () => {
  let emulator: GithubEmulator | undefined;
  const start = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate: appsEstate(), ...options });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const signal = new AbortController().signal;
  const context = { signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' };

  it('lists one record per installation, privileged when it can write code or administer', async () => {
    const github = await start();
    const listed = await list(github, { orgs: ['acme'], kinds: ['app-installation'] });
    expect(listed.partial).toEqual([]);
    expect(listed.credentials).toEqual([
      installation(61, 'renovate', {
        createdAt: '2025-05-05T00:00:00.000Z',
        privileged: true,
        privilegedReasons: ['app permission contents:write'],
        attributes: {
          app_slug: 'renovate',
          repository_selection: 'all',
          permissions: 'contents:write,metadata:read',
          target_type: 'Organization',
        },
      }),
      installation(62, 'org-admin', {
        createdAt: '2026-02-02T00:00:00.000Z',
        privileged: true,
        privilegedReasons: [
          'app permission members:write',
          'app permission organization_administration:write',
        ],
        attributes: {
          app_slug: 'org-admin',
          repository_selection: 'selected',
          permissions: 'issues:write,members:write,organization_administration:write',
          target_type: 'Organization',
        },
      }),
      installation(63, 'old-linter', {
        status: 'inactive',
        createdAt: '2023-03-03T00:00:00.000Z',
        privileged: false,
        privilegedReasons: [],
        attributes: {
          app_slug: 'old-linter',
          repository_selection: 'all',
          permissions: 'checks:write,metadata:read',
          target_type: 'Organization',
          suspended_at: '2026-01-01T00:00:00.000Z',
        },
      }),
    ]);
    // The installations are read once, for the principals and the records alike.
    expect(github.requestLog.map((entry) => entry.route)).toEqual([
      'GET /orgs/{org}/members',
      'GET /orgs/{org}/members',
      'GET /orgs/{org}/outside_collaborators',
      'POST /graphql',
      'GET /orgs/{org}/installations',
    ]);
  });

  it('keeps a denied installations list partial, never "no apps"', async () => {
    const github = await start({ faults: [{ path: '/orgs/acme/installations', status: 403 }] });
    const listed = await list(github, { orgs: ['acme'], kinds: ['app-installation'] });
    expect(listed.credentials).toEqual([]);
    expect(listed.partial).toEqual([
      {
        scope: 'org acme app installations',
        reason: expect.stringMatching(/^403 GET \/orgs\/acme\/installations: /),
      },
    ]);
  });

  it('tells an OAuth app token from a personal access token and gives it the holder as owner', async () => {
    const github = await start();
    const listed = await list(github, { orgs: ['acme'], kinds: ['oauth-app-token'] });
    expect(listed.credentials.map(credentialLine)).toEqual([
      'github:acme:oauth-app-token:504 active principal=bob created=2026-04-04T09:00:00.000Z expires=null used=2026-09-20T09:00:00.000Z privileged=[scope admin:org] owner=[saml-identity:bob@acme.example] hint=b5040004',
    ]);
  });

  it('uninstalls by hand: one manual step with instructions; verify sees it suspended, then gone', async () => {
    const github = await start();
    const listed = await list(github, { orgs: ['acme'], kinds: ['app-installation'] });
    const renovate = listed.credentials[0]!;
    const scanner = githubScanner(github);
    expect(scanner.revoker.steps(renovate)).toEqual(['manual']);
    github.requestLog.length = 0;
    expect(await scanner.revoker.revoke(renovate, 'manual', { dryRun: true, signal })).toEqual({
      outcome: 'planned',
      apiCall: 'manual',
      manualTask: {
        instructions:
          "Uninstall (or suspend) the GitHub App renovate, installation 61, from organization acme: an organization owner opens the organization's Settings › GitHub Apps › renovate › Configure and chooses Uninstall (or Suspend); GitHub's API lets only the app itself do either; then run `nhiscan queue confirm ID --by WHO --reason TEXT`.",
      },
    });
    expect((await scanner.revoker.revoke(renovate, 'manual', { dryRun: false, signal })).outcome).toBe(
      'waiting-for-human',
    );
    await expect(scanner.revoker.revoke(renovate, 'delete', { dryRun: false, signal })).rejects.toThrow(
      'step delete is refused',
    );
    expect(github.requestLog).toEqual([]);

    expect(await scanner.revoker.verify!(renovate, context)).toEqual({
      usable: true,
      exists: true,
      detail: 'installation still active',
    });
    const installations = github.estate.orgs[0]!.installations;
    installations[0]!.suspendedAt = '2026-11-26T10:00:00Z';
    expect(await scanner.revoker.verify!(renovate, context)).toEqual({
      usable: false,
      exists: true,
      detail: 'installation suspended at 2026-11-26T10:00:00Z',
    });
    installations.splice(0, 1);
    expect(await scanner.revoker.verify!(renovate, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'installation 61 no longer on acme',
    });
    expect(github.requestLog.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /orgs/acme/installations 200',
      'GET /orgs/acme/installations 200',
      'GET /orgs/acme/installations 200',
    ]);
  });
});

describe('revocation queue with a leaver’s OAuth app token', () => {
  const queue = queueHarness({
    start: () => startGithubEmulator({ estate: appsEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
      'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,',
      'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,github:cyd',
      '',
    ].join('\n'),
    source: (emulator) => [
      '  - type: github',
      '    name: github',
      '    orgs: [acme]',
      '    kinds: [oauth-app-token]',
      `    baseUrl: ${emulator.endpoint}`,
      `    auth: { token: env:${TOKEN_ENV} }`,
    ],
    revocation: 'revocation: { leaver: approve, privilegedApprovals: 1 }',
  });

  it('removes exactly the approved authorization and re-reads it', async () => {
    const [request, ...others] = await queue.requests();
    expect(others).toEqual([]);
    expect([
      request!.credentialUid,
      request!.rule,
      request!.state,
      request!.steps.map((s) => s.step),
    ]).toEqual(['github:acme:oauth-app-token:504', 'leaver-owned', 'pending-approval', ['delete']]);
    const approve = await queue.run([
      'queue',
      'approve',
      String(request!.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'leaver',
    ]);
    expect(approve.exitCode).toBe(0);
    const before = queue.emulator.requestLog.length;
    const applied = await queue.run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(
      queue.emulator.requestLog
        .slice(before)
        .map(
          (entry) =>
            `${entry.method} ${entry.path}${entry.query.login ? `?login=${entry.query.login}` : ''} ${entry.status}`,
        ),
    ).toEqual([
      'DELETE /orgs/acme/credential-authorizations/504 204',
      'GET /orgs/acme/credential-authorizations?login=bob 200',
    ]);
    const done = (await queue.requests()).find((candidate) => candidate.id === request!.id)!;
    expect([done.state, done.steps.map((step) => step.state)]).toEqual(['done', ['done']]);
  });
});
