/**
 * HR lifecycle events: applied in effective-date order whatever the arrival order, duplicates
 * ignored, a rehire after a termination, a transfer that becomes mover-recertify after the grace
 * window; a malformed batch rejected whole, each problem named by line and key; and the snapshot
 * diff of each import in the audit log, where a person missing from the export is removed, not a
 * leaver.
 */
import { spawnSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/core/errors.js';
import type { Person } from '../../src/core/model.js';
import { applyHrEvents } from '../../src/hr/events/apply.js';
import type { HrEvent } from '../../src/hr/events/model.js';
import { parseHrEvents } from '../../src/hr/events/parse.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  findingLines,
  JENKINS_CONFIG,
  requestRows,
  writeJenkinsWorkspace,
} from './support/jenkins-workspace.js';

const NHISCAN = fileURLToPath(new URL('../../bin/nhiscan.js', import.meta.url));

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

describe('applying HR events to an export that dropped a person', () => {
  const at = (day: string) => new Date(`${day}T00:00:00Z`);
  const ann = person('E1', 'ann@acme.example');
  const bob = person('E2', 'bob@acme.example', { aliases: ['github:bobby'] });
  const event = (seq: number, value: HrEvent) => ({ seq, event: value });

  it('keeps a person whose termination an event says, from the earlier snapshot, as a leaver', () => {
    const applied = applyHrEvents(
      [ann],
      [event(1, { id: 't', type: 'terminate', employeeId: 'E2', effectiveDate: '2026-11-20' })],
      at('2026-11-26'),
      [ann, bob],
    );
    expect(applied.people).toEqual([ann, { ...bob, status: 'terminated', terminationDate: '2026-11-20' }]);
    expect([applied.carried, applied.unknown, applied.applied]).toEqual([['E2'], [], 1]);
  });

  it('leaves a missing person removed when no event in effect ends in a termination', () => {
    const events = [
      event(1, { id: 't', type: 'terminate', employeeId: 'E2', effectiveDate: '2026-11-20' }),
      event(2, { id: 'r', type: 'rehire', employeeId: 'E2', effectiveDate: '2026-11-24' }),
    ];
    const rehired = applyHrEvents([ann], events, at('2026-11-26'), [ann, bob]);
    expect(rehired.people).toEqual([ann]);
    expect(rehired.carried).toEqual([]);
    expect(rehired.unknown.map((entry) => entry.event.id)).toEqual(['t', 'r']);
    // Before the termination takes effect, nothing says anything about E2.
    const early = applyHrEvents([ann], events.slice(0, 1), at('2026-11-19'), [ann, bob]);
    expect([early.people, early.carried, early.unknown]).toEqual([[ann], [], []]);
    // A transfer is not a termination: the person stays removed.
    const moved = applyHrEvents(
      [ann],
      [
        event(1, {
          id: 'm',
          type: 'transfer',
          employeeId: 'E2',
          effectiveDate: '2026-11-20',
          department: 'x',
        }),
      ],
      at('2026-11-26'),
      [ann, bob],
    );
    expect([moved.people, moved.carried, moved.unknown.map((entry) => entry.event.id)]).toEqual([
      [ann],
      [],
      ['m'],
    ]);
  });

  it('applies events of the same effective date in arrival order', () => {
    const sameDay = (first: HrEvent, second: HrEvent) =>
      applyHrEvents([ann, bob], [event(1, first), event(2, second)], at('2026-11-26')).people[1]!.status;
    const terminate: HrEvent = { id: 't', type: 'terminate', employeeId: 'E2', effectiveDate: '2026-11-20' };
    const rehire: HrEvent = { id: 'r', type: 'rehire', employeeId: 'E2', effectiveDate: '2026-11-20' };
    expect([sameDay(terminate, rehire), sameDay(rehire, terminate)]).toEqual(['active', 'terminated']);
  });
});

