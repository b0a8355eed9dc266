/**
 * HR cannot silently undo a decision (issue 19, item 5). A person the previous HR snapshot listed
 * and the export no longer does is *departed*: a leaver from the day the export first missed them,
 * so their credentials keep a critical leaver-owned finding and their requests stand, until HR
 * lists them again or a rehire event brings them back. hr.missingMeans: unknown keeps the old
 * findings (owner-not-in-hr), but even then the scan holds, and never cancels, their requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/workspace.js';

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date,department';
const ANN = 'E1,ann@acme.example,Ann,active,employee,2020-01-01,,platform';
const BOB_LEFT = 'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,platform';
const CAROL = 'E3,carol@acme.example,Carol,active,employee,2020-01-01,,platform';
const DAN = 'E4,dan@acme.example,Dan,active,employee,2020-01-01,,platform';

const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,department',
  'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-11-01,2026-11-20,platform',
  'jenkins,ci,api-token,jk-2,svc-deploy,ann@acme.example,2026-11-01,2026-11-20,platform',
  'jenkins,ci,api-token,jk-3,svc-report,dan@acme.example,2026-11-01,2026-11-20,platform',
];
const JK = (n: number) => `jenkins:ci:api-token:jk-${n}`;

const config = (hr = 'hr: { source: csv, path: hr.csv }') => [
  hr,
  'sources:',
  '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
  'revocation: { leaver: approve }',
];

describe('a person dropped from the HR export is departed, a leaver', () => {
  let ws: Workspace;
  const scan = (asOf: string) => ws.run(['scan', '--as-of', asOf, '--fail-on', 'none'], `${asOf}T12:00:00Z`);

  beforeEach(async () => {
    ws = workspace();
    ws.write('hr.csv', [HR_HEADER, ANN, BOB_LEFT, CAROL, DAN]);
    ws.write('inventory.csv', INVENTORY);
    ws.write('nhiscan.yaml', config());
    expect((await scan('2026-11-26')).exitCode).toBe(0);
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`]);
    // An active-only feed: Bob (a leaver) and Dan are no longer in it. Two people: under the floor
    // of revocation.hrChangeGuardMinPeople (3), so the queue is not frozen.
    ws.write('hr.csv', [HR_HEADER, ANN, CAROL], '2026-11-27T06:00:00Z');
  });
  afterEach(() => ws.remove());

  it('keeps leaver-owned critical, names the removal, and keeps and proposes the requests', async () => {
    const rescan = await scan('2026-11-27');
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    expect(rescan.stdout).not.toContain('Queue frozen');
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`, `${JK(3)} leaver-owned critical`]);
    const bob = ws.finding(JK(1), 'leaver-owned')!;
    expect(bob.title).toBe(
      'Api token jk-1 of jenkins/ci is owned by leaver Bob (terminated 2026-10-01; removed from the HR export on 2026-11-27)',
    );
    expect(bob.evidence).toMatchObject({
      status: 'terminated',
      terminationDate: '2026-10-01',
      departedOn: '2026-11-27',
      departure: 'removed from the HR export on 2026-11-27',
    });
    // Dan was active: he is a leaver from the day the export stopped listing him.
    expect(ws.finding(JK(3), 'leaver-owned')!.title).toBe(
      'Api token jk-3 of jenkins/ci is owned by leaver Dan (removed from the HR export on 2026-11-27)',
    );
    expect((await ws.requests()).map((r) => [r.id, r.credentialUid, r.state, r.held ?? null])).toEqual([
      [1, JK(1), 'pending-approval', null],
      [2, JK(3), 'pending-approval', null],
    ]);
    expect(ws.audit('request.cancelled', 'request.held', 'queue.frozen')).toEqual([]);

    // The snapshot diff still says they were removed from the export.
    const [, snapshot] = ws.audit('hr.snapshot');
    expect(snapshot).toEqual({
      actor: 'scan',
      action: 'hr.snapshot',
      target: 'hr-snapshot:2',
      reason: '0 new leaver(s), 2 removed, 0 added, 0 rehired, 0 email change(s)',
      payload: {
        snapshotId: 2,
        previousSnapshotId: 1,
        source: ws.path('hr.csv'),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        people: 4,
        diff: { added: [], removed: ['E2', 'E4'], newLeavers: [], rehired: [], emailChanged: [] },
        departed: [
          { employeeId: 'E2', departedOn: '2026-11-27' },
          { employeeId: 'E4', departedOn: '2026-11-27' },
        ],
      },
    });
    expect((await ws.run(['hr', 'diff'])).stdout).toContain('  removed: E2, E4\n');
    expect(ws.audit('scan.finished').at(-1)!.payload.departedPeople).toEqual(['E2', 'E4']);

    // A later scan of the same export: the same snapshot, the same departure day.
    expect((await scan('2026-11-28')).exitCode).toBe(0);
    expect(ws.audit('hr.snapshot')).toHaveLength(2);
    expect(ws.finding(JK(1), 'leaver-owned')!.evidence.departedOn).toBe('2026-11-27');
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`, `${JK(3)} leaver-owned critical`]);
  });

  it('ends when the export lists them again (a correction): the requests are cancelled as usual', async () => {
    expect((await scan('2026-11-27')).exitCode).toBe(0);
    ws.write('hr.csv', [
      HR_HEADER,
      ANN,
      BOB_LEFT.replace('terminated', 'active').replace('2026-10-01', ''),
      CAROL,
      DAN,
    ]);
    expect((await scan('2026-11-28')).exitCode).toBe(0);
    expect(await ws.findings()).toEqual([]);
    expect((await ws.requests()).map((r) => [r.id, r.state, r.stateReason])).toEqual([
      [1, 'cancelled', 'owner E2 is no longer a leaver in HR (rehire or HR correction)'],
      [2, 'cancelled', 'owner E4 is no longer a leaver in HR (rehire or HR correction)'],
    ]);
    expect(ws.audit('hr.snapshot').at(-1)!.reason).toBe(
      '0 new leaver(s), 0 removed, 2 added, 0 rehired, 0 email change(s)',
    );
  });

  it('ends with a rehire event dated on or after the departure, though the export still lacks them', async () => {
    expect((await scan('2026-11-27')).exitCode).toBe(0);
    ws.write('events.ndjson', ['{"id":"r1","type":"rehire","employeeId":"E4","effectiveDate":"2026-11-28"}']);
    expect((await ws.run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
    const rehired = await scan('2026-11-28');
    expect([rehired.exitCode, rehired.stderr]).toEqual([0, '']);
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`]);
    expect((await ws.requests()).map((r) => [r.id, r.state, r.stateReason])).toEqual([
      [1, 'pending-approval', null],
      [2, 'cancelled', 'owner E4 is no longer a leaver in HR (rehire or HR correction)'],
    ]);
    // Still absent from the export, still rehired at the next scan: nothing is proposed again.
    expect((await scan('2026-11-29')).exitCode).toBe(0);
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`]);
    expect(await ws.requests()).toHaveLength(2);
  });

  it('hr import records the same departure a scan would, and the scan of that data adds nothing', async () => {
    const imported = await ws.run(['hr', 'import', 'hr.csv', '--as-of', '2026-11-27', '--json']);
    expect([imported.exitCode, imported.stderr]).toEqual([0, '']);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      recorded: true,
      snapshotId: 2,
      people: 4,
      diff: { removed: ['E2', 'E4'] },
      departed: [
        { employeeId: 'E2', departedOn: '2026-11-27' },
        { employeeId: 'E4', departedOn: '2026-11-27' },
      ],
      departedPeople: ['E2', 'E4'],
    });
    // The scan a day later reads the same file: the import's snapshot, the import's departure day.
    expect((await scan('2026-11-28')).exitCode).toBe(0);
    expect(ws.audit('hr.snapshot')).toHaveLength(2);
    expect(ws.audit('scan.finished').at(-1)!.payload.hrSnapshotId).toBe(2);
    expect(ws.finding(JK(3), 'leaver-owned')!.evidence.departedOn).toBe('2026-11-27');
  });

  it('with hr.missingMeans: unknown, the owner is not in HR (high, not proposed) and the request is held, not cancelled', async () => {
    ws.write('nhiscan.yaml', config('hr: { source: csv, path: hr.csv, missingMeans: unknown }'));
    expect((await scan('2026-11-27')).exitCode).toBe(0);
    expect(await ws.findings()).toEqual([`${JK(1)} owner-not-in-hr high`, `${JK(3)} owner-not-in-hr high`]);
    const reason =
      'held: owner no longer resolvable: E2 no longer matches anyone in HR; release it (queue release) or cancel it (queue cancel)';
    expect((await ws.requests()).map((r) => [r.id, r.state, r.held?.reason ?? null])).toEqual([
      [1, 'pending-approval', reason],
    ]);
    expect(ws.audit('request.held')).toEqual([
      {
        actor: 'nhiscan',
        action: 'request.held',
        target: 'request:1',
        reason,
        payload: {
          requestId: 1,
          credentialUid: JK(1),
          state: 'pending-approval',
          runId: 2,
          rule: 'leaver-owned',
        },
      },
    ]);
    expect(ws.audit('request.cancelled')).toEqual([]);
    expect(ws.audit('hr.snapshot').at(-1)!.reason).toBe(
      '0 new leaver(s), 2 removed, 0 added, 0 rehired, 0 email change(s)',
    );
  });
});
