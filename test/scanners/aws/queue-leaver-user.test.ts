/**
 * A leaver's own IAM user end to end through the queue against the IAM emulator: the scan lists it
 * as an `iam-user` person-account record, policy raises leaver-access-remains, the queue proposes
 * one request (mode approve, step delete); a dry run calls nothing; once approved, execute --apply
 * deletes exactly the console password and deactivates exactly the active keys, verify re-reads
 * them, and the next scan sees no access left.
 */
import { describe, expect, it } from 'vitest';
import type { AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { queueHarness } from '../queue-harness.js';

const USER = 'carol.lee';
const UID = 'aws:111111111111:iam-user:carol.lee';
const PLAN =
  'iam:DeleteLoginProfile UserName=carol.lee; iam:UpdateAccessKey UserName=carol.lee AccessKeyId=AKIAQLEAVERCAROL0001 Status=Inactive; iam:UpdateAccessKey UserName=carol.lee AccessKeyId=AKIAQLEAVERCAROL0003 Status=Inactive';

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIAQLEAVERCALLER001',
      secretAccessKey: 'queue-leaver-secret',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [
      {
        id: '111111111111',
        users: [
          {
            // Carol's console user (her email's local part): a password and two active keys.
            name: USER,
            userId: 'AIDAQLEAVERCAROL0001',
            createDate: '2024-05-01T00:00:00Z',
            loginProfile: { createDate: '2024-05-02T00:00:00Z', passwordLastUsed: '2026-09-28T10:00:00Z' },
            accessKeys: [
              { id: 'AKIAQLEAVERCAROL0001', status: 'Active', createDate: '2025-01-01T00:00:00Z' },
              { id: 'AKIAQLEAVERCAROL0002', status: 'Inactive', createDate: '2025-02-01T00:00:00Z' },
              { id: 'AKIAQLEAVERCAROL0003', status: 'Active', createDate: '2025-03-01T00:00:00Z' },
            ],
          },
          {
            // Ann is active: her user is never touched.
            name: 'ann',
            userId: 'AIDAQLEAVERANN000001',
            createDate: '2024-05-01T00:00:00Z',
            loginProfile: { createDate: '2024-05-02T00:00:00Z' },
          },
        ],
        roles: [],
        groups: [],
      },
    ],
  };
}

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date',
  'E1,ann@acme.example,Ann Active,active,employee,2020-01-01,',
  'E2,carol.lee@acme.example,Carol Lee,terminated,employee,2020-01-01,2026-10-01',
  'E3,alice@acme.example,Alice Approver,active,employee,2020-01-01,',
  '',
].join('\n');

describe('a leaver’s IAM user through the revocation queue', () => {
  const queue = queueHarness({
    start: () => startAwsEmulator({ estate: estate() }),
    env: { QUEUE_LEAVER_AWS_KEY: 'AKIAQLEAVERCALLER001', QUEUE_LEAVER_AWS_SECRET: 'queue-leaver-secret' },
    hr: HR,
    source: (emulator) => [
      '  - type: aws',
      '    name: aws-prod',
      `    endpoint: ${emulator.endpoint}`,
      '    credentials: { accessKeyId: env:QUEUE_LEAVER_AWS_KEY, secretAccessKey: env:QUEUE_LEAVER_AWS_SECRET }',
      '    accounts: [{ id: "111111111111" }]',
      '    sshPublicKeys: false',
    ],
    executorRoles: ['execute', 'verify'],
  });
  const { run, requests } = queue;
  const writes = () =>
    queue.emulator.requestLog
      .filter((entry) => /^(Update|Delete|Create|Put|Attach)/.test(entry.action))
      .map((entry) => [entry.action, entry.params.UserName, entry.params.AccessKeyId, entry.params.Status]);
  const leaverRequest = async () => (await requests()).find((request) => request.credentialUid === UID)!;

  it('proposes one leaver-access-remains request, always approved by a person, with the one delete step', async () => {
    const request = await leaverRequest();
    expect([
      request.rule,
      request.state,
      request.mode,
      request.requiredApprovals,
      request.privileged,
    ]).toEqual(['leaver-access-remains', 'pending-approval', 'approve', 1, false]);
    expect(request.steps.map((step) => [step.step, step.state, step.afterDays])).toEqual([
      ['delete', 'pending', 0],
    ]);
  });

  it('a dry run prints the exact calls and makes none of them', async () => {
    const id = (await leaverRequest()).id;
    expect(
      (await run(['queue', 'approve', String(id), '--by', 'alice@acme.example', '--reason', 'left']))
        .exitCode,
    ).toBe(0);
    const before = queue.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(`plan     #${id} delete  ${UID}  →  ${PLAN}`);
    expect(plan.stdout).toContain('Dry run: 1 action(s) planned; nothing was changed.');
    // Not a read either: a dry run asks the provider nothing.
    expect(queue.emulator.requestLog.slice(before)).toEqual([]);
    expect(writes()).toEqual([]);
    expect(queue.emulator.estate.accounts[0]!.users[0]!.loginProfile).toBeDefined();
  });

  it('after approval, removes exactly the password and the active keys; verify and the next scan see no access', async () => {
    const id = (await leaverRequest()).id;
    expect(
      (await run(['queue', 'approve', String(id), '--by', 'alice@acme.example', '--reason', 'left']))
        .exitCode,
    ).toBe(0);
    expect((await leaverRequest()).state).toBe('approved');
    const before = queue.emulator.requestLog.length;

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['DeleteLoginProfile', USER, undefined, undefined],
      ['UpdateAccessKey', USER, 'AKIAQLEAVERCAROL0001', 'Inactive'],
      ['UpdateAccessKey', USER, 'AKIAQLEAVERCAROL0003', 'Inactive'],
    ]);
    // Verify re-read the login profile and the keys after the writes.
    expect(
      queue.emulator.requestLog
        .slice(before)
        .filter((entry) => entry.action === 'GetLoginProfile' || entry.action === 'ListAccessKeys')
        .map((entry) => [entry.action, entry.params.UserName]),
    ).toEqual([
      ['GetLoginProfile', USER],
      ['ListAccessKeys', USER],
    ]);
    const request = await leaverRequest();
    expect([request.state, request.steps.map((step) => step.state)]).toEqual(['done', ['done']]);

    const [carol, ann] = queue.emulator.estate.accounts[0]!.users;
    expect(carol!.loginProfile).toBeUndefined();
    expect(carol!.accessKeys!.map((key) => `${key.id}:${key.status}`)).toEqual([
      'AKIAQLEAVERCAROL0001:Inactive',
      'AKIAQLEAVERCAROL0002:Inactive',
      'AKIAQLEAVERCAROL0003:Inactive',
    ]);
    expect(ann!.loginProfile).toEqual({ createDate: '2024-05-02T00:00:00Z' });

    // The next scan lists the user with no access left: the finding is resolved.
    await queue.scan('2026-11-26', '2026-11-26T13:00:00Z');
    const findings = JSON.parse(
      (await run(['findings', '--json', '--all'], '2026-11-26T13:30:00Z')).stdout,
    ) as { credentialUid: string; rule: string; status: string }[];
    expect(
      findings
        .filter((finding) => finding.credentialUid === UID)
        .map((finding) => [finding.rule, finding.status]),
    ).toEqual([['leaver-access-remains', 'resolved']]);
  });
});
