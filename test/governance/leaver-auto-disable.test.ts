/**
 * Leavers are disabled at once (issue 19, item 8), against the AWS IAM emulator with real provider
 * calls: under the default `revocation.leaver: auto-disable` a leaver's reversible disable runs at
 * `queue execute --apply` with no approval and no notice, privileged or not, behind the executor's
 * guards; approvals (two distinct people for privileged) and deleteAfterDays gate the delete. A
 * delete-only credential still waits, and `leaver: approve` keeps every step waiting.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import {
  ADMIN_KEY,
  ADMIN_UID,
  autoDisableHarness,
  ETL_KEY,
  ETL_UID,
} from './support/auto-disable-harness.js';

describe('leavers are disabled at once (revocation.leaver: auto-disable)', () => {
  const h = autoDisableHarness();
  const { run, writes, requests, summary, audit, approve, setUp, fifteenDaysLater } = h;

  it('is the default: both leaver keys pending approval, each with an immediate first disable', async () => {
    await setUp('{ deleteAfterDays: 14 }');
    const listed = await requests();
    expect(summary(listed)).toEqual([
      [1, ADMIN_UID, 'pending-approval', 2, ['disable:pending:immediate', 'delete:pending']],
      [2, ETL_UID, 'pending-approval', 1, ['disable:pending:immediate', 'delete:pending']],
    ]);
    expect(listed.map((request) => [request.mode, request.stateReason])).toEqual([
      [
        'approve',
        'the disable runs at once, without approval (revocation.leaver: auto-disable); delete waits for 2 approval(s)',
      ],
      [
        'approve',
        'the disable runs at once, without approval (revocation.leaver: auto-disable); delete waits for 1 approval(s)',
      ],
    ]);
    const shown = await run(['queue', 'list']);
    expect(shown.stdout).toContain(
      `#1  pending-approval  leaver-owned (privileged)  ${ADMIN_UID}\n      owner E2 · 0/2 approvals · steps disable:pending (no approval needed) → delete:pending +14d`,
    );

    // The dry run names both disables and calls nothing.
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #1 disable ${ADMIN_UID}  →  iam:UpdateAccessKey UserName=root-bot AccessKeyId=${ADMIN_KEY} Status=Inactive`,
    );
    expect(plan.stdout).toContain(
      'Awaiting approval: 2 request(s): #1 #2 (#1 #2: the first disables run now, without approval; the rest waits)',
    );
    expect(plan.stdout).toContain('Dry run: 2 action(s) planned; nothing was changed.');
    const json = JSON.parse((await run(['queue', 'execute', '--json'])).stdout);
    expect(json.actions).toEqual([
      { requestId: 1, credentialUid: ADMIN_UID, step: 'disable', recovering: false },
      { requestId: 2, credentialUid: ETL_UID, step: 'disable', recovering: false },
    ]);
    expect(json.awaitingApproval).toEqual([1, 2]);
    expect(writes()).toEqual([]);
  });

  it('disables a privileged leaver key with zero approvals; its delete waits for two people and deleteAfterDays', async () => {
    await setUp('{ deleteAfterDays: 14 }');
    const applied = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
    ]);
    const afterDisable = await requests();
    expect(summary(afterDisable)).toEqual([
      [1, ADMIN_UID, 'pending-approval', 2, ['disable:done:immediate', 'delete:pending']],
      [2, ETL_UID, 'pending-approval', 1, ['disable:done:immediate', 'delete:pending']],
    ]);
    expect(afterDisable[0]!.steps[1]!.notBefore).toBe('2026-12-10T12:00:00.000Z');
    expect(audit('request:1').map(({ actor, action }) => [actor, action])).toEqual([
      ['nhiscan', 'request.proposed'],
      ['olga@acme.example', 'step.started'],
      ['olga@acme.example', 'step.done'],
    ]);
    const done = JSON.parse(audit('request:1')[2]!.payload);
    expect([done.step, done.privileged, done.apiCall, done.outcome]).toEqual([
      'disable',
      true,
      `iam:UpdateAccessKey UserName=root-bot AccessKeyId=${ADMIN_KEY} Status=Inactive`,
      'revoked',
    ]);
    const proposed = JSON.parse(audit('request:1')[0]!.payload);
    expect([proposed.state, proposed.mode, proposed.requiredApprovals, proposed.steps]).toEqual([
      'pending-approval',
      'approve',
      2,
      [
        { step: 'disable', afterDays: 0, immediate: true },
        { step: 'delete', afterDays: 14 },
      ],
    ]);

    // Nothing else runs before the approvals, not even after deleteAfterDays.
    await fifteenDaysLater();
    const waiting = await run(
      ['queue', 'execute', '--apply', '--by', 'olga@acme.example'],
      '2026-12-11T08:00:00Z',
    );
    expect(waiting.exitCode).toBe(0);
    expect(waiting.stdout).toContain('Awaiting approval: 2 request(s): #1 #2\n');
    expect(writes()).toHaveLength(2);

    // One approver is not enough for the privileged key; the same person twice does not count.
    expect((await approve(1, 'ann@acme.example', '2026-12-11T08:10:00Z')).exitCode).toBe(0);
    expect((await approve(1, 'ann@acme.example', '2026-12-11T08:11:00Z')).exitCode).toBe(2);
    await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'], '2026-12-11T08:20:00Z');
    expect(writes()).toHaveLength(2);
    expect((await approve(1, 'carol@acme.example', '2026-12-11T08:30:00Z')).exitCode).toBe(0);
    const deleted = await run(
      ['queue', 'execute', '--apply', '--by', 'olga@acme.example'],
      '2026-12-11T09:00:00Z',
    );
    expect(deleted.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
      ['DeleteAccessKey', ADMIN_KEY, undefined],
    ]);
    expect(summary(await requests())).toEqual([
      [1, ADMIN_UID, 'done', 2, ['disable:done:immediate', 'delete:done']],
      [2, ETL_UID, 'pending-approval', 1, ['disable:done:immediate', 'delete:pending']],
    ]);
    expect(audit('request:1').map(({ actor, action, reason }) => [actor, action, reason])).toEqual([
      [
        'nhiscan',
        'request.proposed',
        'Access key AKIAAUTODISABLEADM01 of aws/111111111111 is owned by leaver Bob Baker (terminated 2026-10-01)',
      ],
      ['olga@acme.example', 'step.started', `disable ${ADMIN_UID}`],
      ['olga@acme.example', 'step.done', `disable ${ADMIN_UID}`],
      ['ann@acme.example', 'request.approved', 'Bob left in October'],
      ['ann@acme.example', 'decision.refused', expect.stringContaining('already approved request 1')],
      ['carol@acme.example', 'request.approved', 'Bob left in October'],
      ['carol@acme.example', 'request.state', 'approved by 2 of 2 required approvers'],
      ['olga@acme.example', 'request.state', 'executing delete'],
      ['olga@acme.example', 'step.started', `delete ${ADMIN_UID}`],
      ['olga@acme.example', 'step.done', `delete ${ADMIN_UID}`],
      ['olga@acme.example', 'request.done', 'all 2 steps done'],
    ]);
    expect(h.emulator().estate.accounts[0]!.users.map((entry) => [entry.name, entry.accessKeys])).toEqual([
      ['root-bot', []],
      ['etl', [expect.objectContaining({ id: ETL_KEY, status: 'Inactive' })]],
    ]);
  });

  it('a standard leaver key needs one approval for its delete, and still waits for deleteAfterDays', async () => {
    await setUp('{ deleteAfterDays: 14 }');
    expect((await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'])).exitCode).toBe(0);
    expect((await approve(2, 'ann@acme.example')).exitCode).toBe(0);
    expect(summary(await requests())[1]).toEqual([
      2,
      ETL_UID,
      'approved',
      1,
      ['disable:done:immediate', 'delete:pending'],
    ]);
    const early = await run(
      ['queue', 'execute', '--apply', '--by', 'olga@acme.example'],
      '2026-11-27T05:00:00Z',
    );
    expect(early.exitCode).toBe(0);
    expect(early.stdout).toContain('Scheduled: 1 step(s) not yet due (next 2026-12-10)');
    expect(early.stdout).toContain('Awaiting approval: 1 request(s): #1\n');
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
    ]);
    await fifteenDaysLater();
    expect(
      (await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'], '2026-12-11T08:00:00Z'))
        .exitCode,
    ).toBe(0);
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
      ['DeleteAccessKey', ETL_KEY, undefined],
    ]);
    expect(summary(await requests())).toEqual([
      [1, ADMIN_UID, 'pending-approval', 2, ['disable:done:immediate', 'delete:pending']],
      [2, ETL_UID, 'done', 1, ['disable:done:immediate', 'delete:done']],
    ]);
  });

  it('a rejection after the disable undoes nothing: the key stays disabled, and the record says so', async () => {
    await setUp('{ deleteAfterDays: 14 }');
    expect((await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'])).exitCode).toBe(0);
    const rejected = await run([
      'queue',
      'reject',
      '2',
      '--by',
      'ann@acme.example',
      '--reason',
      'the ETL job still needs it',
    ]);
    expect(rejected.exitCode).toBe(0);
    const reason =
      'rejected by ann@acme.example: the ETL job still needs it (nothing is undone: the disable done 2026-11-26 stays in effect, the credential stays disabled; re-enable it by hand if that is wanted)';
    const [, etl] = await requests();
    expect([etl!.state, etl!.stateReason]).toEqual(['rejected', reason]);
    const record = audit('request:2').find((entry) => entry.action === 'request.rejected')!;
    expect([record.actor, record.reason]).toEqual(['ann@acme.example', reason]);
    expect(JSON.parse(record.payload)).toMatchObject({
      from: 'pending-approval',
      to: 'rejected',
      leftDisabled: [{ step: 'disable', at: '2026-11-26T12:00:00.000Z' }],
    });
    await fifteenDaysLater();
    await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'], '2026-12-11T08:00:00Z');
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
    ]);
    expect(h.emulator().estate.accounts[0]!.users[1]!.accessKeys).toEqual([
      expect.objectContaining({ id: ETL_KEY, status: 'Inactive' }),
    ]);
  });

  it('an immediate disable left started by a dead executor is verified first, never called twice, and cannot be rejected in flight', async () => {
    await setUp('{ deleteAfterDays: 14 }');
    // As a run killed after its write-ahead record: #1's call landed (the key is inactive), #2's did not.
    const db = openDatabase(join(h.dir().path, 'nhiscan.db'));
    try {
      db.prepare(
        "UPDATE revocation_steps SET state = 'started', attempts = 1, started_at = '2026-11-26T11:00:00.000Z' WHERE ordinal = 0",
      ).run();
    } finally {
      db.close();
    }
    h.emulator().estate.accounts[0]!.users[0]!.accessKeys![0]!.status = 'Inactive';
    const inFlight = await run(['queue', 'reject', '2', '--by', 'ann@acme.example', '--reason', 'keep it']);
    expect(inFlight.exitCode).toBe(2);
    expect(inFlight.stderr).toContain(
      'request 2 has its disable in flight: run `nhiscan queue execute --apply` to finish it, then reject',
    );
    const json = JSON.parse((await run(['queue', 'execute', '--json'])).stdout);
    expect(json.actions).toEqual([
      { requestId: 1, credentialUid: ADMIN_UID, step: 'disable', recovering: true },
      { requestId: 2, credentialUid: ETL_UID, step: 'disable', recovering: true },
    ]);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(`recovered #1 disable ${ADMIN_UID}: already done before the restart`);
    expect(writes()).toEqual([['UpdateAccessKey', ETL_KEY, 'Inactive']]);
    const listed = await requests();
    expect(summary(listed)).toEqual([
      [1, ADMIN_UID, 'pending-approval', 2, ['disable:done:immediate', 'delete:pending']],
      [2, ETL_UID, 'pending-approval', 1, ['disable:done:immediate', 'delete:pending']],
    ]);
    expect(audit('request:1').map(({ action }) => action)).toEqual(['request.proposed', 'step.recovered']);
  });
});
