/**
 * `nhiscan recertify`: a person who does not own the credential keeps it. The finding of a
 * recertified rule is suppressed from the next scan until the date, then opens again; a request
 * made for it is cancelled with who and why; the answer is an audit record; bad input changes
 * nothing. The recertifiers are people of the demo's HR (Hana Garcia, Tara Dubois) who own none
 * of the credentials picked.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');

describe('nhiscan recertify', () => {
  const dir = temporaryDirectory();
  const dbPath = join(dir.path, 'nhiscan.db');
  const now = (day: string) => `${day}T09:00:00Z`;
  const scan = (day: string) =>
    cli(['scan', '--as-of', day, '--fail-on', 'none'], { cwd: dir.path, now: now(day) });
  const query = <T>(sql: string, ...parameters: unknown[]) => {
    const db = openDatabase(dbPath);
    try {
      return db.prepare(sql).all(...parameters) as T[];
    } finally {
      db.close();
    }
  };
  let stale: string;
  let mover: string;
  const HANA = 'hana.garcia@acme.example';
  const TARA = 'tara.dubois@acme.example';

  beforeAll(async () => {
    copyFileSync(join(DEMO, 'hr.csv'), join(dir.path, 'hr.csv'));
    copyFileSync(join(DEMO, 'inventory.csv'), join(dir.path, 'inventory.csv'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'db: nhiscan.db\nhr: { source: csv, path: hr.csv }\nsources:\n  - { type: inventory-file, name: sheet, path: inventory.csv }\n',
    );
    const first = await scan('2026-11-26');
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const pick = (rule: string) =>
      query<{ uid: string }>(
        `SELECT credential_uid AS uid FROM findings WHERE rule = ? AND status = 'open'
           AND credential_uid NOT IN (SELECT credential_uid FROM findings WHERE rule = 'leaver-owned')
           AND credential_uid NOT IN (SELECT credential_uid FROM owner_resolutions
                                       WHERE stored_text(evidence, credential_uid) LIKE '%"E1008"%'
                                          OR stored_text(evidence, credential_uid) LIKE '%"E1002"%')
         ORDER BY credential_uid LIMIT 1`,
        rule,
      )[0]!.uid;
    stale = pick('stale');
    mover = pick('mover-recertify');
  }, 60_000);
  afterAll(() => dir.remove());

  it('suppresses the recertified rule from the next scan until the date, then the finding returns', async () => {
    const answer = await cli(
      [
        'recertify',
        stale,
        '--by',
        HANA,
        '--reason',
        'runs the nightly export',
        '--until',
        '2027-01-15',
        '--rule',
        'stale',
      ],
      { cwd: dir.path, now: now('2026-11-26') },
    );
    expect(answer.stderr).toBe('');
    expect(answer.exitCode).toBe(0);
    expect(answer.stdout).toBe(
      `recertified ${stale} by ${HANA} until 2027-01-15 (stale): takes effect at the next scan\n`,
    );
    const audit = query<{ actor: string; target: string; reason: string; payload: string }>(
      "SELECT actor, target, reason, payload FROM audit_log WHERE action = 'credential.recertified'",
    );
    expect(audit).toEqual([
      {
        actor: HANA,
        target: stale,
        reason: 'runs the nightly export',
        payload: JSON.stringify({
          credentialUid: stale,
          employeeId: 'E1008',
          recertificationId: 1,
          rules: ['stale'],
          until: '2027-01-15',
        }),
      },
    ]);

    await scan('2026-11-27');
    const status = () =>
      query<{ status: string; suppression: string | null }>(
        "SELECT status, suppression FROM findings WHERE credential_uid = ? AND rule = 'stale'",
        stale,
      )[0];
    expect(status()).toEqual({
      status: 'suppressed',
      suppression: JSON.stringify({
        reason: 'recertified: runs the nightly export',
        approvedBy: HANA,
        expires: '2027-01-15',
        kind: 'recertification',
      }),
    });
    // Shown as before: the kind tells code what the suppression is; outputs do not carry it.
    const shown = { reason: 'recertified: runs the nightly export', approvedBy: HANA, expires: '2027-01-15' };
    const listed = await cli(['findings', '--json', '--rule', 'stale'], {
      cwd: dir.path,
      now: now('2026-11-27'),
    });
    expect(
      (JSON.parse(listed.stdout) as { credentialUid: string; suppression: unknown }[]).find(
        (finding) => finding.credentialUid === stale,
      )?.suppression,
    ).toEqual(shown);
    const report = await cli(['report', '--format', 'json'], { cwd: dir.path, now: now('2026-11-27') });
    expect(
      (
        JSON.parse(report.stdout) as {
          findings: { credentialUid: string; rule: string; suppression?: unknown }[];
        }
      ).findings.find((finding) => finding.credentialUid === stale && finding.rule === 'stale')?.suppression,
    ).toEqual(shown);
    // Only the recertified rule: the credential's over-age finding stays open.
    expect(
      query<{ status: string }>(
        "SELECT status FROM findings WHERE credential_uid = ? AND rule = 'over-age'",
        stale,
      ),
    ).toEqual([{ status: 'open' }]);

    await scan('2027-01-15');
    expect(status()).toEqual({ status: 'open', suppression: null });
    expect(
      query<{ reason: string }>(
        `SELECT h.reason FROM finding_history h JOIN findings f ON f.uid = h.finding_uid
          WHERE f.credential_uid = ? AND f.rule = 'stale' ORDER BY h.id`,
        stale,
      ).map((row) => row.reason),
    ).toEqual([
      'raised',
      `recertified by ${HANA} until 2027-01-15`,
      'suppression ended (baseline entry or recertification expired or removed)',
    ]);
  }, 60_000);

  it('cancels the open request of a recertified finding, naming who and why', async () => {
    const before = query<{ state: string }>(
      "SELECT state FROM revocation_requests WHERE credential_uid = ? AND rule = 'mover-recertify'",
      mover,
    );
    expect(before).toEqual([{ state: 'pending-approval' }]);
    const answer = await cli(
      [
        'recertify',
        mover,
        '--by',
        TARA,
        '--reason',
        'still needed by the new team',
        '--until',
        '2027-02-01',
        '--rule',
        'mover-recertify',
      ],
      { cwd: dir.path, now: now('2027-01-15') },
    );
    expect(answer.exitCode).toBe(0);
    await scan('2027-01-16');
    expect(
      query<{ state: string; state_reason: string }>(
        "SELECT state, state_reason FROM revocation_requests WHERE credential_uid = ? AND rule = 'mover-recertify'",
        mover,
      ),
    ).toEqual([
      {
        state: 'cancelled',
        state_reason: `recertified by ${TARA} until 2027-02-01: still needed by the new team`,
      },
    ]);
  }, 60_000);

  it.each([
    [
      ['--rule', 'nope'],
      '--rule',
      'cannot recertify "nope": expected one of stale, over-age, mover-recertify, owner-unknown',
    ],
    [
      ['--until', '2026-11-01'],
      '--until',
      'expected a date after today (2026-11-26) and at most 365 days ahead, got 2026-11-01',
    ],
    [['--until', 'soon'], '--until', 'expected a date such as 2027-03-31, got "soon"'],
  ])('refuses %j with exit 2 and records nothing', async (extra, key, message) => {
    const count = () => query<{ n: number }>('SELECT COUNT(*) AS n FROM recertifications')[0]!.n;
    const before = count();
    const run = await cli(['recertify', stale, '--by', HANA, '--reason', 'r', ...extra], {
      cwd: dir.path,
      now: now('2026-11-26'),
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(key);
    expect(run.stderr).toContain(message);
    expect(count()).toBe(before);
  });

  it('refuses a credential that is not in the inventory', async () => {
    const run = await cli(['recertify', 'aws:1:access-key:NOPE', '--by', HANA, '--reason', 'r'], {
      cwd: dir.path,
      now: now('2026-11-26'),
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no credential "aws:1:access-key:NOPE" in the inventory');
  });
});
