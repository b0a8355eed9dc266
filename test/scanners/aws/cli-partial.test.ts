/**
 * `nhiscan scan` with an AWS source against the emulator: when one account starts answering
 * AccessDenied the scan exits 3, the other account is still scanned, and nothing is marked gone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

const user = (name: string, key: string, owner: string) => ({
  name,
  userId: `AIDA${key}`,
  createDate: '2026-01-01T00:00:00Z',
  tags: { owner },
  accessKeys: [
    {
      id: key,
      status: 'Active' as const,
      createDate: '2026-11-01T00:00:00Z',
      lastUsed: { date: '2026-11-25T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
    },
  ],
});

const estate: AwsEstate = {
  callerAccessKey: {
    accessKeyId: 'AKIATESTCALLER000002',
    secretAccessKey: 'cli-test-secret',
    accountId: '111111111111',
    userName: 'scanner',
  },
  accounts: [
    {
      id: '111111111111',
      scannerRoleName: 'read',
      users: [user('etl', 'AKIATESTPROD00000001', 'bob@acme.example')],
      roles: [],
      groups: [],
    },
    {
      id: '222222222222',
      scannerRoleName: 'read',
      users: [user('ci', 'AKIATESTDEV000000001', 'ann@acme.example')],
      roles: [],
      groups: [],
    },
  ],
};

describe('nhiscan scan with an AWS source', () => {
  const dir = temporaryDirectory();
  let emulator: AwsEmulator;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });

  beforeAll(async () => {
    emulator = await startAwsEmulator({ estate });
    process.env.CLI_TEST_AWS_KEY = estate.callerAccessKey.accessKeyId;
    process.env.CLI_TEST_AWS_SECRET = estate.callerAccessKey.secretAccessKey;
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type\nE1,ann@acme.example,Ann,active,employee\nE2,bob@acme.example,Bob,terminated,employee\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: aws',
        `    endpoint: ${emulator.endpoint}`,
        '    credentials: { accessKeyId: env:CLI_TEST_AWS_KEY, secretAccessKey: env:CLI_TEST_AWS_SECRET }',
        '    accounts: [{ id: "111111111111", roleName: read }, { id: "222222222222", roleName: read }]',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await emulator.close();
    dir.remove();
  });

  it('finds the leaver-owned key in a complete scan', async () => {
    const result = await run(['scan', '--as-of', '2026-11-26', '--json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(
      report.findings.map((f: { rule: string; credentialUid: string }) => `${f.rule} ${f.credentialUid}`),
    ).toEqual(['leaver-owned aws:111111111111:access-key:AKIATESTPROD00000001']);
  });

  it('exits 3 when an account answers AccessDenied, keeps its key unverified and its finding open', async () => {
    estate.accounts[0]!.denyAll = true;
    estate.accounts[1]!.users[0]!.accessKeys![0]!.lastUsed = {
      date: '2026-11-26T00:00:00Z',
      serviceName: 'ec2',
      region: 'us-east-1',
    };
    const result = await run(['scan', '--as-of', '2026-11-26', '--json']);
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.scan.sources).toEqual([
      expect.objectContaining({
        name: 'aws',
        status: 'partial',
        credentials: 1,
        problems: [expect.objectContaining({ scope: 'account 111111111111' })],
      }),
    ]);
    expect(report.scan.sources[0].problems[0].reason).toMatch(/^AccessDenied: /);
    const states = Object.fromEntries(
      report.credentials.map((c: { externalId: string; state: string; lastUsedAt: string }) => [
        c.externalId,
        [c.state, c.lastUsedAt],
      ]),
    );
    expect(states).toEqual({
      AKIATESTPROD00000001: ['unverified', '2026-11-25T00:00:00.000Z'],
      AKIATESTDEV000000001: ['present', '2026-11-26T00:00:00.000Z'],
    });
    expect(report.findings.map((f: { rule: string; status: string }) => `${f.rule} ${f.status}`)).toEqual([
      'leaver-owned open',
    ]);
  });
});
