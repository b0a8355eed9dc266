/**
 * Downstream account checks of the GitHub scanner against the emulator: a leaver who is still a
 * member (matched by SAML identity), an expired contractor still an outside collaborator and a
 * leaver still an owner (matched by `github:` alias), a leaver invited by email; active people
 * ignored; the invitations list read only when someone has left; a failed list stays partial (exit 3).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { GithubEmulatorOptions } from '../../../scanners/github/emulator/types.js';
import type { Credential, Person } from '../../../src/core/model.js';
import type { PartialMark } from '../../../src/core/plugin.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { AS_OF, HR_CSV, memberEstate, PEOPLE } from './member-estate.js';
import { githubScanner, requestsByOrganization } from './run-scanner.js';

/** The kinds these tests are about, and the credential kinds read alongside them. */
const KINDS = [
  'personal-access-token',
  'ssh-key',
  'fine-grained-pat',
  'deploy-key',
  'org-membership',
  'outside-collaborator',
  'org-invitation',
];

const DENIED = '403 GET /orgs/acme/members: Server Error';
const UNKNOWN =
  'GitHub does not report when a person last used their access to an organization: unknown, not unused';

const BOB: Credential = {
  uid: 'github:acme:org-membership:bob',
  provider: 'github',
  account: 'acme',
  kind: 'org-membership',
  externalId: 'bob',
  principalUid: 'github:acme:user/bob',
  principalName: 'bob',
  status: 'active',
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  lastUsedKnown: false,
  lastUsedUnknownReason: UNKNOWN,
  privileged: false,
  privilegedReasons: [],
  department: null,
  ownerSignals: [
    {
      kind: 'saml-identity',
      value: 'bob@acme.example',
      source: 'github:acme:org-membership:bob: SAML nameId of bob in acme',
    },
  ],
  attributes: { role: 'member', matchedBy: 'SAML nameId bob@acme.example' },
  nature: 'person-account',
};

/** uid, principal, privilege, owner signal and attributes of every other record. */
const OTHERS = [
  'github:acme:org-invitation:9101 principal=fay@acme.example (null) created=2026-09-01T10:00:00.000Z privileged=[] owner=login:fay@acme.example {"role":"direct_member","matchedBy":"invitation email fay@acme.example","invitedBy":"ann","teamCount":"1","email":"fay@acme.example"}',
  'github:acme:outside-collaborator:vendor-vic principal=vendor-vic (github:acme:user/vendor-vic) created=null privileged=[] owner=login:github:vendor-vic {"matchedBy":"HR alias github:vendor-vic"}',
  'github:beta:org-membership:dan principal=dan (github:beta:user/dan) created=null privileged=[organization owner of beta (role admin)] owner=login:github:dan {"role":"admin","matchedBy":"HR alias github:dan"}',
];

function line(credential: Credential): string {
  const [signal] = credential.ownerSignals;
  return [
    credential.uid,
    `principal=${credential.principalName} (${credential.principalUid})`,
    `created=${credential.createdAt}`,
    `privileged=[${credential.privilegedReasons.join('; ')}]`,
    `owner=${signal?.kind}:${signal?.value}`,
    JSON.stringify(credential.attributes),
  ].join(' ');
}

/** One organization's calls in order; `invitations` when someone in HR has left. */
const ORG_CALLS = (org: string, repos: string[], invitations: boolean) => [
  `GET /orgs/${org}/members`,
  `GET /orgs/${org}/members`,
  `GET /orgs/${org}/outside_collaborators`,
  'POST /graphql',
  `GET /orgs/${org}/installations`,
  ...(invitations ? [`GET /orgs/${org}/invitations`] : []),
  `GET /orgs/${org}/credential-authorizations`,
  `GET /orgs/${org}/personal-access-tokens`,
  `GET /orgs/${org}/repos`,
  ...repos.map((repo) => `GET /repos/${org}/${repo}/keys`),
];

