/** `nhiscan scan`, `findings` and `report` end to end on a real SQLite file. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateJsonReport } from '../reports/validate-report.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,department,aliases',
  'E1,alice@acme.example,Alice,active,employee,2020-01-01,,platform,github:alice',
  'E2,bob@acme.example,Bob,active,employee,2020-01-01,2026-10-01,platform,', // HR not yet flipped to terminated
  '',
].join('\n');

const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,status,department',
  'aws,111122223333,access-key,AKIAEXAMPLEALICE0001,deploy,ALICE@acme.example,2026-11-01,2026-11-20,active,platform',
  'aws,111122223333,access-key,AKIAEXAMPLEBOB000001,etl,bob@acme.example,2026-11-01,2026-11-20,active,platform',
  '',
].join('\n');

describe('nhiscan scan', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\n',
    );
  });
  afterEach(() => dir.remove());

  it('reports a leaver-owned key with its evidence and exits 1 at --fail-on critical', async () => {
    const result = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'critical', '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(validateJsonReport(report)).toEqual([]);
    expect(
      report.findings.map((f: { rule: string; severity: string; credentialUid: string }) => [
        f.rule,
        f.severity,
        f.credentialUid,
      ]),
    ).toEqual([['leaver-owned', 'critical', 'aws:111122223333:access-key:AKIAEXAMPLEBOB000001']]);
    const alice = report.credentials.find(
      (c: { externalId: string }) => c.externalId === 'AKIAEXAMPLEALICE0001',
    );
    expect(alice.owner).toMatchObject({ employeeId: 'E1', email: 'alice@acme.example', outcome: 'resolved' });
    expect(report.summary.leaversWithLiveCredentials).toEqual([
      {
        employeeId: 'E2',
        email: 'bob@acme.example',
        name: 'Bob',
        terminationDate: '2026-10-01',
        credentials: 1,
      },
    ]);
  });

  it('exits 0 when nothing is at or above --fail-on, and prints a summary', async () => {
    const before = await run(['scan', '--as-of', '2026-09-30', '--fail-on', 'high']);
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toContain('Result: clean, nothing open at or above high (exit 0).');
    const after = await run(['scan', '--as-of', '2026-10-01', '--fail-on', 'high']);
    expect(after.exitCode).toBe(1);
    expect(after.stdout).toContain('E2  Bob  <bob@acme.example>  left 2026-10-01  1 live credential');
  });

  it('gives identical findings and no duplicate rows when the same input is scanned twice', async () => {
    const first = JSON.parse((await run(['scan', '--as-of', '2026-11-26', '--json'])).stdout);
    const second = JSON.parse((await run(['scan', '--as-of', '2026-11-26', '--json'])).stdout);
    const uids = (report: { findings: { uid: string }[] }) => report.findings.map((f) => f.uid);
    expect(uids(second)).toEqual(uids(first));
    expect(second.findings.map((f: { firstSeenAt: string }) => f.firstSeenAt)).toEqual(
      first.findings.map((f: { firstSeenAt: string }) => f.firstSeenAt),
    );
    const db = new Database(join(dir.path, 'nhiscan.db'), { readonly: true });
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({
      credentials: count('credentials'),
      people: count('people'),
      snapshots: count('people_snapshots'),
      findings: count('findings'),
      history: count('finding_history'),
      // One per version of a credential's data (an unchanged rescan adds none); one last sighting each.
      observations: count('credential_observations'),
      lastSeen: count('credential_last_seen'),
      runs: count('scan_runs'),
      staging: count('scan_staging'),
    }).toEqual({
      credentials: 2,
      people: 2,
      snapshots: 1,
      findings: 1,
      history: 1,
      observations: 2,
      lastSeen: 2,
      runs: 2,
      staging: 0,
    });
    db.close();
  });

  it('resolves a finding when the credential disappears from a complete scan', async () => {
    await run(['scan', '--as-of', '2026-11-26']);
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY.split('\n').slice(0, 2).join('\n'));
    // One of two credentials gone is more than the source may shrink unnoticed: a person accepts it.
    const result = await run([
      'scan',
      '--as-of',
      '2026-11-26',
      '--json',
      '--accept-source-change',
      '--by',
      'alice@acme.example',
      '--reason',
      'Bob rotated his key',
    ]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.findings.filter((f: { status: string }) => f.status !== 'resolved')).toEqual([]);
    const all = JSON.parse((await run(['findings', '--all', '--json'])).stdout);
    expect(all.map((f: { rule: string; status: string }) => [f.rule, f.status])).toEqual([
      ['leaver-owned', 'resolved'],
    ]);
  });

  it('lists findings and writes the JSON report from the database', async () => {
    await run(['scan', '--as-of', '2026-11-26']);
    const listed = await run(['findings', '--severity', 'critical']);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(
      /^SEVERITY\s+RULE\s+STATUS\s+FINDING\s+TITLE\ncritical\s+leaver-owned\s+open\s+nhi-[0-9a-f]{24}\s+/,
    );
    const written = await run(['report', '--format', 'json', '--out', 'report.json']);
    expect(written.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(dir.path, 'report.json'), 'utf8'));
    expect(validateJsonReport(report)).toEqual([]);
    expect(report.scan.hr).toMatchObject({ people: 2 });
  });

  it('rejects usage errors with exit 2', async () => {
    expect((await run(['scan', '--as-of', 'yesterday'])).stderr).toBe(
      'nhiscan: error: key --as-of: expected an ISO 8601 date such as 2026-11-26 or 2026-11-26T12:00:00Z, got "yesterday"\n',
    );
    expect((await run(['scan', '--fail-on', 'urgent'])).exitCode).toBe(2);
    expect((await run(['scan', '--only', 'github'])).stderr).toContain(
      'no configured source is named or typed "github"',
    );
    expect((await run(['report', '--format', 'pdf'])).exitCode).toBe(2);
    expect((await run(['scan', '--bogus'])).exitCode).toBe(2);
    // A copy of the demo folder whose database (../../nhiscan-demo) does not exist, whatever the
    // checkout holds: `npx nhiscan demo` at the repository root creates the real one.
    const copy = temporaryDirectory();
    try {
      cpSync(DEMO, join(copy.path, 'x', 'demo'), { recursive: true });
      expect((await cli(['findings'], { cwd: join(copy.path, 'x', 'demo') })).stderr).toContain(
        'no nhiscan database here',
      );
    } finally {
      copy.remove();
    }
  });

  it('has --help on every verb', async () => {
    for (const verb of ['scan', 'findings', 'report', 'demo', 'baseline', 'baseline add']) {
      const result = await run([...verb.split(' '), '--help']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Usage: nhiscan ${verb}`);
    }
    const top = await run(['--help']);
    expect(top.stdout).toContain('Exit codes:');
  });
});
