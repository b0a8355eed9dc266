/**
 * The downstream account check against the IAM emulator: IAM users that map to a leaver or an
 * expired contractor (owner tag, user name, email local part) are listed as `iam-user`
 * person-account records built from what the scan reads anyway (no call of its own); an active
 * person's user is not; a failed GetLoginProfile that leaves access undecided is a partial mark.
 * Policy then raises exactly one leaver-access-remains on each active record.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEstate, AwsUserEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { plugin } from '../../../scanners/aws/index.js';
import { leaverIndex } from '../../../scanners/aws/leaver-users.js';
import { awsOptionsSchema } from '../../../scanners/aws/options.js';
import { DEFAULT_POLICY } from '../../../src/core/config-types.js';
import type { Credential, Person } from '../../../src/core/model.js';
import { buildPeopleDirectory } from '../../../src/core/people.js';
import type { ScanPage } from '../../../src/core/plugin.js';
import { resolveOwner } from '../../../src/correlate/index.js';
import { evaluate } from '../../../src/policy/evaluate.js';
import { person as personOf } from '../../support/builders.js';

const AS_OF = new Date('2026-11-26T00:00:00Z');

const person = (email: string, extra: Partial<Person> = {}): Person =>
  personOf(`E-${email.split('@')[0]}`, {
    email,
    name: email
      .split('@')[0]!
      .split('.')
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join(' ')
      .concat(' Example'),
    ...extra,
  });
const left = { status: 'terminated', terminationDate: '2026-10-01' } as const;

const PEOPLE: Person[] = [
  person('ann@acme.example'),
  person('bob@acme.example', left),
  person('carol.lee@acme.example', left),
  person('dave@acme.example', { workerType: 'contractor', contractEndDate: '2026-09-30' }),
  person('frank@acme.example', { ...left, aliases: ['fwhite'] }),
  person('gina@acme.example', left),
];

const key = (id: string, status: 'Active' | 'Inactive', createDate: string) => ({ id, status, createDate });
const user = (name: string, extra: Partial<AwsUserEstate> = {}): AwsUserEstate => ({
  name,
  userId: `AIDA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(16, 'X')}`,
  createDate: '2024-05-01T00:00:00Z',
  ...extra,
});

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIALEAVERCALLER0001',
      secretAccessKey: 'leaver-test-secret',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [
      {
        id: '111111111111',
        users: [
          // Ann is active: her console user is nobody's downstream gap.
          user('ann', { loginProfile: { createDate: '2024-05-02T00:00:00Z' } }),
          // Bob's service user, tagged with its owner: keys only, no console password. It is not Bob's
          // own account (nobody signs in as it): its keys are his credentials (leaver-owned), no record.
          user('svc-etl', {
            tags: { owner: 'bob@acme.example', team: 'data' },
            groups: ['admins'],
            accessKeys: [
              key('AKIALEAVERETL0000001', 'Active', '2025-01-01T00:00:00Z'),
              key('AKIALEAVERETL0000002', 'Inactive', '2025-02-01T00:00:00Z'),
            ],
          }),
          // Carol's console user, by her email's local part: a password, no keys.
          user('carol.lee', {
            loginProfile: { createDate: '2024-05-02T00:00:00Z', passwordLastUsed: '2026-09-28T10:00:00Z' },
          }),
          // Dave's (contract ended) user has nothing left: listed, inactive.
          user('dave', { accessKeys: [key('AKIALEAVERDAVE000001', 'Inactive', '2025-03-01T00:00:00Z')] }),
        ],
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPALEAVERADMINS0001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
      },
      {
        id: '222222222222',
        scannerRoleName: 'nhiscan-read',
        // GetLoginProfile is denied here: could not look.
        deniedActions: ['GetLoginProfile'],
        users: [
          // Frank's alias, a password only: whether it still gives access cannot be told.
          user('fwhite', { loginProfile: { createDate: '2024-05-02T00:00:00Z' } }),
          // Gina's user has an active key: access remains, password unknown.
          user('gina-ci', {
            tags: { owner_email: 'GINA@acme.example' },
            accessKeys: [key('AKIALEAVERGINA000001', 'Active', '2025-04-01T00:00:00Z')],
            loginProfile: { createDate: '2024-05-02T00:00:00Z' },
          }),
        ],
        roles: [{ name: 'nhiscan-read', roleId: 'AROALEAVERREAD000001', createDate: '2024-01-01T00:00:00Z' }],
        groups: [],
      },
    ],
  };
}

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env.LEAVER_AWS_KEY;
  delete process.env.LEAVER_AWS_SECRET;
});

async function scan(people: readonly Person[] | undefined) {
  process.env.LEAVER_AWS_KEY = 'AKIALEAVERCALLER0001';
  process.env.LEAVER_AWS_SECRET = 'leaver-test-secret';
  const options = awsOptionsSchema.parse({
    endpoint: emulator!.endpoint,
    credentials: { accessKeyId: 'env:LEAVER_AWS_KEY', secretAccessKey: 'env:LEAVER_AWS_SECRET' },
    accounts: [{ id: '111111111111' }, { id: '222222222222', roleName: 'nhiscan-read' }],
    sshPublicKeys: false,
  });
  const pages: ScanPage[] = [];
  for await (const page of plugin.create(options, { name: 'aws' }).list({
    signal: new AbortController().signal,
    asOf: AS_OF,
    baseDir: '.',
    ...(people ? { people } : {}),
  }))
    pages.push(page);
  return {
    credentials: pages.flatMap((page) => page.credentials),
    partial: pages.flatMap((page) => (page.partial ? [page.partial] : [])),
  };
}

const personAccounts = (credentials: Credential[]) =>
  credentials.filter((credential) => credential.nature === 'person-account');

const record = (
  account: string,
  name: string,
  fields: Pick<Credential, 'status' | 'privileged' | 'privilegedReasons' | 'department' | 'lastUsedAt'> & {
    owner: string;
    matchedBy: string;
    attributes: Record<string, string>;
  },
): Credential => ({
  uid: `aws:${account}:iam-user:${name}`,
  provider: 'aws',
  account,
  kind: 'iam-user',
  externalId: name,
  principalUid: `aws:${account}:user/${name}`,
  principalName: name,
  status: fields.status,
  createdAt: '2024-05-01T00:00:00.000Z',
  expiresAt: null,
  lastUsedAt: fields.lastUsedAt,
  lastUsedKnown: false,
  lastUsedUnknownReason:
    'an IAM user is used through its console password and each access key; PasswordLastUsed covers the password only (each key has its own record)',
  privileged: fields.privileged,
  privilegedReasons: fields.privilegedReasons,
  department: fields.department,
  ownerSignals: [
    { kind: 'login', value: fields.owner, source: `aws:${account}:user/${name} ${fields.matchedBy}` },
  ],
  attributes: { ...fields.attributes, matchedBy: fields.matchedBy },
  nature: 'person-account',
});

const EXPECTED: Credential[] = [
  record('111111111111', 'carol.lee', {
    status: 'active',
    privileged: false,
    privilegedReasons: [],
    department: null,
    lastUsedAt: '2026-09-28T10:00:00.000Z',
    owner: 'carol.lee@acme.example',
    matchedBy: 'user name (email local part)',
    attributes: {
      consolePassword: 'yes',
      activeAccessKeys: '0',
      activeAccessKeyIds: '',
      passwordLastUsed: '2026-09-28T10:00:00.000Z',
    },
  }),
  record('111111111111', 'dave', {
    status: 'inactive',
    privileged: false,
    privilegedReasons: [],
    department: null,
    lastUsedAt: null,
    owner: 'dave@acme.example',
    matchedBy: 'user name (email local part)',
    attributes: { consolePassword: 'no', activeAccessKeys: '0', activeAccessKeyIds: '' },
  }),
  record('222222222222', 'gina-ci', {
    status: 'active',
    privileged: false,
    privilegedReasons: [],
    department: null,
    lastUsedAt: null,
    owner: 'gina@acme.example',
    matchedBy: 'tag owner_email (email)',
    attributes: {
      consolePassword: 'unknown',
      activeAccessKeys: '1',
      activeAccessKeyIds: 'AKIALEAVERGINA000001',
    },
  }),
];

describe('aws downstream account check (iam-user person-account records)', () => {
  it('lists the exact records of leavers’ and expired contractors’ IAM users, never an active person’s', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const { credentials } = await scan(PEOPLE);
    expect(personAccounts(credentials)).toEqual(EXPECTED);
  });

  it('marks a user whose access could not be read partial, with the exact reason', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const { partial } = await scan(PEOPLE);
    expect(partial.map((mark) => mark.scope)).toEqual([
      'account 222222222222 user fwhite iam.GetLoginProfile',
      'account 222222222222 user fwhite (IAM user of frank@acme.example)',
      'account 222222222222 user gina-ci iam.GetLoginProfile',
    ]);
    expect(partial[0]!.reason).toMatch(
      /^AccessDenied: User: arn:aws:sts::222222222222:assumed-role\/nhiscan-read\/nhiscan is not authorized to perform: iam:GetLoginProfile/,
    );
    expect(partial[1]!.reason).toBe(
      'could not tell whether it still gives access: iam.GetLoginProfile failed',
    );
  });

  it('makes no call of its own: the same requests with and without people, and none without lists no record', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const without = await scan(undefined);
    const requestsWithout = emulator.requestLog.splice(0);
    expect(personAccounts(without.credentials)).toEqual([]);
    await scan(PEOPLE);
    const requestsWith = emulator.requestLog.splice(0);
    const calls = (log: typeof requestsWith) =>
      log.map((entry) => `${entry.accountId} ${entry.action} ${entry.params.UserName ?? ''}`).sort();
    expect(calls(requestsWith)).toEqual(calls(requestsWithout));
  });

  it('raises exactly one leaver-access-remains (critical, with the access facts) on each active record', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const { credentials } = await scan(PEOPLE);
    const directory = buildPeopleDirectory(PEOPLE);
    const findings = personAccounts(credentials).flatMap((credential) =>
      evaluate(credential, resolveOwner(credential, directory), directory, DEFAULT_POLICY, AS_OF),
    );
    expect(findings.map((finding) => [finding.credentialUid, finding.rule, finding.severity])).toEqual([
      ['aws:111111111111:iam-user:carol.lee', 'leaver-access-remains', 'critical'],
      ['aws:222222222222:iam-user:gina-ci', 'leaver-access-remains', 'critical'],
    ]);
    expect(findings[0]!.evidence).toMatchObject({
      account: 'carol.lee',
      access: {
        consolePassword: 'yes',
        activeAccessKeys: '0',
        passwordLastUsed: '2026-09-28T10:00:00.000Z',
        matchedBy: 'user name (email local part)',
      },
    });
  });
});

describe('which IAM users map to a leaver', () => {
  const users = (name: string, tags: Record<string, string> = {}) => ({
    UserName: name,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
  const matchOf = (people: Person[], user: ReturnType<typeof users>) => {
    const match = leaverIndex(people, AS_OF)?.match(user, ['owner', 'owner_email']);
    return match ? [match.person.email, match.matchedBy] : undefined;
  };

  it('names nobody when no one has left, or when HR is absent', () => {
    expect(leaverIndex([person('ann@acme.example')], AS_OF)).toBeUndefined();
    expect(leaverIndex(undefined, AS_OF)).toBeUndefined();
  });

  it('tries the owner tags in order, then the user name; a tag naming someone current is passed over', () => {
    expect(matchOf(PEOPLE, users('carol.lee', { owner: 'ann@acme.example' }))).toEqual([
      'carol.lee@acme.example',
      'user name (email local part)',
    ]);
    expect(
      matchOf(PEOPLE, users('x', { owner: 'ann@acme.example', owner_email: 'bob@acme.example' })),
    ).toEqual(['bob@acme.example', 'tag owner_email (email)']);
    expect(matchOf(PEOPLE, users('fwhite'))).toEqual(['frank@acme.example', 'user name (alias)']);
    // A user named after a current person is theirs, not a leaver's.
    expect(matchOf(PEOPLE, users('ann'))).toBeUndefined();
  });

  it('never matches by a local part two people share, nor a leaver record a rehire took over', () => {
    const shared = [...PEOPLE, person('bob@other.example', { employeeId: 'E-bob-other' })];
    expect(matchOf(shared, users('bob'))).toBeUndefined();
    const rehired = [
      person('hal@acme.example', { ...left, employeeId: 'E-hal-1', hireDate: '2019-01-01' }),
      person('hal@acme.example', { employeeId: 'E-hal-2', hireDate: '2026-11-01' }),
    ];
    expect(matchOf(rehired, users('hal', { owner: 'hal@acme.example' }))).toBeUndefined();
  });
});
