/**
 * Migration 8 re-keys the findings table by (credential_uid, rule). A database at version 7 keeps
 * every finding and its history, the uid stays unique, foreign-key enforcement is back on
 * afterwards, and a database whose history already points at a missing finding is refused with
 * nothing changed.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteDatabase, schemaVersion } from '../../src/store/open.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

function databaseAtVersion7(path: string): Database.Database {
  const db = databaseAtVersion(path, 7);
  db.prepare(
    "INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (1, '2026-11-26T00:00:00Z', '2026-11-26T00:00:00Z', 'complete')",
  ).run();
  const insert = db.prepare(
    `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run, resolved_run)
     VALUES (?, ?, ?, 'high', ?, '{}', ?, NULL, 1, 1, ?)`,
  );
  // Written in uid order, which is not credential order.
  insert.run('nhi-aaa', 'stale', 'gcp:p:service-account-key:k2', 'stale key', 'open', null);
  insert.run('nhi-bbb', 'leaver-owned', 'aws:1:access-key:A', 'leaver key', 'resolved', 1);
  insert.run('nhi-ccc', 'over-age', 'aws:1:access-key:A', 'old key', 'open', null);
  const history = db.prepare(
    "INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, 1, ?, ?, 'r')",
  );
  history.run('nhi-aaa', null, 'open');
  history.run('nhi-bbb', null, 'open');
  history.run('nhi-bbb', 'open', 'resolved');
  history.run('nhi-ccc', null, 'open');
  return db;
}

describe('migration 8: findings in credential order', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('keeps every finding and its history, in (credential, rule) order, with references enforced again', () => {
    const path = join(dir.path, 'v7.db');
    databaseAtVersion7(path).close();

    const db = openSqliteDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(
        db.prepare('SELECT uid, rule, credential_uid, status, resolved_run FROM findings').all(),
      ).toEqual([
        {
          uid: 'nhi-bbb',
          rule: 'leaver-owned',
          credential_uid: 'aws:1:access-key:A',
          status: 'resolved',
          resolved_run: 1,
        },
        {
          uid: 'nhi-ccc',
          rule: 'over-age',
          credential_uid: 'aws:1:access-key:A',
          status: 'open',
          resolved_run: null,
        },
        {
          uid: 'nhi-aaa',
          rule: 'stale',
          credential_uid: 'gcp:p:service-account-key:k2',
          status: 'open',
          resolved_run: null,
        },
      ]);
      expect(db.prepare('SELECT finding_uid, to_status FROM finding_history ORDER BY id').all()).toEqual([
        { finding_uid: 'nhi-aaa', to_status: 'open' },
        { finding_uid: 'nhi-bbb', to_status: 'open' },
        { finding_uid: 'nhi-bbb', to_status: 'resolved' },
        { finding_uid: 'nhi-ccc', to_status: 'open' },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The uid is still unique, and history still needs its finding.
      expect(() =>
        db
          .prepare(
            `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, first_seen_run, last_seen_run)
             VALUES ('nhi-aaa', 'over-age', 'gcp:p:service-account-key:k9', 'low', 't', '{}', 'open', 1, 1)`,
          )
          .run(),
      ).toThrow(/UNIQUE constraint failed: findings.uid/);
      expect(() =>
        db
          .prepare(
            "INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES ('nhi-none', 1, NULL, 'open', 'r')",
          )
          .run(),
      ).toThrow(/FOREIGN KEY constraint failed/);
      // The range read the scan makes is a search of the primary key, not of a second index.
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT uid FROM findings WHERE credential_uid > 'a' AND credential_uid <= 'b'",
        )
        .all() as { detail: string }[];
      expect(plan.map((row) => row.detail)).toEqual([
        'SEARCH findings USING PRIMARY KEY (credential_uid>? AND credential_uid<?)',
      ]);
      // The audit target index leaves finding records out, and the queries by target still use it.
      const auditPlan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail);
      expect(
        auditPlan(
          "SELECT 1 FROM audit_log WHERE action = 'guard.acknowledged' AND target = 'hr-snapshot:1' AND substr(target, 1, 8) != 'finding:'",
        ),
      ).toEqual(['SEARCH audit_log USING INDEX audit_log_by_target (target=?)']);
      expect(
        auditPlan(
          "SELECT seq, payload FROM audit_log WHERE target IN ('request:1', 'request:2') AND substr(target, 1, 8) != 'finding:'",
        ),
      ).toEqual(['SEARCH audit_log USING INDEX audit_log_by_target (target=?)']);
    } finally {
      db.close();
    }
  });

  it('refuses a database whose history already names a missing finding, and changes nothing', () => {
    const path = join(dir.path, 'broken.db');
    const seeded = databaseAtVersion7(path);
    // Written with enforcement off, as a tool other than nhiscan could have.
    seeded.pragma('foreign_keys = OFF');
    seeded
      .prepare(
        "INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES ('nhi-gone', 1, NULL, 'open', 'r')",
      )
      .run();
    seeded.close();

    expect(() => openSqliteDatabase(path)).toThrow(
      'migration 8 would leave 1 broken reference(s), the first from finding_history to findings; nothing was changed',
    );
    const db = new Database(path, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(7);
      expect(db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(3);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'findings_v8'").pluck().get()).toBe(
        0,
      );
    } finally {
      db.close();
    }
  });
});
