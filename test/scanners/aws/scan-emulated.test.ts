/**
 * The AWS scanner through the official SDK against the IAM/STS/Organizations emulator: exact
 * inventory of a two-account estate, page size 1, throttling storms, an account that answers
 * AccessDenied, and revocation that touches only the named key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { plugin } from '../../../scanners/aws/index.js';
import { awsOptionsSchema } from '../../../scanners/aws/options.js';
import type { Credential } from '../../../src/core/model.js';
import type { ScanPage } from '../../../src/core/plugin.js';

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIATESTCALLER000001',
      secretAccessKey: 'test-secret-1',
      accountId: '111111111111',
      userName: 'scanner',
    },
    organization: {
      managementAccountId: '111111111111',
      accounts: [
        { id: '111111111111', name: 'prod', status: 'ACTIVE' },
        { id: '222222222222', name: 'dev', status: 'ACTIVE' },
        { id: '333333333333', name: 'closed', status: 'SUSPENDED' },
      ],
    },
    accounts: [
      {
        id: '111111111111',
        scannerRoleName: 'nhiscan-read',
        users: [
          {
            name: 'svc-backup',
            userId: 'AIDATEST000000000001',
            createDate: '2024-01-01T00:00:00Z',
            tags: { owner: 'ann@acme.example', team: 'platform' },
            groups: ['admins'],
            accessKeys: [
              {
                id: 'AKIATESTKEY000000001',
                status: 'Active',
                createDate: '2025-01-01T00:00:00Z',
                lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
              },
              { id: 'AKIATESTKEY000000002', status: 'Active', createDate: '2025-06-01T00:00:00Z' },
            ],
            loginProfile: { createDate: '2024-01-02T00:00:00Z' },
          },
          {
            name: 'bo',
            userId: 'AIDATEST000000000002',
            createDate: '2024-01-01T00:00:00Z',
            // May push to CodeCommit over SSH: so its SSH key is listed (codecommit-access.ts).
            inlinePolicies: [
              {
                name: 'push-infra',
                document: {
                  Statement: {
                    Effect: 'Allow',
                    Action: 'codecommit:GitPush',
                    Resource: 'arn:aws:codecommit:us-east-1:111111111111:infra',
                  },
                },
              },
            ],
            accessKeys: [
              { id: 'AKIATESTKEY000000003', status: 'Inactive', createDate: '2024-06-01T00:00:00Z' },
            ],
            sshPublicKeys: [
              {
                id: 'APKATEST000000000001',
                status: 'Active',
                uploadDate: '2025-02-02T00:00:00Z',
                fingerprint: 'aa:bb',
              },
            ],
          },
        ],
        roles: [{ name: 'nhiscan-read', roleId: 'AROATEST000000000001', createDate: '2024-01-01T00:00:00Z' }],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPATEST000000000001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
      },
      {
        id: '222222222222',
        scannerRoleName: 'nhiscan-read',
        users: [
          {
            name: 'ci',
            userId: 'AIDATEST000000000003',
            createDate: '2024-01-01T00:00:00Z',
            tags: { owner: 'cy@acme.example' },
            serviceSpecificCredentials: [
              {
                id: 'ACCATEST000000000001',
                serviceName: 'codecommit.amazonaws.com',
                serviceUserName: 'ci-at-2222',
                status: 'Active',
                createDate: '2025-03-03T00:00:00Z',
              },
            ],
            signingCertificates: [
              {
                id: 'CERTTEST0000000000000000000000001',
                status: 'Active',
                uploadDate: '2025-04-04T00:00:00Z',
              },
            ],
          },
        ],
        roles: [],
        groups: [],
      },
    ],
  };
}

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env.TEST_AWS_KEY;
  delete process.env.TEST_AWS_SECRET;
});

async function scan(options: Record<string, unknown>) {
  process.env.TEST_AWS_KEY = 'AKIATESTCALLER000001';
  process.env.TEST_AWS_SECRET = 'test-secret-1';
  const parsed = awsOptionsSchema.parse({
    endpoint: emulator!.endpoint,
    credentials: { accessKeyId: 'env:TEST_AWS_KEY', secretAccessKey: 'env:TEST_AWS_SECRET' },
    ...options,
  });
  const scanner = plugin.create(parsed, { name: 'aws' });
  const pages: ScanPage[] = [];
  for await (const page of scanner.list({
    signal: new AbortController().signal,
    asOf: new Date('2026-11-26'),
    baseDir: '.',
  }))
    pages.push(page);
  return {
    scanner,
    pages,
    credentials: pages.flatMap((page) => page.credentials),
    partial: pages.flatMap((page) => (page.partial ? [page.partial] : [])),
  };
}

const summary = (credentials: Credential[]) =>
  credentials
    .map(
      (c) =>
        `${c.uid} ${c.status} privileged=${c.privileged} lastUsed=${c.lastUsedKnown ? c.lastUsedAt : 'unknown'} owner=${c.ownerSignals.map((s) => s.value).join('|')}`,
    )
    .sort();

const EXPECTED = [
  'aws:111111111111:access-key:AKIATESTKEY000000001 active privileged=true lastUsed=2026-11-20T00:00:00.000Z owner=ann@acme.example|svc-backup',
  'aws:111111111111:access-key:AKIATESTKEY000000002 active privileged=true lastUsed=null owner=ann@acme.example|svc-backup',
  'aws:111111111111:access-key:AKIATESTKEY000000003 inactive privileged=false lastUsed=null owner=bo',
  'aws:111111111111:console-password:svc-backup active privileged=true lastUsed=null owner=ann@acme.example|svc-backup',
  'aws:111111111111:ssh-public-key:APKATEST000000000001 active privileged=false lastUsed=unknown owner=bo',
  'aws:222222222222:service-specific-credential:ACCATEST000000000001 active privileged=false lastUsed=unknown owner=cy@acme.example|ci',
  'aws:222222222222:signing-certificate:CERTTEST0000000000000000000000001 active privileged=false lastUsed=unknown owner=cy@acme.example|ci',
];

describe('aws scanner against the emulator', () => {
  it('returns the exact inventory of a two-account estate found through Organizations', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const result = await scan({ organization: { roleName: 'nhiscan-read' } });
    expect(result.partial).toEqual([]);
    expect(summary(result.credentials)).toEqual(EXPECTED);
    expect(result.pages.flatMap((page) => page.principals.map((p) => p.uid)).sort()).toEqual([
      'aws:111111111111:role/nhiscan-read',
      'aws:111111111111:user/bo',
      'aws:111111111111:user/svc-backup',
      'aws:222222222222:user/ci',
    ]);
    expect(emulator.requestLog.some((entry) => entry.accountId === '333333333333')).toBe(false);
  });

  it('gives the same inventory with page size 1 and through a throttling storm', async () => {
    emulator = await startAwsEmulator({ estate: estate(), rateLimit: { requestsPerSecond: 40, burst: 2 } });
    const result = await scan({
      accounts: [
        { id: '111111111111', roleName: 'nhiscan-read' },
        { id: '222222222222', roleName: 'nhiscan-read' },
      ],
      pageSize: 1,
      concurrency: 4,
    });
    expect(result.partial).toEqual([]);
    expect(summary(result.credentials)).toEqual(EXPECTED);
    expect(emulator.throttledCount).toBeGreaterThan(0);
  });

  it('marks the scan partial when one account answers AccessDenied, and still scans the others', async () => {
    const denied = estate();
    denied.accounts[0]!.denyAll = true;
    emulator = await startAwsEmulator({ estate: denied });
    const result = await scan({
      accounts: [
        { id: '111111111111', roleName: 'nhiscan-read' },
        { id: '222222222222', roleName: 'nhiscan-read' },
      ],
    });
    expect(result.partial.map((mark) => mark.scope)).toEqual(['account 111111111111']);
    expect(result.partial[0]?.reason).toMatch(/^AccessDenied: /);
    expect(summary(result.credentials)).toEqual(
      EXPECTED.filter((line) => line.startsWith('aws:222222222222')),
    );
  });

  it('revokes exactly the named key: disable, then delete, then already-revoked; verify re-reads', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const { scanner, credentials } = await scan({
      accounts: [{ id: '111111111111', roleName: 'nhiscan-read' }],
    });
    const target = credentials.find((c) => c.externalId === 'AKIATESTKEY000000002')!;
    const signal = new AbortController().signal;
    const before = emulator.requestLog.length;

    expect(await scanner.revoker.revoke(target, 'disable', { dryRun: true, signal })).toEqual({
      outcome: 'planned',
      apiCall: 'iam:UpdateAccessKey UserName=svc-backup AccessKeyId=AKIATESTKEY000000002 Status=Inactive',
    });
    expect(emulator.requestLog.slice(before).filter((entry) => entry.service === 'iam')).toEqual([]);

    expect((await scanner.revoker.revoke(target, 'disable', { dryRun: false, signal })).outcome).toBe(
      'revoked',
    );
    expect(await scanner.revoker.verify(target, { signal, asOf: new Date(), baseDir: '.' })).toEqual({
      usable: false,
      exists: true,
      detail: 'status Inactive',
    });
    expect((await scanner.revoker.revoke(target, 'delete', { dryRun: false, signal })).outcome).toBe(
      'revoked',
    );
    expect((await scanner.revoker.revoke(target, 'delete', { dryRun: false, signal })).outcome).toBe(
      'already-revoked',
    );
    expect(await scanner.revoker.verify(target, { signal, asOf: new Date(), baseDir: '.' })).toEqual({
      usable: false,
      exists: false,
      detail: 'key no longer exists',
    });

    const writes = emulator.requestLog.slice(before).filter((entry) => /^(Update|Delete)/.test(entry.action));
    expect(writes.map((entry) => [entry.action, entry.params.AccessKeyId, entry.params.Status])).toEqual([
      ['UpdateAccessKey', 'AKIATESTKEY000000002', 'Inactive'],
      ['DeleteAccessKey', 'AKIATESTKEY000000002', undefined],
      ['DeleteAccessKey', 'AKIATESTKEY000000002', undefined],
    ]);
    const sibling = emulator.estate.accounts[0]!.users[0]!.accessKeys!;
    expect(sibling.map((key) => [key.id, key.status])).toEqual([['AKIATESTKEY000000001', 'Active']]);
  });

  it('reads last use from the credential report and skips per-user calls it makes unnecessary', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const withReport = await scan({ accounts: [{ id: '111111111111', roleName: 'nhiscan-read' }] });
    const calls = (log: AwsEmulator['requestLog']) => {
      const counts: Record<string, number> = {};
      for (const entry of log)
        if (entry.service === 'iam') counts[entry.action] = (counts[entry.action] ?? 0) + 1;
      return counts;
    };
    expect(calls(emulator.requestLog)).toEqual({
      GetAccountAuthorizationDetails: 1,
      GenerateCredentialReport: 1,
      GetCredentialReport: 1,
      ListServiceSpecificCredentials: 1,
      ListAccessKeys: 2,
      ListSSHPublicKeys: 2,
      GetLoginProfile: 1,
    });
    expect(summary(withReport.credentials)).toEqual(
      EXPECTED.filter((line) => line.startsWith('aws:111111111111')),
    );

    emulator.requestLog.length = 0;
    const perKey = await scan({
      accounts: [{ id: '111111111111', roleName: 'nhiscan-read' }],
      credentialReport: false,
    });
    expect(calls(emulator.requestLog)).toEqual({
      GetAccountAuthorizationDetails: 1,
      ListServiceSpecificCredentials: 1,
      ListUsers: 1,
      ListAccessKeys: 2,
      GetAccessKeyLastUsed: 3,
      ListSSHPublicKeys: 2,
      ListSigningCertificates: 2,
      GetLoginProfile: 2,
    });
    expect(summary(perKey.credentials)).toEqual(summary(withReport.credentials));
  });
});
