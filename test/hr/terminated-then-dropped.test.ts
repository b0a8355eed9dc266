/**
 * A terminate event for someone the next HR export no longer lists: the person is kept, from the
 * latest snapshot, as a leaver. Their open revocation request is not cancelled as "owner changed
 * to nobody", their credential stays leaver-owned, and the scan.finished audit record names them.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { findingLines, requestRows, writeJenkinsWorkspace } from './support/jenkins-workspace.js';

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date,department';
const ANN = 'E1,ann@acme.example,Ann,active,employee,2020-01-01,,platform';
const BOB = 'E2,bob@acme.example,Bob,active,employee,2020-01-01,,platform';
const TERMINATE_BOB = '{"id":"t1","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-20"}';

describe('a terminate event for a person the next HR export drops', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const write = (name: string, lines: string[]) =>
    writeFileSync(join(dir.path, name), `${lines.join('\n')}\n`);
  const writeHr = (rows: string[], modified: string) => {
    write('hr.csv', [HR_HEADER, ...rows]);
    utimesSync(join(dir.path, 'hr.csv'), new Date(modified), new Date(modified));
  };
  const scan = () => run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  const findings = () => findingLines(run);
  const requests = () => requestRows(run);
  const audit = () => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return (
        db.prepare('SELECT action, target, payload FROM audit_log ORDER BY seq').all() as {
          action: string;
          target: string | null;
          payload: string;
        }[]
      ).map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
    } finally {
      db.close();
    }
  };
  const lastScanFinished = () =>
    audit()
      .filter((record) => record.action === 'scan.finished')
      .at(-1)!.payload;

  beforeEach(async () => {
    dir = temporaryDirectory();
    writeHr([ANN, BOB], '2026-11-26T06:00:00Z');
    writeJenkinsWorkspace(write);
    expect((await scan()).exitCode).toBe(0);
    write('events.ndjson', [TERMINATE_BOB]);
    expect((await run(['hr', 'event', 'events.ndjson'])).exitCode).toBe(0);
  });
  afterEach(() => dir.remove());

  it('keeps the request open, the person a leaver, and names them in scan.finished', async () => {
    expect((await scan()).exitCode).toBe(0);
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval', null]]);
    expect(lastScanFinished()).not.toHaveProperty('carriedByHrEvents');

    // The next export has dropped Bob: the termination event still stands.
    writeHr([ANN], '2026-11-26T07:00:00Z');
    const rescan = await scan();
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    expect(await findings()).toEqual(['jenkins:ci:api-token:jk-1 leaver-owned']);
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval', null]]);
    expect(audit().filter((record) => record.action === 'request.cancelled')).toEqual([]);

    const finished = lastScanFinished();
    expect(finished.carriedByHrEvents).toEqual(['E2']);
    expect(finished).not.toHaveProperty('unappliedHrEvents');
    // Bob is still in the roster (terminated), so the HR change shows nobody removed.
    expect((await run(['hr', 'diff'])).stdout).toMatch(
      /\/hr\.csv \+ 1 HR event\(s\) \(2 people\): 0 new leaver\(s\), 0 removed, 0 added, 0 rehired, 0 email change\(s\)\n$/,
    );
  });

  it('carries the person forward when the export drops them at the scan the event first applies to', async () => {
    writeHr([ANN], '2026-11-26T07:00:00Z');
    const rescan = await scan();
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    expect(await findings()).toEqual(['jenkins:ci:api-token:jk-1 leaver-owned']);
    expect(await requests()).toEqual([[1, 'jenkins:ci:api-token:jk-1', 'pending-approval', null]]);
    expect(lastScanFinished().carriedByHrEvents).toEqual(['E2']);
    expect((await run(['hr', 'diff'])).stdout).toMatch(
      /: 1 new leaver\(s\), 0 removed, 0 added, 0 rehired, 0 email change\(s\)\n {2}newLeavers: E2\n$/,
    );
  });
});