describe('reading NDJSON events', () => {
  it('reads every line, skipping blank ones, with the documented defaults', () => {
    const text = [
      '\uFEFF{"id":"h1","type":"hire","employeeId":" E9 ","effectiveDate":"2026-11-01","email":"cy@acme.example","name":"Cy"}',
      '',
      '{"id":"t1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20","reason":"resigned"}\r',
      '',
    ].join('\n');
    expect(parseHrEvents(text, 'events.ndjson')).toEqual([
      {
        id: 'h1',
        type: 'hire',
        employeeId: 'E9',
        effectiveDate: '2026-11-01',
        email: 'cy@acme.example',
        name: 'Cy',
        workerType: 'employee',
        aliases: [],
      },
      { id: 't1', type: 'terminate', employeeId: 'E2', effectiveDate: '2026-11-20', reason: 'resigned' },
    ]);
  });

  it('rejects the batch, naming every bad line with its key, what was expected and what was found', () => {
    const lines = [
      '{"id":"ok","type":"terminate","employeeId":"E1","effectiveDate":"2026-11-20"}',
      '{"id":"b","type":"fire","employeeId":"E1","effectiveDate":"2026-11-20"}',
      '{"id":"c","type":"transfer","employeeId":"E1","effectiveDate":"2026-11-20"}',
      'not json',
      '{"id":"d","type":"terminate","employeeId":"E1","effectiveDate":"2026-02-30"}',
      '{"id":"e","type":"terminate","employeeId":"E1","effectiveDate":"20/11/2026","extra":1}',
      '{"type":"terminate","employeeId":"E1","effectiveDate":"2026-11-20"}',
      '[1]',
      '{"id":"h","type":"hire","employeeId":"E9","effectiveDate":"2026-11-20","email":"bad","name":"x","workerType":"Contractor","aliases":["a",""]}',
      '{"id":"x","type":"terminate","employeeId":"E1","effectiveDate":"2026-11-20"',
      '{"id":"y","employeeId":"E1","effectiveDate":"2026-11-20"}',
    ];
    let error: unknown;
    try {
      parseHrEvents(lines.join('\n'), 'events.ndjson');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).errors.map((each) => each.message)).toEqual([
      'events.ndjson, line 2, key type: expected type hire, transfer, terminate, rehire or contract-extend, got "fire"',
      'events.ndjson, line 3, key department: expected the new department, a non-empty string, got nothing (the key is missing)',
      "events.ndjson, line 4: not valid JSON: Unexpected token 'o'",
      'events.ndjson, line 5, key effectiveDate: expected a calendar date such as 2026-11-26 (YYYY-MM-DD), got "2026-02-30"',
      'events.ndjson, line 6, key effectiveDate: expected a calendar date such as 2026-11-26 (YYYY-MM-DD), got "20/11/2026"',
      'events.ndjson, line 6, key extra: unknown key; a terminate event has keys id, type, employeeId, effectiveDate, reason',
      'events.ndjson, line 7, key id: expected a non-empty event id, got nothing (the key is missing)',
      'events.ndjson, line 8: expected a JSON object (one event per line), got an array',
      'events.ndjson, line 9, key email: expected an email address such as jane.doe@example.com, got "bad"',
      'events.ndjson, line 9, key workerType: expected employee or contractor, got "Contractor" (values are lowercase)',
      'events.ndjson, line 9, key aliases[1]: expected a non-empty string, got an empty string ""',
      "events.ndjson, line 10, column 76: not valid JSON: Expected ',' or '}' after property value",
      'events.ndjson, line 11, key type: expected type hire, transfer, terminate, rehire or contract-extend, got nothing (the key is missing)',
    ]);
  });
});

