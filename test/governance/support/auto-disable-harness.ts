/**
 * The AWS estate and the CLI helpers the auto-disable tests share: Bob (left) owns a privileged key
 * (root-bot, in the admins group) and a standard one (etl); Ann, Carol and Olga are current people.
 * `autoDisableHarness()` registers its own beforeEach/afterEach: call it inside a describe.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { AwsEstate, AwsUserEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { openDatabase } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

export const ADMIN_KEY = 'AKIAAUTODISABLEADM01';
export const ETL_KEY = 'AKIAAUTODISABLEETL01';
export const ADMIN_UID = `aws:111111111111:access-key:${ADMIN_KEY}`;
export const ETL_UID = `aws:111111111111:access-key:${ETL_KEY}`;

const user = (name: string, key: string | null, groups: string[] = []): AwsUserEstate => ({
  name,
  userId: `AIDA${name.toUpperCase().replace(/-/g, '').padEnd(17, 'X')}`,
  createDate: '2025-01-01T00:00:00Z',
  tags: { owner: 'bob@acme.example' },
  groups,
  accessKeys: key
    ? [
        {
          id: key,
          status: 'Active',
          createDate: '2026-06-01T00:00:00Z',
          lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
        },
      ]
    : [],
});

function estate(options: { consolePassword?: boolean } = {}): AwsEstate {
  const users = [user('root-bot', ADMIN_KEY, ['admins']), user('etl', ETL_KEY)];
  if (options.consolePassword)
    users.push({ ...user('bob-console', null), loginProfile: { createDate: '2025-01-01T00:00:00Z' } });
  return {
    callerAccessKey: {
      accessKeyId: 'AKIAAUTODISABLECALL1',
      secretAccessKey: 'auto-disable-secret',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [
      {
        id: '111111111111',
        users,
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPAAUTODISABLEADM01',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
      },
    ],
  };
}

/** Bob has left; Ann, Carol and Olga (operations) are the people who decide and execute. */
const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date',
  'E1,ann@acme.example,Ann Archer,active,employee,2020-01-01,',
  'E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01',
  'E3,carol@acme.example,Carol Chen,active,employee,2020-01-01,',
  'E4,olga@acme.example,Olga Ops,active,employee,2020-01-01,',
].join('\n');

export interface Listed {
  id: number;
  credentialUid: string;
  rule: string;
  state: string;
  stateReason: string | null;
  mode: string;
  requiredApprovals: number;
  steps: { step: string; state: string; immediate: boolean; notBefore: string | null }[];
}

export function autoDisableHarness() {
  let dir: ReturnType<typeof temporaryDirectory>;
  let emulator: AwsEmulator;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const writes = () =>
    emulator.requestLog
      .filter((entry) => /^(Update|Delete|Create|Put|Attach|Detach|Remove|Add|Upload)/.test(entry.action))
      .map((entry) => [entry.action, entry.params.AccessKeyId ?? entry.params.UserName, entry.params.Status]);
  const requests = async (): Promise<Listed[]> =>
    JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
  const summary = (listed: Listed[]) =>
    listed.map((request) => [
      request.id,
      request.credentialUid,
      request.state,
      request.requiredApprovals,
      request.steps.map((step) => `${step.step}:${step.state}${step.immediate ? ':immediate' : ''}`),
    ]);
  const writeHr = (modified: string) => {
    writeFileSync(join(dir.path, 'hr.csv'), `${HR}\n`);
    utimesSync(join(dir.path, 'hr.csv'), new Date(modified), new Date(modified));
  };
  const audit = (target: string) => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return db
        .prepare('SELECT actor, action, reason, payload FROM audit_log WHERE target = ? ORDER BY seq')
        .all(target) as { actor: string; action: string; reason: string; payload: string }[];
    } finally {
      db.close();
    }
  };
  const approve = (id: number, by: string, now = '2026-11-27T04:00:00Z') =>
    run(['queue', 'approve', String(id), '--by', by, '--reason', 'Bob left in October'], now);

  async function setUp(revocation: string, extra: string[] = [], options = {}): Promise<void> {
    emulator = await startAwsEmulator({ estate: estate(options) });
    process.env.AUTO_DISABLE_AWS_KEY = 'AKIAAUTODISABLECALL1';
    process.env.AUTO_DISABLE_AWS_SECRET = 'auto-disable-secret';
    writeHr('2026-11-26T06:00:00Z');
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
        'sources:',
        '  - type: aws',
        '    name: aws-prod',
        `    endpoint: ${emulator.endpoint}`,
        '    credentials: { accessKeyId: env:AUTO_DISABLE_AWS_KEY, secretAccessKey: env:AUTO_DISABLE_AWS_SECRET }',
        '    accounts: [{ id: "111111111111" }]',
        '    sshPublicKeys: false',
        `revocation: ${revocation}`,
        ...extra,
        '',
      ].join('\n'),
    );
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    expect(scan.stderr).toBe('');
    expect(scan.exitCode).toBe(0);
  }

  /** Fifteen days on: a fresh HR export and a rescan, so the guards let the deletes through. */
  async function fifteenDaysLater(): Promise<void> {
    writeHr('2026-12-11T06:00:00Z');
    const scan = await run(
      ['scan', '--as-of', '2026-12-11', '--fail-on', 'none', '--no-notify'],
      '2026-12-11T07:00:00Z',
    );
    expect(scan.exitCode).toBe(0);
  }

  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(async () => {
    await emulator.close();
    dir.remove();
  });

  return {
    run,
    writes,
    requests,
    summary,
    audit,
    approve,
    setUp,
    fifteenDaysLater,
    dir: () => dir,
    emulator: () => emulator,
  };
}
