import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCheckpoint, GENESIS_HASH, verifyAudit } from '../../src/audit/index.js';
import { sqliteOf } from '../../src/store/engine.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { seedAuditLog } from './seed.js';

describe('verifyAudit on an untouched log', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('passes an empty log: size 0, the genesis hash', () => {
    expect(verifyAudit(db)).toEqual({ ok: true, size: 0, headHash: GENESIS_HASH, warnings: [] });
    expect(verifyAudit(db, { size: 0, headHash: GENESIS_HASH })).toMatchObject({ ok: true });
  });

  it('passes a good log and reports its size and head hash', () => {
    const records = seedAuditLog(db, 12);
    expect(verifyAudit(db)).toEqual({ ok: true, size: 12, headHash: records.at(-1)!.hash, warnings: [] });
  });

  it('passes against its own checkpoint, and against an older one after more appends', () => {
    seedAuditLog(db, 6);
    const checkpoint = auditCheckpoint(db, new Date('2026-11-26T12:00:00Z'));
    expect(checkpoint).toEqual({
      size: 6,
      headHash: (db.prepare('SELECT hash FROM audit_log WHERE seq = 6').get() as { hash: string }).hash,
      time: '2026-11-26T12:00:00.000Z',
    });
    expect(verifyAudit(db, checkpoint)).toMatchObject({ ok: true, size: 6 });
    seedAuditLog(db, 11, 7);
    expect(verifyAudit(db, checkpoint)).toMatchObject({ ok: true, size: 11 });
  });

  it('fails against a checkpoint whose head hash this log never had', () => {
    seedAuditLog(db, 5);
    const result = verifyAudit(db, { size: 3, headHash: 'ab'.repeat(32) });
    expect(result).toMatchObject({ ok: false, size: 5, firstBadSeq: 3 });
    expect(!result.ok && result.problem).toMatch(
      /^audit record 3: hash [0-9a-f]{12}… differs from the checkpoint's head hash abababababab…: the log was rewritten at or before record 3 and its chain recomputed$/,
    );
  });

  it('walks a long log', () => {
    const insert = db.transaction(() => seedAuditLog(db, 5000));
    const records = insert();
    expect(verifyAudit(db)).toMatchObject({ ok: true, size: 5000, headHash: records.at(-1)!.hash });
  });

  it('can run inside a transaction that is appending', () => {
    db.transaction(() => {
      seedAuditLog(db, 3);
      expect(verifyAudit(db)).toMatchObject({ ok: true, size: 3 });
    })();
  });

  it('refuses a checkpoint that is not one', () => {
    expect(() => verifyAudit(db, { size: -1, headHash: GENESIS_HASH })).toThrow(
      'checkpoint size must be a non-negative integer, got -1',
    );
    expect(() => verifyAudit(db, { size: 1, headHash: 'XYZ' })).toThrow(
      'checkpoint headHash must be 64 lowercase hex digits',
    );
    expect(() => verifyAudit(db, { size: 0, headHash: 'ab'.repeat(32) })).toThrow(
      'a checkpoint of an empty log (size 0) has the genesis head hash (64 zeros)',
    );
  });

  it('warns, without failing, when the append-only triggers are gone', () => {
    seedAuditLog(db, 2);
    db.exec(`DROP TRIGGER audit_log_no_delete${sqliteOf(db) ? '' : ' ON audit_log'}`);
    expect(verifyAudit(db)).toMatchObject({
      ok: true,
      warnings: [
        'the append-only trigger audit_log_no_delete is missing or altered: audit_log no longer refuses UPDATE/DELETE; someone changed the database schema',
      ],
    });
  });

  it('refuses INSERT OR REPLACE (which would slip past the DELETE trigger), and the chain catches it without the trigger', () => {
    seedAuditLog(db, 4);
    // SQLite's REPLACE deletes the row without firing DELETE triggers; PostgreSQL's nearest is an
    // upsert, which the UPDATE trigger refuses.
    const sqlite = sqliteOf(db) !== undefined;
    const replace = db.prepare(
      sqlite
        ? `INSERT OR REPLACE INTO audit_log (seq, time, actor, action, target, reason, payload, prev_hash, hash)
           SELECT seq, time, 'mallory', action, target, reason, payload, prev_hash, hash FROM audit_log WHERE seq = 2`
        : `INSERT INTO audit_log (seq, time, actor, action, target, reason, payload, prev_hash, hash)
           SELECT seq, time, 'mallory', action, target, reason, payload, prev_hash, hash FROM audit_log WHERE seq = 2
           ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor`,
    );
    expect(() => replace.run()).toThrow(`audit_log is append-only: ${sqlite ? 'REPLACE' : 'UPDATE'} refused`);
    db.exec(sqlite ? 'DROP TRIGGER audit_log_no_replace' : 'DROP TRIGGER audit_log_no_update ON audit_log');
    replace.run();
    expect(verifyAudit(db)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'audit record 2: hash does not match its content (edited)',
    });
  });
});
