/**
 * The revocation queue end to end against the AWS IAM emulator: proposals from a scan, the exact
 * calls of a dry-run plan, approvals (two distinct approvers for privileged, never the owner),
 * exact execution of only the named keys, delete after deleteAfterDays, and self-cancellation
 * when the reason goes away.
 */
import { describe, expect, it } from 'vitest';
import type { AwsEstate, AwsUserEstate } from '../../../scanners/aws/emulator/estate.js';
import { startAwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { openDatabase } from '../../../src/store/index.js';
import { queueHarness } from '../queue-harness.js';

const user = (name: string, owner: string, keys: string[], groups: string[] = []): AwsUserEstate => ({
  name,
  userId: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
  createDate: '2025-01-01T00:00:00Z',
  tags: { owner },
  groups,
  accessKeys: keys.map((id, index) => ({
    id,
    status: 'Active' as const,
    createDate: `2026-0${index + 1}-01T00:00:00Z`,
    lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
  })),
});

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIAQUEUECALLER00001',
      secretAccessKey: 'queue-test-secret',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [
      {
        id: '111111111111',
        users: [
          user('etl', 'bob@acme.example', ['AKIAQUEUEETL00000001', 'AKIAQUEUEETL00000002']),
          user('root-bot', 'bob@acme.example', ['AKIAQUEUEADMIN000001'], ['admins']),
          user('ci', 'ann@acme.example', ['AKIAQUEUECI000000001']),
        ],
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPAQUEUEADMINS00001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
      },
    ],
  };
}

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date';
// Alice and Carol own nothing: they are the approvers.
const HR_OTHERS =
  'E3,alice@acme.example,Alice,active,employee,2020-01-01,\nE4,carol@acme.example,Carol,active,employee,2020-01-01,\n';
const HR_BOB_LEFT = `${HR_HEADER}\nE1,ann@acme.example,Ann,active,employee,2020-01-01,\nE2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01\n${HR_OTHERS}`;
const HR_BOB_BACK = `${HR_HEADER}\nE1,ann@acme.example,Ann,active,employee,2020-01-01,\nE2,bob@acme.example,Bob,active,employee,2020-01-01,\n${HR_OTHERS}`;

/** Request 1 (the privileged key) rejected by an approver. */
const REJECT_ADMIN_KEY = [
  'queue',
  'reject',
  '1',
  '--by',
  'alice@acme.example',
  '--reason',
  'break-glass account, kept',
];

