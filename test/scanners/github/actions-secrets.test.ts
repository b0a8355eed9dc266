/**
 * Actions secrets against the GitHub emulator: organization and repository secrets as shared
 * secrets, with the identities that can read them (owners, and writers of every repository the
 * secret reaches), when their value was set, exact calls (one collaborators list per repository
 * that needs it), a denied list that stays partial (exit 3), and the manual rotation step.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { GithubEmulatorOptions } from '../../../scanners/github/emulator/types.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { githubScanner, list } from './run-scanner.js';
import { secretsEstate } from './secrets-estate.js';

const ANN = {
  kind: 'saml-identity',
  value: 'ann@acme.example',
  source: 'organization owner: SAML nameId of ann in acme',
};
const BOB = {
  kind: 'saml-identity',
  value: 'bob@acme.example',
  source: 'write on acme/api: SAML nameId of bob in acme',
};
const VIC = { kind: 'login', value: 'github:vendor-vic', source: 'maintain on acme/api: login vendor-vic' };
const CYD = { kind: 'login', value: 'github:cyd', source: 'write on acme/web: login cyd' };
const LAST_USE = 'GitHub does not report when an Actions secret is used: unknown, not unused';

const secret = (fields: Record<string, unknown>) => ({
  provider: 'github',
  account: 'acme',
  kind: 'actions-secret',
  status: 'active',
  expiresAt: null,
  lastUsedAt: null,
  lastUsedKnown: false,
  lastUsedUnknownReason: LAST_USE,
  privileged: false,
  privilegedReasons: [],
  department: null,
  ownerSignals: [],
  nature: 'shared-secret',
  ...fields,
});

describe('github Actions secrets', () => {
  let emulator: GithubEmulator | undefined;
  const start = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate: secretsEstate(), ...options });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('lists repository and organization secrets with their readers and when their value was set', async () => {
    const github = await start();
    const listed = await list(github, { orgs: ['acme'], kinds: ['actions-secret'], concurrency: 1 });
    expect(listed.partial).toEqual([]);
    expect(listed.credentials).toEqual([
      secret({
        uid: 'github:acme/api:actions-secret:DEPLOY_TOKEN',
        externalId: 'DEPLOY_TOKEN',
        principalUid: 'github:acme/api',
        principalName: 'acme/api',
        createdAt: '2025-03-01T10:00:00.000Z',
        attributes: { level: 'repository', repository: 'acme/api' },
        readers: [ANN, BOB, VIC],
        valueSetAt: '2026-06-01T10:00:00.000Z',
      }),
      secret({
        uid: 'github:acme:actions-secret:NPM_TOKEN',
        externalId: 'NPM_TOKEN',
        principalUid: null,
        principalName: 'acme',
        createdAt: '2024-01-01T00:00:00.000Z',
        attributes: { level: 'organization', visibility: 'selected', repositories: '1' },
        readers: [ANN, BOB, VIC],
        valueSetAt: '2026-11-01T00:00:00.000Z',
      }),
      // Private repositories only: api and web (docs is public, so its admin cyd is not a reader through it).
      secret({
        uid: 'github:acme:actions-secret:SLACK_WEBHOOK',
        externalId: 'SLACK_WEBHOOK',
        principalUid: null,
        principalName: 'acme',
        createdAt: '2024-02-02T00:00:00.000Z',
        attributes: { level: 'organization', visibility: 'private', repositories: '2' },
        readers: [ANN, BOB, VIC, CYD],
        valueSetAt: '2024-02-02T00:00:00.000Z',
      }),
    ]);
    // One collaborators list per repository with a secret or receiving one; docs needs none.
    expect(github.requestLog.slice(6).map((entry) => `${entry.route} ${entry.path} ${entry.status}`)).toEqual(
      [
        'GET /orgs/{org}/actions/secrets /orgs/acme/actions/secrets 200',
        'GET /orgs/{org}/actions/secrets/{secret_name}/repositories /orgs/acme/actions/secrets/NPM_TOKEN/repositories 200',
        'GET /repos/{owner}/{repo}/actions/secrets /repos/acme/api/actions/secrets 200',
        'GET /repos/{owner}/{repo}/collaborators /repos/acme/api/collaborators 200',
        'GET /repos/{owner}/{repo}/actions/secrets /repos/acme/docs/actions/secrets 200',
        'GET /repos/{owner}/{repo}/actions/secrets /repos/acme/web/actions/secrets 200',
        'GET /repos/{owner}/{repo}/collaborators /repos/acme/web/collaborators 200',
      ],
    );
    expect(github.requestLog.slice(0, 6).map((entry) => entry.route)).toEqual([
      'GET /orgs/{org}/members',
      'GET /orgs/{org}/members',
      'GET /orgs/{org}/outside_collaborators',
      'POST /graphql',
      'GET /orgs/{org}/installations',
      'GET /orgs/{org}/repos',
    ]);
    expect(github.requestLog.find((entry) => entry.path.endsWith('/collaborators'))!.query).toEqual({
      affiliation: 'all',
      per_page: '100',
    });
  });

  it('keeps a denied secrets list partial for that repository, never "no secrets"', async () => {
    const github = await start({
      faults: [{ path: '/repos/acme/api/actions/secrets', status: 403, times: Number.POSITIVE_INFINITY }],
    });
    const listed = await list(github, { orgs: ['acme'], kinds: ['actions-secret'], concurrency: 1 });
    expect(listed.partial).toEqual([
      {
        scope: 'repo acme/api Actions secrets',
        reason: expect.stringMatching(/^403 GET \/repos\/acme\/api\/actions\/secrets: /),
      },
    ]);
    // The organization secrets it receives still know its writers.
    expect(listed.credentials.map((c) => [c.uid, c.readers?.length])).toEqual([
      ['github:acme:actions-secret:NPM_TOKEN', 3],
      ['github:acme:actions-secret:SLACK_WEBHOOK', 4],
    ]);
  });

  it('marks readers incomplete when a collaborators list is denied', async () => {
    const github = await start({ faults: [{ path: '/repos/acme/web/collaborators', status: 403 }] });
    const listed = await list(github, { orgs: ['acme'], kinds: ['actions-secret'], concurrency: 1 });
    expect(listed.partial).toEqual([
      {
        scope: 'repo acme/web collaborators',
        reason: expect.stringMatching(
          /^403 GET \/repos\/acme\/web\/collaborators: .*; the readers of its Actions secrets \(and of organization secrets it receives\) are incomplete$/,
        ),
      },
    ]);
    expect(listed.credentials.find((c) => c.externalId === 'SLACK_WEBHOOK')!.readers).toEqual([
      ANN,
      BOB,
      VIC,
    ]);
  });

  it('serves a new value set through the API (PUT) as a later valueSetAt, and refuses a body without one', async () => {
    const github = await start();
    const put = (body: unknown) =>
      fetch(`${github.endpoint}/repos/acme/api/actions/secrets/deploy_token`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ key_id: 'k1' })).status).toBe(422);
    expect((await put({ encrypted_value: 'ZmFrZQ==', key_id: 'k1' })).status).toBe(204);
    const stored = github.estate.orgs[0]!.repos[0]!.actionsSecrets![0]!;
    expect(stored).not.toHaveProperty('encrypted_value');
    const listed = await list(github, { orgs: ['acme'], kinds: ['actions-secret'] });
    const valueSetAt = listed.credentials.find((c) => c.externalId === 'DEPLOY_TOKEN')!.valueSetAt!;
    expect(valueSetAt > '2026-06-01T10:00:00.000Z').toBe(true);
    expect(valueSetAt).toBe(new Date(stored.updated_at).toISOString());
  });

  it('rotates by hand: one manual step with instructions, and verify re-reads the secret', async () => {
    const github = await start();
    const listed = await list(github, { orgs: ['acme'], kinds: ['actions-secret'] });
    const scanner = githubScanner(github);
    const [repoSecret, orgSecret] = listed.credentials;
    expect(scanner.revoker.steps(repoSecret!)).toEqual(['manual']);
    github.requestLog.length = 0;
    const signal = new AbortController().signal;
    expect(await scanner.revoker.revoke(repoSecret!, 'manual', { dryRun: false, signal })).toEqual({
      outcome: 'waiting-for-human',
      apiCall: 'manual',
      manualTask: {
        instructions:
          'Rotate the Actions secret DEPLOY_TOKEN of repository acme/api: issue a new value at the service it unlocks, set it with `gh secret set DEPLOY_TOKEN --repo acme/api`, revoke the old value at that service, then run `nhiscan queue confirm ID --by WHO --reason TEXT`. Do not delete the secret: workflows using it would fail.',
      },
    });
    expect(
      (await scanner.revoker.revoke(orgSecret!, 'manual', { dryRun: true, signal })).manualTask!.instructions,
    ).toContain('`gh secret set NPM_TOKEN --org acme`');
    await expect(scanner.revoker.revoke(repoSecret!, 'delete', { dryRun: true, signal })).rejects.toThrow(
      'github: github:acme/api:actions-secret:DEPLOY_TOKEN is acted on by hand: step delete is refused; its only step is manual',
    );
    expect(github.requestLog).toEqual([]);

    const context = { signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' };
    expect(await scanner.revoker.verify!(repoSecret!, context)).toEqual({
      usable: true,
      exists: true,
      detail: 'secret exists, value last set 2026-06-01T10:00:00Z',
    });
    github.estate.orgs[0]!.actionsSecrets = [];
    expect(await scanner.revoker.verify!(orgSecret!, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'secret no longer exists',
    });
    expect(github.requestLog.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /repos/acme/api/actions/secrets/DEPLOY_TOKEN 200',
      'GET /orgs/acme/actions/secrets/NPM_TOKEN 404',
    ]);
  });
});

describe('nhiscan scan with Actions secrets', () => {
  const dir = temporaryDirectory();
  let emulator: GithubEmulator | undefined;
  const scan = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate: secretsEstate(), ...options });
    process.env[TOKEN_ENV] = TOKEN;
    writeFileSync(
      join(dir.path, 'hr.csv'),
      [
        'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
        'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
        'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,',
        'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,github:cyd',
        'E4,vic@vendor.example,Vic,active,contractor,2020-01-01,,github:vendor-vic',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: github',
        '    name: github',
        '    orgs: [acme]',
        '    kinds: [actions-secret]',
        `    baseUrl: ${emulator.endpoint}`,
        `    auth: { token: env:${TOKEN_ENV} }`,
        '',
      ].join('\n'),
    );
    return cli(['scan', '--as-of', '2026-11-26', '--json', '--fail-on', 'none'], { cwd: dir.path });
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  afterAll(() => dir.remove());

  it('produces the records a leaver could read, and flags those set before they left', async () => {
    const result = await scan();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scan.sources[0].credentials).toBe(3);
    // Bob (write on acme/api) left on 2026-10-01: NPM_TOKEN was set again after that. (Age rules
    // are the policy's business: only the leaver rule is pinned here.)
    expect(
      report.findings
        .filter((finding: { rule: string }) => finding.rule === 'leaver-shared-secret')
        .map((finding: { credentialUid: string; rule: string }) => [finding.credentialUid, finding.rule]),
    ).toEqual([
      ['github:acme/api:actions-secret:DEPLOY_TOKEN', 'leaver-shared-secret'],
      ['github:acme:actions-secret:SLACK_WEBHOOK', 'leaver-shared-secret'],
    ]);
  });

  it('exits 3 when the organization secrets cannot be read, naming the problem', async () => {
    const result = await scan({ faults: [{ path: '/orgs/acme/actions/secrets', status: 403 }] });
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.scan.sources[0].status).toBe('partial');
    expect(report.scan.sources[0].problems).toEqual([
      {
        scope: 'org acme Actions secrets',
        reason: expect.stringMatching(/^403 GET \/orgs\/acme\/actions\/secrets: /),
      },
    ]);
  });
});
