/**
 * Issue 24 for the AWS scanner, against the emulator through the official SDK: accounts read at
 * once (proved by holding one account's call until the other's arrives, never by timing), and
 * ListSSHPublicKeys only for users whose policies may allow CodeCommit Git (`sshPublicKeys`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsAccountEstate, AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import type { AwsEmulatorOptions, RequestLogEntry } from '../../../scanners/aws/emulator/types.js';
import { plugin } from '../../../scanners/aws/index.js';
import { awsOptionsSchema } from '../../../scanners/aws/options.js';

const RUNTIME_POLICY = (id: string) => `arn:aws:iam::${id}:policy/runtime`;

function account(id: string): AwsAccountEstate {
  const key = (user: string) => ({
    id: `AKIA${id}${user.toUpperCase().padEnd(8, 'X')}`,
    status: 'Active' as const,
    createDate: '2025-01-01T00:00:00Z',
  });
  const ssh = (user: string) => [
    {
      id: `APKA${id}${user.toUpperCase().padEnd(8, 'X')}`,
      status: 'Active' as const,
      uploadDate: '2025-02-02T00:00:00Z',
      fingerprint: 'aa:bb',
    },
  ];
  return {
    id,
    scannerRoleName: 'nhiscan-read',
    users: [
      // A workload user: its policy allows no CodeCommit Git action, so its SSH key is unusable.
      {
        name: 'runtime',
        userId: `AIDA${id}RUNTIME1`,
        createDate: '2024-01-01T00:00:00Z',
        groups: ['services'],
        accessKeys: [key('runtime')],
        sshPublicKeys: ssh('runtime'),
      },
      // Through ReadOnlyAccess (which includes codecommit:GitPull) it may clone over SSH.
      {
        name: 'dev',
        userId: `AIDA${id}DEVELOP1`,
        createDate: '2024-01-01T00:00:00Z',
        groups: ['developers'],
        accessKeys: [key('dev')],
        sshPublicKeys: ssh('dev'),
      },
    ],
    roles: [{ name: 'nhiscan-read', roleId: `AROA${id}SCANNER1`, createDate: '2024-01-01T00:00:00Z' }],
    groups: [
      { name: 'services', groupId: `AGPA${id}SERVICES`, attachedPolicyArns: [RUNTIME_POLICY(id)] },
      {
        name: 'developers',
        groupId: `AGPA${id}DEVELOPS`,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    ],
    managedPolicies: [
      {
        arn: RUNTIME_POLICY(id),
        name: 'runtime',
        document: {
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:*Message'], Resource: '*' }],
        },
      },
    ],
  };
}

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIATESTCALLER000001',
      secretAccessKey: 'test-secret-1',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [account('111111111111'), account('222222222222')],
  };
}

let emulator: AwsEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function scan(options: Record<string, unknown>) {
  process.env.TEST_AWS_KEY = 'AKIATESTCALLER000001';
  process.env.TEST_AWS_SECRET = 'test-secret-1';
  const parsed = awsOptionsSchema.parse({
    endpoint: emulator!.endpoint,
    credentials: { accessKeyId: 'env:TEST_AWS_KEY', secretAccessKey: 'env:TEST_AWS_SECRET' },
    accounts: [
      { id: '111111111111', roleName: 'nhiscan-read' },
      { id: '222222222222', roleName: 'nhiscan-read' },
    ],
    ...options,
  });
  const uids: string[] = [];
  const partial: unknown[] = [];
  for await (const page of plugin.create(parsed, { name: 'aws' }).list({
    signal: new AbortController().signal,
    asOf: new Date('2026-11-26'),
    baseDir: '.',
  })) {
    uids.push(...page.credentials.map((credential) => credential.uid));
    if (page.partial) partial.push(page.partial);
  }
  return { uids: uids.sort(), partial };
}

const sshCalls = (log: RequestLogEntry[]) =>
  log
    .filter((entry) => entry.action === 'ListSSHPublicKeys')
    .map((entry) => `${entry.accountId}/${entry.params.UserName}`)
    .sort();

const KEYS = [
  'aws:111111111111:access-key:AKIA111111111111DEVXXXXX',
  'aws:111111111111:access-key:AKIA111111111111RUNTIMEX',
  'aws:222222222222:access-key:AKIA222222222222DEVXXXXX',
  'aws:222222222222:access-key:AKIA222222222222RUNTIMEX',
];

describe('aws: whose SSH public keys are listed', () => {
  it('by default, only users whose policies may allow codecommit:GitPull/GitPush', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    const result = await scan({});
    expect(result.partial).toEqual([]);
    expect(sshCalls(emulator.requestLog)).toEqual(['111111111111/dev', '222222222222/dev']);
    expect(result.uids).toEqual(
      [
        ...KEYS,
        'aws:111111111111:ssh-public-key:APKA111111111111DEVXXXXX',
        'aws:222222222222:ssh-public-key:APKA222222222222DEVXXXXX',
      ].sort(),
    );
    // The AWS managed policies attached in the account are asked for, to read ReadOnlyAccess.
    const filters = emulator.requestLog
      .filter((entry) => entry.action === 'GetAccountAuthorizationDetails')
      .map((entry) =>
        Object.entries(entry.params)
          .filter(([name]) => name.startsWith('Filter'))
          .map(([, value]) => value),
      );
    expect(filters[0]).toEqual(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  });

  it('all users with `all` (or true), none with `none` (or false)', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    for (const setting of ['all', true]) {
      emulator.requestLog.length = 0;
      const result = await scan({ sshPublicKeys: setting });
      expect(sshCalls(emulator.requestLog)).toEqual([
        '111111111111/dev',
        '111111111111/runtime',
        '222222222222/dev',
        '222222222222/runtime',
      ]);
      expect(result.uids.filter((uid) => uid.includes(':ssh-public-key:'))).toHaveLength(4);
    }
    for (const setting of ['none', false]) {
      emulator.requestLog.length = 0;
      const result = await scan({ sshPublicKeys: setting });
      expect(sshCalls(emulator.requestLog)).toEqual([]);
      expect(result.uids).toEqual(KEYS);
    }
  });

  it('refuses another value, naming what it accepts', () => {
    const parsed = awsOptionsSchema.safeParse({ accounts: [{ id: '111111111111' }], sshPublicKeys: 'some' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['sshPublicKeys']);
  });
});

describe('aws: accounts read at once', () => {
  /** Holds account 1's authorization details until account 2's arrive: only a parallel scan ends. */
  function holdFirstAccountUntilSecond(): Pick<AwsEmulatorOptions, 'hold'> {
    let release!: () => void;
    const secondArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    return {
      hold: (entry) => {
        if (entry.action !== 'GetAccountAuthorizationDetails') return undefined;
        if (entry.accountId === '222222222222') release();
        return entry.accountId === '111111111111' ? secondArrived : undefined;
      },
    };
  }

  it('reads the second account while the first one’s call is still open', async () => {
    emulator = await startAwsEmulator({ estate: estate(), ...holdFirstAccountUntilSecond() });
    const result = await scan({ accountConcurrency: 2 });
    expect(result.partial).toEqual([]);
    expect(result.uids).toHaveLength(6);
  });

  it('reads one account after the other with accountConcurrency 1', async () => {
    emulator = await startAwsEmulator({ estate: estate() });
    await scan({ accountConcurrency: 1 });
    const iamAccounts = emulator.requestLog
      .filter((entry) => entry.service === 'iam')
      .map((entry) => entry.accountId);
    const switches = iamAccounts.filter((id, index) => index > 0 && id !== iamAccounts[index - 1]);
    expect(switches).toEqual(['222222222222']);
  });

  it('paces each account on its own: 0 throttled at a per-account limit', async () => {
    // Each account sends more requests than its bucket holds (page size 1), both at once at 9/s
    // each: over one shared bucket of 10/s that would be throttled; per account it is not. The
    // bucket holds a second's worth, so a busy machine bunching requests does not look like a storm.
    emulator = await startAwsEmulator({ estate: estate(), rateLimit: { requestsPerSecond: 10, burst: 10 } });
    const result = await scan({ requestsPerSecond: 9, concurrency: 8, pageSize: 1 });
    expect(result.uids).toHaveLength(6);
    expect(emulator.throttledCount).toBe(0);
    const usage = emulator.usage();
    expect(usage['iam:111111111111']!.used).toBeGreaterThan(10);
    expect(usage['iam:222222222222']!.used).toBeGreaterThan(10);
  });
  it('sends up to requestsBurst calls per account without waiting for the pace', async () => {
    // One call per 100 s per account: the scan finishes only if each account's calls (and the
    // shared AssumeRoles) all fit in the burst, as they do here.
    emulator = await startAwsEmulator({ estate: estate(), rateLimit: { requestsPerSecond: 10, burst: 20 } });
    const result = await scan({ requestsPerSecond: 0.01, requestsBurst: 20 });
    expect(result.uids).toHaveLength(6);
    expect(emulator.throttledCount).toBe(0);
    const usage = emulator.usage();
    for (const account of ['111111111111', '222222222222']) {
      expect(usage[`iam:${account}`]!.used).toBeGreaterThan(1);
      expect(usage[`iam:${account}`]!.used).toBeLessThanOrEqual(20);
    }
  });
});
