/**
 * The hr-change guard at scan time, and its floor. A truncated export (half the company missing)
 * still gets its findings recorded, but the scan freezes the queue: no cancellation, no request
 * starting approved, a `queue.frozen` audit record, and the freeze in the human output and in
 * `--json`, until `scan --accept-hr-change --by --reason` acknowledges the snapshot. One ordinary
 * termination in a 13-person organisation (7.7%) is under the floor of 3 people: nothing trips.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateJsonReport } from '../reports/validate-report.js';
import { type Workspace, workspace } from './support/workspace.js';

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date,department';
const id = (n: number) => `E${String(n).padStart(2, '0')}`;
const person = (n: number, leftOn?: string) =>
  `${id(n)},${id(n).toLowerCase()}@acme.example,Person ${id(n)},${leftOn ? 'terminated' : 'active'},employee,2020-01-01,${leftOn ?? ''},platform`;
const INVENTORY_HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,department';
const token = (n: number) =>
  `jenkins,ci,api-token,jk-${n},svc-${n},${id(n).toLowerCase()}@acme.example,2026-11-01,2026-11-20,platform`;
const JK = (n: number) => `jenkins:ci:api-token:jk-${n}`;
/** Leaver-owned requests start approved (auto), so a freeze shows. */
const CONFIG = [
  'hr: { source: csv, path: hr.csv }',
  'sources:',
  '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
  'revocation: { rules: { leaver-owned: { standard: auto } } }',
];

