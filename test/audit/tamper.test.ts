/**
 * An attacker with write access to the database file uses the real sqlite3 shell: first the
 * triggers stop them, so they drop the triggers and edit, delete, swap, truncate or forge. Each
 * case asserts that verifyAudit fails naming the exact first bad record, and that
 * `nhiscan audit verify` exits 1 naming it too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditCheckpoint,
  auditCheckpoint,
  formatCheckpoint,
  hashAuditRecord,
  verifyAudit,
} from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { requireSqlite3, seedAuditLog, seededDatabaseFile, sqlite3 } from './seed.js';

const DROP_TRIGGERS = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
const TRIGGER_WARNING =
  'nhiscan: warning: the append-only triggers audit_log_no_update, audit_log_no_delete are missing or altered: audit_log no longer refuses UPDATE/DELETE; someone changed the database schema\n';

function verifyFile(path: string, checkpoint?: AuditCheckpoint) {
  const db = openDatabase(path);
  try {
    return verifyAudit(db, checkpoint);
  } finally {
    db.close();
  }
}

function checkpointOf(path: string): AuditCheckpoint {
  const db = openDatabase(path);
  try {
    return auditCheckpoint(db, new Date('2026-11-26T10:00:00Z'));
  } finally {
    db.close();
  }
}

describe('tampering through the sqlite3 shell', () => {
  let file: ReturnType<typeof seededDatabaseFile>;
  const verifyCli = (...extra: string[]) =>
    cli(['audit', 'verify', '--db', file.path, ...extra], { cwd: file.dir });

  beforeAll(() => requireSqlite3());
  beforeEach(() => {
    file = seededDatabaseFile(10);
  });
  afterEach(() => file.remove());

  it('the shell is refused by the triggers while they exist', () => {
    expect(() => sqlite3(file.path, "UPDATE audit_log SET reason = 'x' WHERE seq = 4;")).toThrow(
      /audit_log is append-only: UPDATE refused/,
    );
    expect(() => sqlite3(file.path, 'DELETE FROM audit_log WHERE seq = 10;')).toThrow(
      /audit_log is append-only: DELETE refused/,
    );
    expect(verifyFile(file.path)).toMatchObject({ ok: true, size: 10, warnings: [] });
  });

  it('(a) an edited reason: names the record whose hash no longer matches', async () => {
    sqlite3(file.path, `${DROP_TRIGGERS} UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 4;`);
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      size: 10,
      firstBadSeq: 4,
      problem: 'audit record 4: hash does not match its content (edited)',
    });
    const run = await verifyCli();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${TRIGGER_WARNING}nhiscan: audit log verification failed at record 4: audit record 4: hash does not match its content (edited)\n`,
    );
  });

  it('(a′) an edited payload value, written back in canonical form: still the hash', async () => {
    sqlite3(
      file.path,
      `${DROP_TRIGGERS} UPDATE audit_log SET payload = replace(payload, '"step":"delete"', '"step":"disable"') WHERE seq = 8;`,
    );
    expect(verifyFile(file.path)).toMatchObject({ ok: false, firstBadSeq: 8 });
    expect((await verifyCli()).stderr).toContain(
      'failed at record 8: audit record 8: hash does not match its content',
    );
  });

  it('(a″) a payload rewritten with the same facts but not canonical: names the form', () => {
    sqlite3(file.path, `${DROP_TRIGGERS} UPDATE audit_log SET payload = ' ' || payload WHERE seq = 2;`);
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'audit record 2: payload is not in canonical JSON form (edited outside nhiscan)',
    });
    sqlite3(file.path, "UPDATE audit_log SET payload = '{not json' WHERE seq = 2;");
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'audit record 2: payload is not valid JSON (edited)',
    });
  });

  it('(b) a deleted middle record: names the missing seq and its neighbours', async () => {
    sqlite3(file.path, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE seq = 5;`);
    expect(verifyFile(file.path)).toEqual({
      ok: false,
      size: 9,
      firstBadSeq: 5,
      problem: 'audit record 5 is missing (records 4 → 6)',
      warnings: [expect.stringContaining('audit_log_no_update, audit_log_no_delete')],
    });
    const run = await verifyCli('--json');
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, firstBadSeq: 5 });
    expect(run.stderr).toContain(
      'nhiscan: audit log verification failed at record 5: audit record 5 is missing (records 4 → 6)\n',
    );
  });

  it('(b′) several deleted records, or the first: names the first missing one', () => {
    sqlite3(file.path, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE seq IN (3, 4, 5);`);
    expect(verifyFile(file.path)).toMatchObject({
      firstBadSeq: 3,
      problem: 'audit records 3..5 are missing (records 2 → 6)',
    });
    sqlite3(file.path, 'DELETE FROM audit_log WHERE seq = 1;');
    expect(verifyFile(file.path)).toMatchObject({
      firstBadSeq: 1,
      problem: 'audit record 1 is missing (the log starts at record 2)',
    });
  });

  it('(b″) a deleted record with the later ones renumbered to close the gap: the chain breaks there', async () => {
    sqlite3(
      file.path,
      `${DROP_TRIGGERS} DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5;`,
    );
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      size: 9,
      firstBadSeq: 5,
      problem:
        'audit record 5: hash does not match its content and prev_hash does not match record 4 (reordered or rewritten)',
    });
    expect((await verifyCli()).exitCode).toBe(1);
  });

  it('(b‴) a record inserted before the first: names it', () => {
    sqlite3(
      file.path,
      'INSERT INTO audit_log SELECT 0, time, actor, action, target, reason, payload, prev_hash, hash FROM audit_log WHERE seq = 1;',
    );
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      size: 11,
      firstBadSeq: 0,
      problem: 'audit record 0: seq must start at 1 (inserted)',
    });
  });

  it('(c) two records swapped, seq kept: names the earlier one', async () => {
    sqlite3(
      file.path,
      `${DROP_TRIGGERS}
       CREATE TEMP TABLE original AS SELECT * FROM audit_log WHERE seq IN (3, 7);
       UPDATE audit_log SET (time, actor, action, target, reason, payload, prev_hash, hash) =
         (SELECT time, actor, action, target, reason, payload, prev_hash, hash FROM original
           WHERE original.seq = CASE audit_log.seq WHEN 3 THEN 7 ELSE 3 END)
        WHERE seq IN (3, 7);`,
    );
    expect(verifyFile(file.path)).toMatchObject({
      ok: false,
      size: 10,
      firstBadSeq: 3,
      problem:
        'audit record 3: hash does not match its content and prev_hash does not match record 2 (reordered or rewritten)',
    });
    const run = await verifyCli();
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'failed at record 3: audit record 3: hash does not match its content and prev_hash',
    );
  });

  it('(c′) two records swapped with their hashes left in place: the content no longer matches', () => {
    sqlite3(
      file.path,
      `${DROP_TRIGGERS}
       CREATE TEMP TABLE original AS SELECT * FROM audit_log WHERE seq IN (6, 8);
       UPDATE audit_log SET (time, actor, action, target, reason, payload) =
         (SELECT time, actor, action, target, reason, payload FROM original
           WHERE original.seq = CASE audit_log.seq WHEN 6 THEN 8 ELSE 6 END)
        WHERE seq IN (6, 8);`,
    );
    expect(verifyFile(file.path)).toMatchObject({
      firstBadSeq: 6,
      problem: 'audit record 6: hash does not match its content (edited)',
    });
  });

  it('(d) the newest records deleted: invisible to the chain alone, caught by an earlier checkpoint', async () => {
    const checkpoint = checkpointOf(file.path);
    const checkpointFile = join(file.dir, 'checkpoint.json');
    writeFileSync(checkpointFile, formatCheckpoint(checkpoint));
    sqlite3(file.path, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE seq > 7;`);

    // Without a checkpoint this is a shorter, valid chain: the documented limit.
    expect(verifyFile(file.path)).toMatchObject({ ok: true, size: 7 });
    expect((await verifyCli()).exitCode).toBe(0);

    expect(verifyFile(file.path, checkpoint)).toMatchObject({
      ok: false,
      size: 7,
      firstBadSeq: 8,
      problem: 'audit log has 7 records but checkpoint says 10: records 8..10 were removed (truncated)',
    });
    const run = await verifyCli('--checkpoint', 'checkpoint.json');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `${TRIGGER_WARNING}nhiscan: audit log verification failed at record 8: audit log has 7 records but checkpoint says 10: records 8..10 were removed (truncated)\n`,
    );
  });

  it('(d′) only the newest record deleted: names it', () => {
    const checkpoint = checkpointOf(file.path);
    sqlite3(file.path, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE seq = 10;`);
    expect(verifyFile(file.path, checkpoint)).toMatchObject({
      firstBadSeq: 10,
      problem: 'audit log has 9 records but checkpoint says 10: record 10 was removed (truncated)',
    });
  });

  describe('(e) an edit with the chain recomputed after it (the attacker knows the formula)', () => {
    /** Edits one record's reason and rewrites every hash from there on, through the sqlite3 shell. */
    function forge(path: string, editedSeq: number): void {
      const db = openDatabase(path);
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as {
        seq: number;
        time: string;
        actor: string;
        action: string;
        target: string | null;
        reason: string | null;
        payload: string;
        prev_hash: string;
        hash: string;
      }[];
      db.close();
      const statements: string[] = [DROP_TRIGGERS];
      let prevHash = rows[editedSeq - 2]?.hash ?? '0'.repeat(64);
      for (const row of rows.slice(editedSeq - 1)) {
        const reason = row.seq === editedSeq ? 'routine rotation' : row.reason;
        const hash = hashAuditRecord({
          seq: row.seq,
          time: row.time,
          actor: row.actor,
          action: row.action,
          target: row.target,
          reason,
          payload: JSON.parse(row.payload),
          prevHash,
        });
        const quoted = reason === null ? 'NULL' : `'${reason.replaceAll("'", "''")}'`;
        statements.push(
          `UPDATE audit_log SET reason = ${quoted}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${row.seq};`,
        );
        prevHash = hash;
      }
      sqlite3(path, statements.join('\n'));
    }

    it('passes the chain alone (the documented limit) but fails against a checkpoint taken at the edited record', async () => {
      const db = openDatabase(file.path);
      const checkpoint = auditCheckpoint(db, new Date('2026-11-26T10:00:00Z'));
      seedAuditLog(db, 14, 11);
      db.close();
      writeFileSync(join(file.dir, 'checkpoint.json'), formatCheckpoint(checkpoint));
      forge(file.path, 10);

      expect(verifyFile(file.path)).toMatchObject({ ok: true, size: 14 });
      const result = verifyFile(file.path, checkpoint);
      expect(result).toMatchObject({ ok: false, size: 14, firstBadSeq: 10 });
      expect(!result.ok && result.problem).toMatch(
        /^audit record 10: hash [0-9a-f]{12}… differs from the checkpoint's head hash [0-9a-f]{12}…: the log was rewritten at or before record 10 and its chain recomputed$/,
      );
      const run = await verifyCli('--checkpoint', 'checkpoint.json');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'nhiscan: audit log verification failed at record 10: audit record 10: hash ',
      );
    });

    it('an edit before the checkpoint is named at the checkpoint: the first record it can prove bad', async () => {
      const checkpoint = checkpointOf(file.path);
      writeFileSync(join(file.dir, 'checkpoint.json'), formatCheckpoint(checkpoint));
      forge(file.path, 4);

      expect(verifyFile(file.path)).toMatchObject({ ok: true, size: 10 });
      expect(verifyFile(file.path, checkpoint)).toMatchObject({
        ok: false,
        firstBadSeq: 10,
        problem: expect.stringContaining('the log was rewritten at or before record 10'),
      });
      expect((await verifyCli('--checkpoint', 'checkpoint.json')).exitCode).toBe(1);
    });

    it('an edit after the checkpoint, recomputed, is beyond what that checkpoint covers', () => {
      const db = openDatabase(file.path);
      const checkpoint = auditCheckpoint(db);
      seedAuditLog(db, 14, 11);
      db.close();
      forge(file.path, 12);
      expect(verifyFile(file.path, checkpoint)).toMatchObject({ ok: true, size: 14 });
    });
  });
});
