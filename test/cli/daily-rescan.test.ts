/**
 * Cheap daily rescans (issue 24, item 4): an unchanged estate scanned on day D, then D+1, then D+30
 * rewrites no finding and no credential evaluation but those whose rule outcome changed that day,
 * and `nhiscan findings` and `nhiscan report` count days at the latest scan's as-of.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,department,previous_department,transfer_date',
  'E1,alice@acme.example,Alice Archer,active,employee,2020-01-01,,platform,,',
  'E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01,platform,,',
  'E3,carol@acme.example,Carol Chen,active,employee,2020-01-01,2026-11-27,platform,,',
  'E4,dave@acme.example,Dave Diaz,active,employee,2020-01-01,,finance,platform,2026-01-01',
  '',
].join('\n');

/** Every rule with a day count or an as-of, and three keys whose outcome changes on D+1 or D+30. */
const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,department',
  // stale (148 days on D) and over-age: counted every day, stored once.
  'snowflake,acme,token,STALE,etl,alice@acme.example,2025-01-01,2026-07-01,,active,',
  // never used, created 90 days before D: neither stale nor over-age on D; both on D+1.
  'snowflake,acme,token,CROSS,etl,alice@acme.example,2026-08-28,never,,active,',
  // last used 61 days before D: stale on D+30 (91 days).
  'snowflake,acme,token,LATE,etl,alice@acme.example,2026-11-01,2026-09-26,,active,',
  'snowflake,acme,token,BOB,etl,bob@acme.example,2026-11-01,2026-11-20,,active,',
  // Carol leaves on D+1: pending-leaver (in 1 day) on D, leaver-owned from D+1.
  'snowflake,acme,token,CAROL,etl,carol@acme.example,2026-11-01,2026-11-20,,active,',
  'snowflake,acme,token,DAVE,etl,dave@acme.example,2026-11-01,2026-11-20,,active,platform',
  'snowflake,acme,token,NOBODY,etl,,2026-11-01,2026-11-20,,active,',
  'snowflake,acme,token,GHOST,etl,ghost@acme.example,2026-11-01,2026-11-20,,active,',
  'snowflake,acme,token,EXPIRED,etl,alice@acme.example,2026-11-01,2026-11-20,2026-11-16,inactive,',
  'snowflake,acme,token,HEALTHY,etl,alice@acme.example,2026-11-01,2026-11-25,,active,',
  '',
].join('\n');

const uid = (id: string) => `snowflake:acme:token:${id}`;

