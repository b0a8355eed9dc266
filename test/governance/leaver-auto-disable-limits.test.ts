/**
 * What leaves the immediate disable alone (issue 19, item 8), against the AWS IAM emulator:
 * `revocation.leaver: approve` keeps every step waiting; configured notifications do not hold the
 * immediate disable (and do hold the same disable under approve); the maxPerRun guard still refuses
 * a mass auto-disable; a delete-only credential (a console password) still waits for approval.
 */
import { describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  ADMIN_UID,
  autoDisableHarness,
  ETL_KEY,
  ETL_UID,
} from './support/auto-disable-harness.js';

describe('leavers are disabled at once: what still waits, and the guards', () => {
  const h = autoDisableHarness();
  const { run, writes, requests, summary, audit, approve, setUp } = h;

  it('leaver: approve keeps the old behaviour: every step waits for its approvals', async () => {
    await setUp('{ leaver: approve, deleteAfterDays: 14 }');
    expect(summary(await requests())).toEqual([
      [1, ADMIN_UID, 'pending-approval', 2, ['disable:pending', 'delete:pending']],
      [2, ETL_UID, 'pending-approval', 1, ['disable:pending', 'delete:pending']],
    ]);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Awaiting approval: 2 request(s): #1 #2\n');
    expect(applied.stdout).toContain('Applied: 0 done,');
    expect(writes()).toEqual([]);
    expect((await approve(2, 'ann@acme.example')).exitCode).toBe(0);
    await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'], '2026-11-27T05:00:00Z');
    expect(writes()).toEqual([['UpdateAccessKey', ETL_KEY, 'Inactive']]);
  });

  it('configured notifications do not hold the immediate disable', async () => {
    await setUp('{ deleteAfterDays: 14 }', [
      'notifications:',
      '  securityContact: security@acme.example',
      '  channels: [{ type: webhook, url: "http://127.0.0.1:9/nhiscan-test" }]',
    ]);
    // No notice was sent (scan --no-notify): an approval request would be held, the disable is not.
    const applied = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example', '--json']);
    expect(applied.exitCode).toBe(0);
    const result = JSON.parse(applied.stdout);
    expect(result.held).toEqual([]);
    expect(result.counts).toMatchObject({ done: 2, failed: 0 });
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
    ]);
  });

  it('with leaver: approve and notifications, the same disable is held until announced (the contrast)', async () => {
    await setUp('{ leaver: approve, deleteAfterDays: 14 }', [
      'notifications:',
      '  securityContact: security@acme.example',
      '  channels: [{ type: webhook, url: "http://127.0.0.1:9/nhiscan-test" }]',
    ]);
    expect((await approve(2, 'ann@acme.example')).exitCode).toBe(0);
    const applied = await run(
      ['queue', 'execute', '--apply', '--by', 'olga@acme.example', '--json'],
      '2026-11-27T05:00:00Z',
    );
    expect(JSON.parse(applied.stdout).held).toEqual([
      {
        requestId: 2,
        credentialUid: ETL_UID,
        step: 'disable',
        reason: 'leaver-owned was not announced yet: it is held until a notice is delivered (nhiscan notify)',
      },
    ]);
    expect(writes()).toEqual([]);
  });

  it('the maxPerRun guard still refuses a mass auto-disable', async () => {
    await setUp('{ deleteAfterDays: 14, maxPerRun: 1 }');
    const refused = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('refused by guard max-per-run');
    expect(writes()).toEqual([]);
    const record = audit('queue').find((entry) => entry.action === 'guard.refused')!;
    expect(record.actor).toBe('olga@acme.example');
    expect(JSON.parse(record.payload)).toMatchObject({ actions: 2, guards: [{ guard: 'max-per-run' }] });
    expect(summary(await requests()).map((request) => request[4])).toEqual([
      ['disable:pending:immediate', 'delete:pending'],
      ['disable:pending:immediate', 'delete:pending'],
    ]);
    // A batch within the limit goes through.
    expect(
      (await run(['queue', 'execute', '--apply', '--max', '1', '--by', 'olga@acme.example'])).exitCode,
    ).toBe(0);
    expect(writes()).toEqual([['UpdateAccessKey', ADMIN_KEY, 'Inactive']]);
  });

  it('a console password (delete only) still waits for approval', async () => {
    await setUp('{ deleteAfterDays: 14 }', [], { consolePassword: true });
    const listed = await requests();
    const password = listed.find((request) => request.credentialUid.includes(':console-password:'))!;
    expect([password.state, password.requiredApprovals, password.stateReason]).toEqual([
      'pending-approval',
      1,
      null,
    ]);
    expect(password.steps.map((step) => [step.step, step.state, step.immediate])).toEqual([
      ['delete', 'pending', false],
    ]);
    // The leaver's user signs in with that password: it is also their own account
    // (leaver-access-remains), whose one step (delete) always waits for approval too.
    const account = listed.find((request) => request.rule === 'leaver-access-remains')!;
    expect([
      account.credentialUid.includes(':iam-user:'),
      account.state,
      account.steps.map((step) => step.step),
    ]).toEqual([true, 'pending-approval', ['delete']]);
    const applied = await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example', '--json']);
    expect(applied.exitCode).toBe(0);
    expect(
      JSON.parse(applied.stdout).actions.map((action: { requestId: number }) => action.requestId),
    ).toEqual(
      listed
        .filter((request) => request.id !== password.id && request.id !== account.id)
        .map((request) => request.id),
    );
    expect(writes()).toEqual([
      ['UpdateAccessKey', ADMIN_KEY, 'Inactive'],
      ['UpdateAccessKey', ETL_KEY, 'Inactive'],
    ]);
    expect(h.emulator().requestLog.some((entry) => entry.action === 'DeleteLoginProfile')).toBe(false);
  });
});