describe('github downstream account checks', () => {
  let emulator: GithubEmulator | undefined;
  const start = async (options: Omit<GithubEmulatorOptions, 'estate'> = {}) => {
    emulator = await startGithubEmulator({ estate: memberEstate(), ...options });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function listWith(
    github: GithubEmulator,
    people: readonly Person[] | undefined,
    focus?: readonly Person[],
  ) {
    const context = {
      signal: new AbortController().signal,
      asOf: new Date(`${AS_OF}T00:00:00Z`),
      baseDir: '.',
      ...(people ? { people } : {}),
      ...(focus ? { focus } : {}),
    };
    const credentials: Credential[] = [];
    const partial: PartialMark[] = [];
    for await (const page of githubScanner(github, { kinds: KINDS }).list(context)) {
      credentials.push(...page.credentials);
      if (page.partial) partial.push(page.partial);
    }
    const accounts = credentials
      .filter((credential) => credential.nature === 'person-account')
      .sort((a, b) => (a.uid < b.uid ? -1 : 1));
    return { credentials, accounts, partial };
  }

  it('lists exactly the access of people who have left, with one invitations call per organization', async () => {
    const github = await start();
    const { accounts, partial } = await listWith(github, PEOPLE);
    expect(partial).toEqual([]);
    expect(accounts.find((credential) => credential.uid === BOB.uid)).toEqual(BOB);
    expect(accounts.filter((credential) => credential.uid !== BOB.uid).map(line)).toEqual(OTHERS);
    const call = (entry: { method: string; path: string }) => `${entry.method} ${entry.path}`;
    expect(requestsByOrganization(github, ['acme', 'beta'], call)).toEqual([
      ...ORG_CALLS('acme', ['api', 'docs', 'web'], true),
      ...ORG_CALLS('beta', ['infra'], true),
    ]);
  });

  it('reads only the people’s own accounts in a termination scan: no installation, credential or repository', async () => {
    const github = await start();
    const bob = PEOPLE.find((person) => person.employeeId === 'E2')!;
    const { credentials, partial } = await listWith(github, PEOPLE, [bob]);
    expect(partial).toEqual([]);
    expect(credentials).toEqual([BOB]);
    const focusedCalls = (org: string) => [
      `GET /orgs/${org}/members`,
      `GET /orgs/${org}/members`,
      `GET /orgs/${org}/outside_collaborators`,
      'POST /graphql',
      `GET /orgs/${org}/invitations`,
    ];
    const call = (entry: { method: string; path: string }) => `${entry.method} ${entry.path}`;
    expect(requestsByOrganization(github, ['acme', 'beta'], call)).toEqual([
      ...focusedCalls('acme'),
      ...focusedCalls('beta'),
    ]);
  });

  it('lists none and reads no invitations without people, or when nobody has left', async () => {
    for (const people of [
      undefined,
      PEOPLE.filter((person) => person.status === 'active' && !person.contractEndDate),
    ]) {
      const github = await start();
      const { accounts } = await listWith(github, people);
      expect(accounts).toEqual([]);
      expect(github.requestLog.some((entry) => entry.path.endsWith('/invitations'))).toBe(false);
      await github.close();
      emulator = undefined;
    }
  });

  it('lists only the kinds the source is configured for', async () => {
    const github = await start();
    const scanner = githubScanner(github, { kinds: ['org-membership'] });
    const context = {
      signal: new AbortController().signal,
      asOf: new Date(`${AS_OF}T00:00:00Z`),
      baseDir: '.',
      people: PEOPLE,
    };
    const uids: string[] = [];
    for await (const page of scanner.list(context)) uids.push(...page.credentials.map((c) => c.uid));
    expect(uids.sort()).toEqual(['github:acme:org-membership:bob', 'github:beta:org-membership:dan']);
    expect(github.requestLog.some((entry) => entry.path.endsWith('/invitations'))).toBe(false);
  });

  it('keeps a failed invitations list partial, never an empty one', async () => {
    const github = await start({ faults: [{ path: '/orgs/acme/invitations', status: 403 }] });
    const { accounts, partial } = await listWith(github, PEOPLE);
    expect(partial).toEqual([
      {
        scope: 'org acme invitations',
        reason: '403 GET /orgs/acme/invitations: Server Error - https://docs.github.com/rest',
      },
    ]);
    expect(accounts.map((credential) => credential.uid)).toEqual([
      'github:acme:org-membership:bob',
      'github:acme:outside-collaborator:vendor-vic',
      'github:beta:org-membership:dan',
    ]);
  });

  describe('through nhiscan scan', () => {
    let dir = temporaryDirectory();
    beforeEach(() => {
      dir = temporaryDirectory();
    });
    afterEach(() => dir.remove());
    const configure = (github: GithubEmulator, orgs = 'acme, beta') => {
      process.env[TOKEN_ENV] = TOKEN;
      writeFileSync(join(dir.path, 'hr.csv'), HR_CSV);
      writeFileSync(
        join(dir.path, 'nhiscan.yaml'),
        [
          'hr: { source: csv, path: hr.csv }',
          'sources:',
          '  - type: github',
          '    name: github',
          `    orgs: [${orgs}]`,
          `    baseUrl: ${github.endpoint}`,
          `    auth: { token: env:${TOKEN_ENV} }`,
          `    kinds: [${KINDS.join(', ')}]`,
          '',
        ].join('\n'),
      );
    };

    it('raises exactly one leaver-access-remains (critical) per access, with its evidence', async () => {
      const github = await start();
      configure(github);
      const result = await cli(['scan', '--as-of', AS_OF, '--json'], {
        cwd: dir.path,
      });
      expect(result.stderr).toBe('');
      const report = JSON.parse(result.stdout);
      const accountUids = new Set([BOB.uid, ...OTHERS.map((other) => other.split(' ')[0])]);
      const findings = report.findings.filter((finding: { credentialUid: string }) =>
        accountUids.has(finding.credentialUid),
      );
      expect(
        findings.map(
          (finding: { credentialUid: string; rule: string; severity: string }) =>
            `${finding.credentialUid} ${finding.rule} ${finding.severity}`,
        ),
      ).toEqual([
        'github:acme:org-invitation:9101 leaver-access-remains critical',
        'github:acme:org-membership:bob leaver-access-remains critical',
        'github:acme:outside-collaborator:vendor-vic leaver-access-remains critical',
        'github:beta:org-membership:dan leaver-access-remains critical',
      ]);
      const bob = findings.find((finding: { credentialUid: string }) => finding.credentialUid === BOB.uid);
      expect(bob.evidence).toMatchObject({
        account: 'bob',
        access: { role: 'member', matchedBy: 'SAML nameId bob@acme.example' },
        terminationDate: '2026-10-01',
      });
    });

    it('exits 3 when the members list fails: partial, and no membership is listed', async () => {
      const github = await start({ faults: [{ path: '/orgs/acme/members', status: 403, times: 2 }] });
      configure(github, 'acme');
      const result = await cli(['scan', '--as-of', AS_OF, '--json'], {
        cwd: dir.path,
      });
      expect(result.exitCode).toBe(3);
      const report = JSON.parse(result.stdout);
      expect(report.scan.sources[0].status).toBe('partial');
      expect(report.scan.sources[0].problems).toEqual([
        { scope: 'org acme members', reason: `${DENIED} - https://docs.github.com/rest` },
        { scope: 'org acme owners', reason: `${DENIED} - https://docs.github.com/rest` },
      ]);
      const uids = report.credentials.map((credential: { uid: string }) => credential.uid);
      expect(uids).not.toContain(BOB.uid);
      expect(uids).toContain('github:acme:outside-collaborator:vendor-vic');
    });
  });
});