describe('a daily rescan of an unchanged estate', () => {
  const dir = temporaryDirectory('nhiscan-daily-');
  const scan = (asOf: string) =>
    cli(['scan', '--as-of', asOf, '--fail-on', 'none'], { cwd: dir.path, now: `${asOf}T06:00:00Z` });
  const withDb = <T>(read: (db: Db) => T): T => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const digests = () =>
    withDb(
      (db) =>
        new Map(
          db.prepare('SELECT credential_uid, digest FROM credential_evaluations').raw().all() as [
            string,
            string,
          ][],
        ),
    );
  /** `credential rule action` for every finding row the run wrote. */
  const findingsWritten = (runId: number) =>
    withDb(
      (db) =>
        db
          .prepare(
            `SELECT credential_uid, rule, CASE WHEN resolved_run = @run THEN 'resolved' WHEN first_seen_run = @run THEN 'raised'
                    ELSE 'rewritten' END AS action
               FROM findings WHERE first_seen_run = @run OR last_seen_run = @run OR resolved_run = @run
              ORDER BY credential_uid, rule`,
          )
          .raw()
          .all({ run: runId }) as string[][],
    ).map(([credential, rule, action]) => `${credential!.split(':')[3]} ${rule} ${action}`);
  const recorded = (runId: number) =>
    withDb((db) => {
      const payload = db
        .prepare("SELECT payload FROM audit_log WHERE action = 'scan.finished' AND target = ?")
        .pluck()
        .get(`run:${runId}`) as string;
      return (JSON.parse(payload) as { evaluation: { credentials: number; recorded: number } }).evaluation;
    });
  const changedDigests = (before: Map<string, string>, after: Map<string, string>) =>
    [...after].filter(([key, digest]) => before.get(key) !== digest).map(([key]) => key.split(':')[3]);

  let onD: Map<string, string>;
  let onD1: Map<string, string>;
  let onD30: Map<string, string>;

  beforeAll(async () => {
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\n',
    );
    for (const [asOf, keep] of [
      ['2026-11-26', (value: Map<string, string>) => (onD = value)],
      ['2026-11-27', (value: Map<string, string>) => (onD1 = value)],
      ['2026-12-26', (value: Map<string, string>) => (onD30 = value)],
    ] as const) {
      const run = await scan(asOf);
      expect([run.exitCode, run.stderr]).toEqual([0, '']);
      keep(digests());
    }
  });
  afterAll(() => dir.remove());

  it('the first scan records every credential and raises every finding', () => {
    expect(recorded(1)).toEqual({ credentials: 10, recorded: 10, ownersChanged: 10 });
    expect(findingsWritten(1)).toEqual([
      'BOB leaver-owned raised',
      'CAROL pending-leaver raised',
      'DAVE mover-recertify raised',
      'EXPIRED expired-not-removed raised',
      'GHOST owner-not-in-hr raised',
      'NOBODY owner-unknown raised',
      'STALE over-age raised',
      'STALE stale raised',
    ]);
    expect(onD.size).toBe(10);
  });

  it('on D+1 rewrites only what changed: CROSS turns stale and over-age, Carol has left', () => {
    expect(recorded(2)).toEqual({ credentials: 10, recorded: 2, ownersChanged: 0 });
    expect(changedDigests(onD, onD1)).toEqual(['CAROL', 'CROSS']);
    expect(findingsWritten(2)).toEqual([
      'CAROL leaver-owned raised',
      'CAROL pending-leaver resolved',
      'CROSS over-age raised',
      'CROSS stale raised',
    ]);
  });

  it('on D+30 rewrites only LATE, which turns stale', () => {
    expect(recorded(3)).toEqual({ credentials: 10, recorded: 1, ownersChanged: 0 });
    expect(changedDigests(onD1, onD30)).toEqual(['LATE']);
    expect(findingsWritten(3)).toEqual(['LATE stale raised']);
  });

  it('stores no day count: the stale finding holds its dates, unchanged since D', () => {
    const row = withDb(
      (db) =>
        db
          .prepare(
            `SELECT stored_text(title, credential_uid) AS title, stored_text(evidence, credential_uid) AS evidence,
                    first_seen_run, last_seen_run
               FROM findings WHERE uid = (SELECT uid FROM findings WHERE credential_uid = ? AND rule = 'stale')`,
          )
          .get(uid('STALE')) as Record<string, unknown>,
    );
    expect(row).toEqual({
      title: 'Token STALE of snowflake/acme was last used ⟦since 2026-07-01⟧ days ago (2026-07-01)',
      evidence: JSON.stringify({
        lastUsedAt: '2026-07-01',
        daysSinceLastUse: '⟦since 2026-07-01⟧',
        staleAfterDays: 90,
        asOf: '⟦as-of⟧',
      }),
      first_seen_run: 1,
      last_seen_run: 1,
    });
  });

  it('`nhiscan findings` and `nhiscan report` count days at the latest scan (D+30)', async () => {
    const listed = await cli(['findings', '--rule', 'stale,mover-recertify', '--json'], { cwd: dir.path });
    expect(listed.exitCode).toBe(0);
    const shown = JSON.parse(listed.stdout) as {
      credentialUid: string;
      title: string;
      evidence: Record<string, unknown>;
    }[];
    expect(shown.map((finding) => [finding.credentialUid, finding.title, finding.evidence.asOf])).toEqual([
      [
        uid('CROSS'),
        'Token CROSS of snowflake/acme has never been used since it was created 120 days ago',
        '2026-12-26',
      ],
      [
        uid('DAVE'),
        'Token DAVE of snowflake/acme belongs to platform, but its owner Dave Diaz moved to finance on 2026-01-01',
        '2026-12-26',
      ],
      [uid('LATE'), 'Token LATE of snowflake/acme was last used 91 days ago (2026-09-26)', '2026-12-26'],
      [uid('STALE'), 'Token STALE of snowflake/acme was last used 178 days ago (2026-07-01)', '2026-12-26'],
    ]);
    expect(shown[1]!.evidence.daysSinceTransfer).toBe(359);
    const table = await cli(['findings', '--rule', 'stale'], { cwd: dir.path });
    expect(table.stdout).toContain('Token STALE of snowflake/acme was last used 178 days ago (2026-07-01)');
    expect(table.stdout).not.toContain('⟦');

    const report = await cli(['report', '--format', 'json'], { cwd: dir.path });
    expect(report.exitCode).toBe(0);
    expect(report.stdout).not.toContain('⟦');
    const findings = (
      JSON.parse(report.stdout) as {
        findings: { credentialUid: string; rule: string; title: string; evidence: Record<string, unknown> }[];
      }
    ).findings;
    const stale = findings.find(
      (finding) => finding.credentialUid === uid('STALE') && finding.rule === 'stale',
    );
    expect([stale?.title, stale?.evidence.daysSinceLastUse, stale?.evidence.asOf]).toEqual([
      'Token STALE of snowflake/acme was last used 178 days ago (2026-07-01)',
      178,
      '2026-12-26',
    ]);
    for (const format of ['markdown', 'sarif', 'junit', 'ocsf', 'ecs']) {
      const rendered = await cli(['report', '--format', format], { cwd: dir.path });
      expect([format, rendered.exitCode, rendered.stdout.includes('⟦')]).toEqual([format, 0, false]);
    }
  });
});