describe('nhiscan hr event and hr diff', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const write = (name: string, lines: string[]) =>
    writeFileSync(join(dir.path, name), `${lines.join('\n')}\n`);

  const findingsNow = () => findingLines(run);
  const allRequests = () => requestRows(run);

  beforeEach(async () => {
    dir = temporaryDirectory();
    write('hr.csv', [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,department',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,,platform',
      'E2,bob@acme.example,Bob,active,employee,2020-01-01,,platform',
    ]);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeJenkinsWorkspace(write);
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
    expect(result.stderr).toBe(
      `nhiscan: error: ${join(dir.path, 'events.ndjson')}, line 2, key effectiveDate: expected a calendar date such as 2026-11-26 (YYYY-MM-DD), got "20/11/2026"\n`,
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
    // moverGraceDays is 30: on day 30 the window is still open, on day 31 it has passed.
    expect((await run(['scan', '--as-of', '2026-10-31', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await findingsNow()).toEqual([]);
    expect((await run(['scan', '--as-of', '2026-11-01', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await findingsNow()).toEqual(['jenkins:ci:api-token:jk-2 mover-recertify']);
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

  it('reads events from stdin with -, and counts the same id twice in one batch once', async () => {
    const event = '{"id":"e1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}';
    const child = spawnSync(
      process.execPath,
      [NHISCAN, 'hr', 'event', '-', '--db', join(dir.path, 'nhiscan.db')],
      { cwd: dir.path, input: `${event}\n${event}\n`, encoding: 'utf8', env: process.env },
    );
    expect([child.status, child.stdout, child.stderr]).toEqual([
      0,
      'stored 1 HR event(s), 1 duplicate(s) ignored; they apply at the next scan\n',
      '',
    ]);
    const bad = spawnSync(
      process.execPath,
      [NHISCAN, 'hr', 'event', '-', '--db', join(dir.path, 'nhiscan.db')],
      { cwd: dir.path, input: `${event}\n{"id":"e2"}\n`, encoding: 'utf8', env: process.env },
    );
    expect([bad.status, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toBe(
      'nhiscan: error: stdin, line 2, key type: expected type hire, transfer, terminate, rehire or contract-extend, got nothing (the key is missing)\n',
    );
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      expect(db.prepare('SELECT event_id AS id, origin FROM hr_events ORDER BY seq').all()).toEqual([
        { id: 'e1', origin: 'file:stdin' },
      ]);
    } finally {
      db.close();
    }
  });

  it('applies a rehire that arrived before the termination it follows, and cancels the revocation', async () => {
    // Delivered out of order: the rehire (effective 25 Nov) before the termination (20 Nov).
    write('rehire.ndjson', ['{"id":"r1","type":"rehire","employeeId":"E2","effectiveDate":"2026-11-25"}']);
    write('terminate.ndjson', [
      '{"id":"t1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}',
    ]);
    expect((await run(['hr', 'event', 'rehire.ndjson'])).exitCode).toBe(0);
    expect((await run(['hr', 'event', 'terminate.ndjson'])).exitCode).toBe(0);

    // Between the two dates Bob has left: his credential, and only his, is proposed.
    expect((await run(['scan', '--as-of', '2026-11-22', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await findingsNow()).toEqual(['jenkins:ci:api-token:jk-1 leaver-owned']);
    expect(await allRequests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval', null]]);
    expect((await run(['hr', 'diff'])).stdout).toMatch(
      /: 1 new leaver\(s\), 0 removed, 0 added, 0 rehired, 0 email change\(s\)\n {2}newLeavers: E2\n$/,
    );

    // Once the rehire takes effect he is active again: the finding closes and the request is cancelled.
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await findingsNow()).toEqual([]);
    expect(await allRequests()).toEqual([
      [
        1,
        'jenkins:ci:api-token:jk-1',
        'cancelled',
        'owner E2 is no longer a leaver in HR (rehire or HR correction)',
      ],
    ]);
    expect((await run(['hr', 'diff'])).stdout).toMatch(
      /\/hr\.csv \+ 2 HR event\(s\) \(2 people\): 0 new leaver\(s\), 0 removed, 0 added, 1 rehired, 0 email change\(s\)\n {2}rehired: E2\n$/,
    );
  });

  it('with hr.missingMeans: unknown, calls a person missing from the new export removed, not a leaver, and shows the change in hr diff', async () => {
    // The default (departed) keeps them as a leaver: test/governance/hr-departed.test.ts.
    write(
      'nhiscan.yaml',
      JENKINS_CONFIG.map((line) =>
        line.startsWith('hr:') ? 'hr: { source: csv, path: hr.csv, missingMeans: unknown }' : line,
      ),
    );
    write('hr.csv', [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,department',
      'E1,ann.lee@acme.example,Ann,active,employee,2020-01-01,,platform',
      'E3,cy@acme.example,Cy,active,employee,2026-11-02,,platform',
    ]);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T07:00:00Z'), new Date('2026-11-26T07:00:00Z'));
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);

    // Bob's credential is not a leaver's: it names someone HR no longer lists, and nothing is proposed.
    expect(await findingsNow()).toEqual([
      'jenkins:ci:api-token:jk-1 owner-not-in-hr',
      'jenkins:ci:api-token:jk-2 owner-not-in-hr',
    ]);
    expect(await allRequests()).toEqual([]);

    const text = await run(['hr', 'diff']);
    expect(text.stdout).toBe(
      [
        `2026-11-26T12:00:00.000Z ${join(dir.path, 'hr.csv')} (2 people): 0 new leaver(s), 1 removed, 1 added, 0 rehired, 1 email change(s)`,
        '  added: E3',
        '  E1 email ann@acme.example → ann.lee@acme.example',
        '  removed: E2',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['hr', 'diff', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toEqual({
      snapshotId: 2,
      previousSnapshotId: 1,
      source: join(dir.path, 'hr.csv'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      people: 2,
      diff: {
        added: ['E3'],
        removed: ['E2'],
        newLeavers: [],
        rehired: [],
        emailChanged: [{ employeeId: 'E1', from: 'ann@acme.example', to: 'ann.lee@acme.example' }],
      },
    });
  });

  it('records no new change when the same export is imported again: hr diff keeps the last one', async () => {
    const before = (await run(['hr', 'diff'])).stdout;
    expect(before).toBe(
      `2026-11-26T12:00:00.000Z ${join(dir.path, 'hr.csv')} (2 people): first HR snapshot: 2 people\n`,
    );
    expect(
      (await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], '2026-11-26T13:00:00Z')).exitCode,
    ).toBe(0);
    expect((await run(['hr', 'diff'])).stdout).toBe(before);
  });
});