describe('revocation queue against the AWS emulator', () => {
  const queue = queueHarness({
    start: () => startAwsEmulator({ estate: estate() }),
    env: { QUEUE_TEST_AWS_KEY: 'AKIAQUEUECALLER00001', QUEUE_TEST_AWS_SECRET: 'queue-test-secret' },
    hr: HR_BOB_LEFT,
    source: (emulator) => [
      '  - type: aws',
      '    name: aws-prod',
      `    endpoint: ${emulator.endpoint}`,
      '    credentials: { accessKeyId: env:QUEUE_TEST_AWS_KEY, secretAccessKey: env:QUEUE_TEST_AWS_SECRET }',
      '    accounts: [{ id: "111111111111" }]',
      '    sshPublicKeys: false',
    ],
    // The executor is not a person in HR: a service actor that may run the queue.
    executorRoles: ['execute', 'verify'],
  });
  const { run, requests, writeHr, path } = queue;
  const writes = () =>
    queue.emulator.requestLog
      .filter((entry) => /^(Update|Delete|Create|Put|Attach)/.test(entry.action))
      .map((entry) => [entry.action, entry.params.AccessKeyId, entry.params.Status]);

  it('proposes one request per leaver credential: auto for standard keys, two approvals for the privileged one', async () => {
    const listed = await requests();
    expect(
      listed.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.requiredApprovals,
      ]),
    ).toEqual([
      ['aws:111111111111:access-key:AKIAQUEUEADMIN000001', 'leaver-owned', 'pending-approval', 'approve', 2],
      ['aws:111111111111:access-key:AKIAQUEUEETL00000001', 'leaver-owned', 'approved', 'auto', 0],
      ['aws:111111111111:access-key:AKIAQUEUEETL00000002', 'leaver-owned', 'approved', 'auto', 0],
    ]);
    expect(listed[1]!.steps.map((step) => [step.step, step.state, step.afterDays])).toEqual([
      ['disable', 'pending', 0],
      ['delete', 'pending', 14],
    ]);
  });

  // That a dry run calls nothing is the plugin contract's (test/scanners/contract.test.ts) and the
  // executor's (test/queue/executor-outcomes.test.ts); here, what it prints for AWS keys.
  it('a dry run prints the exact calls', async () => {
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      'plan     #2 disable aws:111111111111:access-key:AKIAQUEUEETL00000001  →  iam:UpdateAccessKey UserName=etl AccessKeyId=AKIAQUEUEETL00000001 Status=Inactive',
    );
    expect(plan.stdout).toContain(
      'plan     #3 disable aws:111111111111:access-key:AKIAQUEUEETL00000002  →  iam:UpdateAccessKey UserName=etl AccessKeyId=AKIAQUEUEETL00000002 Status=Inactive',
    );
    expect(plan.stdout).toContain('Awaiting approval: 1 request(s): #1');
    expect(plan.stdout).toContain('Dry run: 2 action(s) planned; nothing was changed.');
  });

  it('a privileged request needs two distinct approvers, never the owner', async () => {
    const owner = await run(['queue', 'approve', '1', '--by', 'bob@acme.example', '--reason', 'mine']);
    expect(owner.exitCode).toBe(2);
    // Bob owns it, and has left: only a current person can act at all.
    expect(owner.stderr).toBe(
      'nhiscan: error: key --by: bob@acme.example is Bob (E2), a leaver since 2026-10-01: only a current person can act\n',
    );
    const ownerByAlias = await run(['queue', 'approve', '1', '--by', 'E2', '--reason', 'mine']);
    expect(ownerByAlias.exitCode).toBe(2);

    expect(
      (await run(['queue', 'approve', '1', '--by', 'alice@acme.example', '--reason', 'leaver'])).exitCode,
    ).toBe(0);
    expect((await requests())[0]!.state).toBe('pending-approval');
    const twice = await run(['queue', 'approve', '1', '--by', 'Alice@acme.example', '--reason', 'again']);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toBe(
      'nhiscan: error: key --by: Alice (E3) already approved request 1; it needs 2 distinct people\n',
    );
    expect(
      (await run(['queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'confirmed'])).exitCode,
    ).toBe(0);
    expect((await requests())[0]!.state).toBe('approved');

    const db = openDatabase(path('nhiscan.db'));
    try {
      const audit = db
        .prepare("SELECT actor, action, reason FROM audit_log WHERE target = 'request:1' ORDER BY seq")
        .all();
      expect(audit).toEqual([
        { actor: 'nhiscan', action: 'request.proposed', reason: expect.stringContaining('Bob') },
        // Each refused attempt changed nothing and is on the record, as given.
        {
          actor: 'bob@acme.example',
          action: 'decision.refused',
          reason: 'bob@acme.example is Bob (E2), a leaver since 2026-10-01: only a current person can act',
        },
        {
          actor: 'E2',
          action: 'decision.refused',
          reason: 'E2 is Bob (E2), a leaver since 2026-10-01: only a current person can act',
        },
        { actor: 'alice@acme.example', action: 'request.approved', reason: 'leaver' },
        {
          actor: 'Alice@acme.example',
          action: 'decision.refused',
          reason: 'Alice (E3) already approved request 1; it needs 2 distinct people',
        },
        { actor: 'carol@acme.example', action: 'request.approved', reason: 'confirmed' },
        {
          actor: 'carol@acme.example',
          action: 'request.state',
          reason: 'approved by 2 of 2 required approvers',
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('applies exactly the named keys: disable now, delete after deleteAfterDays, siblings untouched', async () => {
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['UpdateAccessKey', 'AKIAQUEUEETL00000001', 'Inactive'],
      ['UpdateAccessKey', 'AKIAQUEUEETL00000002', 'Inactive'],
    ]);
    const afterDisable = await requests();
    expect(
      afterDisable.slice(1).map((request) => [request.state, request.steps.map((step) => step.state)]),
    ).toEqual([
      ['in-progress', ['done', 'pending']],
      ['in-progress', ['done', 'pending']],
    ]);
    expect(afterDisable[1]!.steps[1]!.notBefore).toBe('2026-12-10T12:00:00.000Z');

    // Nothing more is due today.
    const again = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(again.stdout).toContain('Scheduled: 2 step(s) not yet due (next 2026-12-10)');
    expect(writes()).toHaveLength(2);

    // Fifteen days on: a fresh HR export, a rescan (disabled by nhiscan: the request holds), then the deletes.
    writeHr(HR_BOB_LEFT, '2026-12-11T06:00:00Z');
    expect(
      (await run(['scan', '--as-of', '2026-12-11', '--fail-on', 'none'], '2026-12-11T07:00:00Z')).exitCode,
    ).toBe(0);
    const deleted = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-12-11T08:00:00Z',
    );
    expect(deleted.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['UpdateAccessKey', 'AKIAQUEUEETL00000001', 'Inactive'],
      ['UpdateAccessKey', 'AKIAQUEUEETL00000002', 'Inactive'],
      ['DeleteAccessKey', 'AKIAQUEUEETL00000001', undefined],
      ['DeleteAccessKey', 'AKIAQUEUEETL00000002', undefined],
    ]);
    expect((await requests()).map((request) => request.state)).toEqual(['pending-approval', 'done', 'done']);
    const users = queue.emulator.estate.accounts[0]!.users;
    expect(
      users.map((entry) => [entry.name, (entry.accessKeys ?? []).map((key) => `${key.id}:${key.status}`)]),
    ).toEqual([
      ['etl', []],
      ['root-bot', ['AKIAQUEUEADMIN000001:Active']],
      ['ci', ['AKIAQUEUECI000000001:Active']],
    ]);
  });

  it('refuses on stale HR data, with exit 2, no provider call and an audit record', async () => {
    const refused = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-11-28T12:00:00Z',
    );
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('refused by guard stale-hr: HR data used by scan run 1 is 54.0 h old');
    expect(writes()).toEqual([]);
    const db = openDatabase(path('nhiscan.db'));
    try {
      const record = db
        .prepare("SELECT actor, payload FROM audit_log WHERE action = 'guard.refused'")
        .get() as {
        payload: string;
      };
      expect(JSON.parse(record.payload).guards.map((guard: { guard: string }) => guard.guard)).toEqual([
        'stale-hr',
      ]);
    } finally {
      db.close();
    }
  });

  it('cancels requests whose reason went away: HR correction, and the owner rotating the key', async () => {
    // The owner deletes one key themselves (rotation) and HR says Bob never left (a correction).
    queue.emulator.estate.accounts[0]!.users[0]!.accessKeys!.splice(1, 1);
    writeHr(HR_BOB_BACK, '2026-11-26T13:00:00Z');
    // One key of four gone is more than the source may shrink unnoticed (25% > 20%): Ann accepts it.
    const accept = ['--accept-source-change', '--by', 'ann@acme.example', '--reason', 'Bob rotated his key'];
    expect(
      (await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', ...accept], '2026-11-26T14:00:00Z'))
        .exitCode,
    ).toBe(0);
    const listed = await requests();
    expect(listed.map((request) => [request.id, request.state, request.stateReason])).toEqual([
      [1, 'cancelled', 'owner E2 is no longer a leaver in HR (rehire or HR correction)'],
      [2, 'cancelled', 'owner E2 is no longer a leaver in HR (rehire or HR correction)'],
      [3, 'cancelled', 'credential no longer exists in the provider (rotated or removed outside nhiscan)'],
    ]);
    const plan = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-11-26T15:00:00Z',
    );
    expect(plan.exitCode).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('a rejected request is not proposed again while its finding stays open', async () => {
    expect((await run(REJECT_ADMIN_KEY)).exitCode).toBe(0);
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const listed = await requests();
    expect(listed.map((request) => request.state)).toEqual(['rejected', 'approved', 'approved']);
  });

  it('a rejection holds until the finding closes: raised again later, the credential is proposed again', async () => {
    expect((await run(REJECT_ADMIN_KEY)).exitCode).toBe(0);
    // HR corrects Bob's record (the findings close), then he leaves for good (raised again).
    writeHr(HR_BOB_BACK, '2026-11-26T13:00:00Z');
    await queue.scan('2026-11-26', '2026-11-26T14:00:00Z');
    writeHr(HR_BOB_LEFT, '2026-11-26T15:00:00Z');
    await queue.scan('2026-11-26', '2026-11-26T16:00:00Z');
    const listed = await requests();
    expect(listed.map((request) => [request.id, request.credentialUid, request.state])).toEqual([
      [1, 'aws:111111111111:access-key:AKIAQUEUEADMIN000001', 'rejected'],
      [2, 'aws:111111111111:access-key:AKIAQUEUEETL00000001', 'cancelled'],
      [3, 'aws:111111111111:access-key:AKIAQUEUEETL00000002', 'cancelled'],
      [4, 'aws:111111111111:access-key:AKIAQUEUEADMIN000001', 'pending-approval'],
      [5, 'aws:111111111111:access-key:AKIAQUEUEETL00000001', 'approved'],
      [6, 'aws:111111111111:access-key:AKIAQUEUEETL00000002', 'approved'],
    ]);
  });
});