describe('the hr-change guard at scan time', () => {
  let ws: Workspace;
  const scan = (...extra: string[]) =>
    ws.run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', ...extra]);
  const queue = async () =>
    (await ws.requests()).map((r) => [r.id, r.credentialUid, r.state, r.stateReason, r.held?.reason ?? null]);

  beforeEach(() => {
    ws = workspace();
    ws.write('nhiscan.yaml', CONFIG);
  });
  afterEach(() => ws.remove());

  it('one termination event among 13 people (7.7%) is under the floor: nothing frozen, the request starts approved', async () => {
    ws.write('hr.csv', [HR_HEADER, ...Array.from({ length: 13 }, (_, index) => person(index + 1))]);
    ws.write('inventory.csv', [INVENTORY_HEADER, token(5)]);
    expect((await scan()).exitCode).toBe(0);
    ws.write('events.ndjson', [
      '{"id":"t5","type":"terminate","employeeId":"E05","effectiveDate":"2026-11-26"}',
    ]);
    expect((await ws.run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
    const terminated = await scan();
    expect([terminated.exitCode, terminated.stderr]).toEqual([0, '']);
    expect(terminated.stdout).not.toContain('Queue frozen');
    expect(await ws.findings()).toEqual([`${JK(5)} leaver-owned critical`]);
    expect(await queue()).toEqual([
      [
        1,
        JK(5),
        'approved',
        'approved automatically by the revocation settings for leaver-owned (standard tier)',
        null,
      ],
    ]);
    expect(ws.audit('queue.frozen')).toEqual([]);
    const plan = await ws.run(['queue', 'execute', '--by', 'e01@acme.example']);
    expect(plan.stdout).toContain(
      'ok      hr-change: HR change since snapshot 1: 7.7% (limit 5%), but only 1 person (revocation.hrChangeGuardMinPeople 3)\n',
    );
    // Nothing to acknowledge: said on stderr, nothing recorded.
    const nothing = await scan('--accept-hr-change', '--by', 'e01@acme.example', '--reason', 'one leaver');
    expect([nothing.exitCode, nothing.stderr]).toEqual([
      0,
      'nhiscan: --accept-hr-change: the HR change at this scan is within the hr-change guard; nothing was recorded\n',
    ]);
    expect(ws.audit('guard.acknowledged')).toEqual([]);
  });

  describe('a truncated export of 40 people', () => {
    const PEOPLE = Array.from({ length: 40 }, (_, index) =>
      person(index + 1, index < 4 ? '2026-10-15' : undefined),
    );
    const frozenReason =
      'HR snapshot 2 changed 50.0% of 40 people since snapshot 1 (limit revocation.hrChangeGuardPercent 5%): 0 new leavers, 20 people missing (E21, E22, E23, E24, E25 and 15 more). The queue is frozen: no request is cancelled or approved automatically until someone acknowledges this HR snapshot (nhiscan scan --accept-hr-change --by WHO --reason TEXT)';
    const wouldCancel =
      'held: the queue is frozen by the hr-change guard at HR snapshot 2; would cancel: owner E03 is no longer a leaver in HR (rehire or HR correction)';
    const AUTO = 'approved automatically by the revocation settings for leaver-owned (standard tier)';

    beforeEach(async () => {
      // E01–E04 left in October and own jk-1..jk-4; E30 (in the half that gets cut off) owns jk-30.
      ws.write('hr.csv', [HR_HEADER, ...PEOPLE]);
      ws.write('inventory.csv', [INVENTORY_HEADER, token(1), token(2), token(3), token(4), token(30)]);
      expect((await scan()).exitCode).toBe(0);
      expect((await queue()).map((row) => row[2])).toEqual(['approved', 'approved', 'approved', 'approved']);
      // Cut off after 20 rows, and in it HR corrects E03 back to active.
      ws.write('hr.csv', [
        HR_HEADER,
        ...PEOPLE.slice(0, 20).map((line, index) => (index === 2 ? person(3) : line)),
      ]);
    });

    it('records the findings but freezes the queue: nothing cancelled, nothing new approved, audited and shown', async () => {
      const frozen = await scan();
      expect([frozen.exitCode, frozen.stderr]).toEqual([0, '']);
      expect(frozen.stdout).toContain(`\nQueue frozen: ${frozenReason}\n`);
      // E30 is departed: a leaver from today, found and proposed, but not approved.
      expect(await ws.findings()).toEqual([
        `${JK(1)} leaver-owned critical`,
        `${JK(2)} leaver-owned critical`,
        `${JK(30)} leaver-owned critical`,
        `${JK(4)} leaver-owned critical`,
      ]);
      expect(await queue()).toEqual([
        [1, JK(1), 'approved', AUTO, null],
        [2, JK(2), 'approved', AUTO, null],
        [3, JK(3), 'approved', AUTO, wouldCancel],
        [4, JK(4), 'approved', AUTO, null],
        [5, JK(30), 'pending-approval', null, null],
      ]);
      expect(ws.audit('request.cancelled')).toEqual([]);
      expect(ws.audit('queue.frozen')).toEqual([
        {
          actor: 'scan',
          action: 'queue.frozen',
          target: 'run:2',
          reason: frozenReason,
          payload: {
            runId: 2,
            guard: 'hr-change',
            previousSnapshotId: 1,
            currentSnapshotId: 2,
            previousCount: 40,
            newLeavers: 0,
            removed: 20,
            percent: 50,
            limitPercent: 5,
            minPeople: 3,
          },
        },
      ]);
      expect(ws.audit('request.held')).toEqual([
        {
          actor: 'nhiscan',
          action: 'request.held',
          target: 'request:3',
          reason: wouldCancel,
          payload: {
            requestId: 3,
            credentialUid: JK(3),
            state: 'approved',
            runId: 2,
            rule: 'leaver-owned',
            frozen: true,
          },
        },
      ]);
      const { runId: _run, guard: _guard, ...facts } = ws.audit('queue.frozen')[0]!.payload;
      expect(ws.audit('scan.finished').at(-1)!.payload.queueFrozen).toEqual(facts);

      // E03 may not release the hold on their own credential's request.
      const own = await ws.run(['queue', 'release', '3', '--by', 'e03@acme.example', '--reason', 'mine']);
      expect(own.exitCode).toBe(2);
      expect(
        ws.audit('decision.refused').map((record) => [record.actor, record.target, record.payload]),
      ).toEqual([
        ['e03@acme.example', 'request:3', { decision: 'release', refusal: 'owner', employeeId: 'E03' }],
      ]);
      expect((await ws.requests())[2]!.held?.reason).toBe(wouldCancel);

      // Still frozen at the next scan of the same data; --json says so, in the schema.
      const json = await scan('--json');
      expect(json.exitCode).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report.scan.queueFrozen).toEqual({ reason: frozenReason, hrSnapshotId: 2 });
      expect(validateJsonReport(report)).toEqual([]);
      expect(ws.audit('queue.frozen').map((record) => record.target)).toEqual(['run:2', 'run:3']);
    });

    it('scan --accept-hr-change acknowledges the snapshot: audited, and the held request is cancelled for real', async () => {
      expect((await scan()).exitCode).toBe(0);
      const noReason = await scan('--accept-hr-change', '--by', 'e05@acme.example');
      expect([noReason.exitCode, noReason.stderr]).toEqual([
        2,
        'nhiscan: error: key --accept-hr-change: --accept-hr-change needs --by WHO and --reason TEXT (recorded in the audit log)\n',
      ]);
      const accepted = await scan(
        '--accept-hr-change',
        '--by',
        'e05@acme.example',
        '--reason',
        'HR confirms: the contractors of the old data team left',
      );
      expect([accepted.exitCode, accepted.stderr]).toEqual([0, '']);
      expect(accepted.stdout).not.toContain('Queue frozen');
      expect(ws.audit('guard.acknowledged')).toEqual([
        {
          actor: 'e05@acme.example',
          action: 'guard.acknowledged',
          target: 'hr-snapshot:2',
          reason: 'HR confirms: the contractors of the old data team left',
          payload: { guard: 'hr-change', hrSnapshotId: 2, runId: 3, command: 'scan' },
        },
      ]);
      expect(ws.audit('queue.frozen').map((record) => record.target)).toEqual(['run:2']);
      expect(await queue()).toEqual([
        [1, JK(1), 'approved', AUTO, null],
        [2, JK(2), 'approved', AUTO, null],
        [3, JK(3), 'cancelled', 'owner E03 is no longer a leaver in HR (rehire or HR correction)', null],
        [4, JK(4), 'approved', AUTO, null],
        [5, JK(30), 'pending-approval', null, null],
      ]);
      // queue execute sees the same acknowledgement.
      const plan = await ws.run(['queue', 'execute', '--by', 'e05@acme.example']);
      expect(plan.stdout).toContain(
        'ok      hr-change: HR change since snapshot 1: 50.0% (limit 5%), acknowledged\n',
      );
      // Already acknowledged: nothing more is recorded.
      const nothing = await scan('--accept-hr-change', '--by', 'e05@acme.example', '--reason', 'again');
      expect([nothing.exitCode, nothing.stderr]).toEqual([0, '']);
      expect(ws.audit('guard.acknowledged')).toHaveLength(1);
    });
  });
});
