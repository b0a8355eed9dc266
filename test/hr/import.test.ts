/**
 * `nhiscan hr import FILE`: an HR file becomes a snapshot, diffed against the previous one and
 * audited as a scan audits it (with the stored HR events applied), and a scan of the same data
 * records nothing new. Bad input exits 2 naming the file and line, and stores nothing. Importing
 * never raises or cancels a request, and a truncated file imported first still trips the queue's
 * hr-change guard at the scan that uses it.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { findingLines, writeJenkinsWorkspace } from './support/jenkins-workspace.js';

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date,department';
const ANN = 'E1,ann@acme.example,Ann,active,employee,2020-01-01,,platform';
const BOB = 'E2,bob@acme.example,Bob,active,employee,2020-01-01,,platform';
const NOTICE = 'nothing was raised, cancelled or revoked: the next scan acts on HR, behind the queue guards';

interface AuditRow {
  seq: number;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  payload: Record<string, unknown>;
}

describe('nhiscan hr import', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const path = (name: string) => join(dir.path, name);
  const write = (name: string, lines: string[], modified = '2026-11-26T06:00:00Z') => {
    writeFileSync(path(name), `${lines.join('\n')}\n`);
    utimesSync(path(name), new Date(modified), new Date(modified));
  };
  const scan = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  const audit = (): AuditRow[] => {
    const db = openDatabase(path('nhiscan.db'));
    try {
      return (
        db
          .prepare('SELECT seq, actor, action, target, reason, payload FROM audit_log ORDER BY seq')
          .all() as (Omit<AuditRow, 'payload'> & { payload: string })[]
      ).map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
    } finally {
      db.close();
    }
  };
  const snapshotCount = () => {
    const db = openDatabase(path('nhiscan.db'));
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM people_snapshots').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const requests = async () =>
    (
      JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout) as {
        id: number;
        credentialUid: string;
        state: string;
      }[]
    ).map((request) => [request.id, request.credentialUid, request.state]);
  const findings = () => findingLines(run);

  beforeEach(async () => {
    dir = temporaryDirectory();
    write('hr.csv', [HR_HEADER, ANN, BOB]);
    writeJenkinsWorkspace(write);
    expect((await scan()).exitCode).toBe(0);
  });
  afterEach(() => dir.remove());

  it('records the file as a snapshot and audits its change as a scan does; a scan of it adds nothing', async () => {
    write('hr.csv', [
      HR_HEADER,
      'E1,ann.lee@acme.example,Ann,active,employee,2020-01-01,,platform',
      'E3,cy@acme.example,Cy,active,employee,2026-11-02,,platform',
    ]);
    const imported = await run(['hr', 'import', 'hr.csv', '--as-of', '2026-11-26']);
    // One of two people gone is over the default 5% limit but under the floor of 3 people
    // (revocation.hrChangeGuardMinPeople): no warning. The 40-people case below warns.
    expect([imported.exitCode, imported.stderr]).toEqual([0, '']);
    expect(imported.stdout).toBe(
      [
        `HR snapshot 2 recorded from ${path('hr.csv')} (3 people): 0 new leaver(s), 1 removed, 1 added, 0 rehired, 1 email change(s)`,
        '  added: E3',
        '  E1 email ann@acme.example → ann.lee@acme.example',
        '  removed: E2',
        // Bob is removed from the export, and kept as a departed leaver (hr.missingMeans: departed).
        '  kept as departed leavers (no longer in the export; hr.missingMeans: departed): E2',
        NOTICE,
        '',
      ].join('\n'),
    );

    const records = audit().filter((record) => record.action === 'hr.snapshot');
    expect(records.map(({ actor, target }) => [actor, target])).toEqual([
      ['scan', 'hr-snapshot:1'],
      ['hr-import', 'hr-snapshot:2'],
    ]);
    expect(records[1]!.reason).toBe('0 new leaver(s), 1 removed, 1 added, 0 rehired, 1 email change(s)');
    expect(records[1]!.payload).toEqual({
      snapshotId: 2,
      previousSnapshotId: 1,
      source: path('hr.csv'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      people: 3,
      diff: {
        added: ['E3'],
        removed: ['E2'],
        newLeavers: [],
        rehired: [],
        emailChanged: [{ employeeId: 'E1', from: 'ann@acme.example', to: 'ann.lee@acme.example' }],
      },
      departed: [{ employeeId: 'E2', departedOn: '2026-11-26' }],
    });
    expect((await run(['hr', 'diff'])).stdout).toBe(
      [
        `2026-11-26T12:00:00.000Z ${path('hr.csv')} (3 people): 0 new leaver(s), 1 removed, 1 added, 0 rehired, 1 email change(s)`,
        '  added: E3',
        '  E1 email ann@acme.example → ann.lee@acme.example',
        '  removed: E2',
        '',
      ].join('\n'),
    );

    // The same file again is the same snapshot: nothing recorded, by the import or by a scan.
    const again = await run(['hr', 'import', 'hr.csv', '--as-of', '2026-11-26', '--json']);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      recorded: false,
      snapshotId: 2,
      source: path('hr.csv'),
      sha256: records[1]!.payload.sha256,
      people: 3,
      departedPeople: ['E2'],
    });
    expect((await scan()).exitCode).toBe(0);
    expect(snapshotCount()).toBe(2);
    expect(audit().filter((record) => record.action === 'hr.snapshot')).toHaveLength(2);
    expect(
      audit()
        .filter((record) => record.action === 'scan.finished')
        .at(-1)!.payload.hrSnapshotId,
    ).toBe(2);
  });

  it('applies the stored HR events as a scan would, keeping a dropped leaver, and prints JSON', async () => {
    write('events.ndjson', ['{"id":"t1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}']);
    expect((await run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
    write('hr.csv', [HR_HEADER, ANN]);
    const imported = await run(['hr', 'import', 'hr.csv', '--as-of', '2026-11-26', '--json']);
    // One new leaver is under the floor of 3 people: no warning.
    expect([imported.exitCode, imported.stderr]).toEqual([0, '']);
    expect(JSON.parse(imported.stdout)).toEqual({
      recorded: true,
      snapshotId: 2,
      previousSnapshotId: 1,
      source: `${path('hr.csv')} + 1 HR event(s)`,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      people: 2,
      diff: { added: [], removed: [], newLeavers: ['E2'], rehired: [], emailChanged: [] },
      carriedByHrEvents: ['E2'],
    });
    // Importing raised nothing; the scan of the same data reuses the snapshot and raises the request.
    expect(await requests()).toEqual([]);
    expect((await scan()).exitCode).toBe(0);
    expect(snapshotCount()).toBe(2);
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval']]);
  });

  it('creates the database named by --db when there is none, without a config', async () => {
    const other = temporaryDirectory();
    try {
      writeFileSync(
        join(other.path, 'people.json'),
        JSON.stringify([
          {
            employeeId: 'E9',
            email: 'eve@acme.example',
            name: 'Eve',
            status: 'active',
            workerType: 'employee',
          },
        ]),
      );
      const imported = await cli(['hr', 'import', 'people.json', '--db', 'fresh.db'], {
        cwd: other.path,
        now: '2026-11-26T12:00:00Z',
      });
      expect([imported.exitCode, imported.stderr]).toEqual([0, '']);
      expect(imported.stdout).toBe(
        `HR snapshot 1 recorded from ${join(other.path, 'people.json')} (1 people): first HR snapshot: 1 people\n${NOTICE}\n`,
      );
    } finally {
      other.remove();
    }
  });

  it('rejects bad input with exit 2, naming the file and line, and stores nothing', async () => {
    const before = audit();
    write('truncated.csv', [HR_HEADER, ANN, 'E2,bob@acme.example,Bob,retired,employee,2020-01-01,,platform']);
    const bad = await run(['hr', 'import', 'truncated.csv']);
    expect([bad.exitCode, bad.stdout, bad.stderr]).toEqual([
      2,
      '',
      `nhiscan: error: ${path('truncated.csv')}, line 3, column status: expected active or terminated, got "retired"\n`,
    ]);
    write('hr.txt', ['not an export']);
    const unsupported = await run(['hr', 'import', 'hr.txt']);
    expect([unsupported.exitCode, unsupported.stdout, unsupported.stderr]).toEqual([
      2,
      '',
      `nhiscan: error: ${path('hr.txt')}: unsupported HR file type ".txt"; expected .csv or .json\n`,
    ]);
    const badDate = await run(['hr', 'import', 'hr.csv', '--as-of', 'yesterday']);
    expect(badDate.exitCode).toBe(2);
    expect(badDate.stderr).toContain('--as-of');
    expect(snapshotCount()).toBe(1);
    expect(audit()).toEqual(before);
  });

  it('raises and cancels nothing, whatever the file says', async () => {
    write('hr.csv', [
      HR_HEADER,
      ANN,
      'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-11-20,platform',
    ]);
    expect((await scan()).exitCode).toBe(0);
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval']]);
    const findingsBefore = await findings();
    const lastSeq = audit().at(-1)!.seq;

    // Bob back as active (a scan would cancel his request), Ann terminated (a scan would raise one).
    write('other.csv', [
      HR_HEADER,
      'E1,ann@acme.example,Ann,terminated,employee,2020-01-01,2026-11-21,platform',
      BOB,
    ]);
    const imported = await run(['hr', 'import', 'other.csv', '--as-of', '2026-11-26']);
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toContain(
      ': 1 new leaver(s), 0 removed, 0 added, 1 rehired, 0 email change(s)\n',
    );
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval']]);
    expect(await findings()).toEqual(findingsBefore);
    expect(
      audit()
        .filter((record) => record.seq > lastSeq)
        .map((record) => `${record.actor} ${record.action} ${record.target}`),
    ).toEqual(['hr-import hr.snapshot hr-snapshot:3']);
  });
});

describe('nhiscan hr import and the hr-change guard', () => {
  /** 40 people; E01 left in October and owns jk-1. */
  const PEOPLE = Array.from({ length: 40 }, (_, index) => {
    const id = `E${String(index + 1).padStart(2, '0')}`;
    return index === 0
      ? `${id},${id.toLowerCase()}@acme.example,${id},terminated,employee,2020-01-01,2026-10-15,platform`
      : `${id},${id.toLowerCase()}@acme.example,${id},active,employee,2020-01-01,,platform`;
  });
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(dir.path, name), `${lines.join('\n')}\n`);
    utimesSync(join(dir.path, name), new Date('2026-11-26T10:00:00Z'), new Date('2026-11-26T10:00:00Z'));
  };

  beforeEach(async () => {
    dir = temporaryDirectory();
    write('hr.csv', [HR_HEADER, ...PEOPLE]);
    write('inventory.csv', [
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,department',
      'jenkins,ci,api-token,jk-1,svc-build,e01@acme.example,2026-11-01,2026-11-20,platform',
    ]);
    write('nhiscan.yaml', [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
      'revocation: { leaver: auto-disable }',
      // The executor is not a person in HR: a service actor that may run the queue.
      'governance: { actors: [{ id: ops@acme.example, roles: [execute] }] }',
    ]);
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
  });
  afterEach(() => dir.remove());

  it('still refuses to act after a scan of a truncated export that was imported first', async () => {
    // The export cut off after 20 rows, imported from one path, then scanned from the configured one.
    const truncated = [HR_HEADER, ...PEOPLE.slice(0, 20)];
    write('truncated.csv', truncated);
    const imported = await run(['hr', 'import', 'truncated.csv', '--as-of', '2026-11-26']);
    expect(imported.exitCode).toBe(0);
    // The 20 people the file lacks are removed from the export, and kept as departed leavers.
    expect(imported.stdout).toContain('(40 people): 0 new leaver(s), 20 removed');
    expect(imported.stdout).toContain(
      '  kept as departed leavers (no longer in the export; hr.missingMeans: departed): E21, E22, E23, E24, E25, E26, E27, E28, E29, E30 and 10 more\n',
    );
    // The import itself warns at once, with the config's own limit.
    expect(imported.stderr).toBe(
      'nhiscan: warning: this file changes 50.0% of the 40 people HR had (20 removed, 0 new leaver(s)), more than revocation.hrChangeGuardPercent 5%. If it is a truncated export, do not scan with it: after such a scan, queue execute --apply refuses until someone acknowledges the change (--accept-hr-change).\n',
    );
    write('hr.csv', truncated);
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);

    const refused = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^nhiscan: refused by guard hr-change: /);
    expect(refused.stderr).toContain(
      'HR snapshot 3 changed 50.0% of 40 people since snapshot 1 (limit revocation.hrChangeGuardPercent 5%): 0 new leavers, 20 people missing (E21, E22, E23, E24, E25 and 15 more)',
    );
  });
});
