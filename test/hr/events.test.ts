/**
 * HR lifecycle events: applied in effective-date order whatever the arrival order, duplicates
 * ignored, a rehire after a termination, a transfer that becomes mover-recertify after the grace
 * window; a malformed batch rejected whole; and the snapshot diff of each import in the audit log.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/model.js';
import { applyHrEvents } from '../../src/hr/events/apply.js';
import type { HrEvent } from '../../src/hr/events/model.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const person = (employeeId: string, email: string, extra: Partial<Person> = {}): Person => ({
  employeeId,
  email,
  name: employeeId,
  status: 'active',
  workerType: 'employee',
  hireDate: '2020-01-01',
  terminationDate: null,
  contractEndDate: null,
  department: 'platform',
  managerEmail: null,
  previousDepartment: null,
  transferDate: null,
  aliases: [],
  ...extra,
});

describe('applying HR events', () => {
  const roster = [person('E1', 'ann@acme.example'), person('E2', 'bob@acme.example')];
  const at = (day: string) => new Date(`${day}T00:00:00Z`);

  it('applies in effective-date order, whatever order the events arrived in', () => {
    const events: HrEvent[] = [
      { id: 'b', type: 'rehire', employeeId: 'E2', effectiveDate: '2026-11-10' },
      { id: 'a', type: 'terminate', employeeId: 'E2', effectiveDate: '2026-10-01' },
    ];
    const stored = events.map((event, index) => ({ seq: index + 1, event }));
    const bob = (day: string) =>
      applyHrEvents(roster, stored, at(day)).people.find((entry) => entry.employeeId === 'E2')!;
    expect([bob('2026-09-30').status, bob('2026-10-15').status, bob('2026-11-26').status]).toEqual([
      'active',
      'terminated',
      'active',
    ]);
    expect(bob('2026-10-15').terminationDate).toBe('2026-10-01');
    expect([bob('2026-11-26').terminationDate, bob('2026-11-26').hireDate]).toEqual([null, '2026-11-10']);
  });

  it('moves a transferred person and keeps the old department for mover-recertify', () => {
    const applied = applyHrEvents(
      roster,
      [
        {
          seq: 1,
          event: {
            id: 't',
            type: 'transfer',
            employeeId: 'E1',
            effectiveDate: '2026-10-01',
            department: 'finance',
          },
        },
      ],
      at('2026-11-26'),
    );
    expect(applied.people[0]).toMatchObject({
      department: 'finance',
      previousDepartment: 'platform',
      transferDate: '2026-10-01',
    });
  });

  it('hires from an event, extends a contract, and reports events for unknown people', () => {
    const applied = applyHrEvents(
      roster,
      [
        {
          seq: 1,
          event: {
            id: 'h',
            type: 'hire',
            employeeId: 'E9',
            effectiveDate: '2026-11-01',
            email: 'cy@acme.example',
            name: 'Cy',
            workerType: 'contractor',
            contractEndDate: '2026-12-31',
            aliases: [],
          },
        },
        {
          seq: 2,
          event: {
            id: 'x',
            type: 'contract-extend',
            employeeId: 'E9',
            effectiveDate: '2026-11-20',
            contractEndDate: '2027-06-30',
          },
        },
        { seq: 3, event: { id: 'u', type: 'terminate', employeeId: 'E404', effectiveDate: '2026-11-01' } },
      ],
      at('2026-11-26'),
    );
    expect(applied.people.find((entry) => entry.employeeId === 'E9')).toMatchObject({
      email: 'cy@acme.example',
      workerType: 'contractor',
      contractEndDate: '2027-06-30',
      hireDate: '2026-11-01',
    });
    expect(applied.unknown.map((entry) => entry.event.id)).toEqual(['u']);
    expect(applied.applied).toBe(2);
  });
});

describe('nhiscan hr event and hr diff', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const write = (name: string, lines: string[]) =>
    writeFileSync(join(dir.path, name), `${lines.join('\n')}\n`);

  beforeEach(async () => {
    dir = temporaryDirectory();
    write('hr.csv', [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,department',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,,platform',
      'E2,bob@acme.example,Bob,active,employee,2020-01-01,,platform',
    ]);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    write('inventory.csv', [
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,department',
      'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-11-01,2026-11-20,platform',
      'jenkins,ci,api-token,jk-2,svc-deploy,ann@acme.example,2026-11-01,2026-11-20,platform',
    ]);
    write('nhiscan.yaml', [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
      'revocation: { leaver: approve }',
    ]);
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
  });
  afterEach(() => dir.remove());

  it('rejects a batch with one bad line, naming the line and key, and stores nothing', async () => {
    write('events.ndjson', [
      '{"id":"e1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}',
      '{"id":"e2","type":"terminate","employeeId":"E1","effectiveDate":"20/11/2026"}',
    ]);
    const result = await run(['hr', 'event', 'events.ndjson']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `${join(dir.path, 'events.ndjson')}, line 2, key effectiveDate: expected a date such as 2026-11-26`,
    );
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM hr_events').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('applies a termination at the next scan, ignores its duplicate, and records the HR change', async () => {
    write('events.ndjson', ['{"id":"e1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}']);
    expect((await run(['hr', 'event', 'events.ndjson'])).stdout).toBe(
      'stored 1 HR event(s), 0 duplicate(s) ignored; they apply at the next scan\n',
    );
    expect((await run(['hr', 'event', 'events.ndjson'])).stdout).toBe(
      'stored 0 HR event(s), 1 duplicate(s) ignored; they apply at the next scan\n',
    );
    write('conflict.ndjson', [
      '{"id":"e1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-21"}',
    ]);
    const conflict = await run(['hr', 'event', 'conflict.ndjson']);
    expect(conflict.exitCode).toBe(2);
    expect(conflict.stderr).toContain('event "e1" was already received with different content');

    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      credentialUid: string;
    }[];
    expect(findings.map((finding) => `${finding.credentialUid} ${finding.rule}`)).toEqual([
      'jenkins:ci:api-token:jk-1 leaver-owned',
    ]);
    const requests = JSON.parse((await run(['queue', 'list', '--json'])).stdout) as {
      credentialUid: string;
    }[];
    expect(requests.map((request) => request.credentialUid)).toEqual(['jenkins:ci:api-token:jk-1']);

    const diff = await run(['hr', 'diff']);
    expect(diff.stdout).toMatch(
      /\+ 1 HR event\(s\) \(2 people\): 1 new leaver\(s\), 0 removed, 0 added, 0 rehired, 0 email change\(s\)\n {2}newLeavers: E2\n$/,
    );
  });

  it('turns a transfer into mover-recertify once the grace window has passed', async () => {
    write('events.ndjson', [
      '{"id":"t1","type":"transfer","employeeId":"E1","effectiveDate":"2026-10-01","department":"finance"}',
    ]);
    expect((await run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
    expect((await run(['scan', '--as-of', '2026-10-20', '--fail-on', 'none'])).exitCode).toBe(0);
    const early = JSON.parse((await run(['findings', '--json'])).stdout) as { rule: string }[];
    expect(early.map((finding) => finding.rule)).not.toContain('mover-recertify');
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const later = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      credentialUid: string;
    }[];
    expect(later.map((finding) => `${finding.credentialUid} ${finding.rule}`)).toEqual([
      'jenkins:ci:api-token:jk-2 mover-recertify',
    ]);
  });

  it('warns about an event for an employee id nobody has, instead of dropping it silently', async () => {
    write('events.ndjson', [
      '{"id":"typo","type":"terminate","employeeId":"E22","effectiveDate":"2026-11-20"}',
    ]);
    expect((await run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.exitCode).toBe(0);
    expect(scan.stderr).toBe(
      'warning: HR event typo (terminate E22) names no employee in the HR data or a hire event; it was not applied\n',
    );
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const record = db
        .prepare("SELECT payload FROM audit_log WHERE action = 'scan.finished' ORDER BY seq DESC LIMIT 1")
        .get() as { payload: string };
      expect(JSON.parse(record.payload).unappliedHrEvents).toEqual([
        { id: 'typo', type: 'terminate', employeeId: 'E22' },
      ]);
    } finally {
      db.close();
    }
  });
});
