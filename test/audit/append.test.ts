import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, hashAuditRecord } from '../../src/audit/index.js';
import { sqliteOf } from '../../src/store/engine.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { seedAuditLog } from './seed.js';

/** The error code of a refusal by the append-only triggers: SQLite's, or PostgreSQL's raise_exception. */
const triggerErrorCode = (db: Db) => (sqliteOf(db) ? 'SQLITE_CONSTRAINT_TRIGGER' : 'P0001');

describe('appendAudit', () => {
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

  it('builds a chain: seq from 1, each prev_hash the previous hash, the first the genesis hash', () => {
    const records = seedAuditLog(db, 10);
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    for (const [index, record] of records.entries()) {
      if (index > 0) expect(record.prevHash).toBe(records[index - 1]!.hash);
      expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hashAuditRecord(record)).toBe(record.hash);
    }
    expect(new Set(records.map((record) => record.hash)).size).toBe(10);
  });

  it('stores exactly what it hashed: the payload as canonical JSON, the hashes as written', () => {
    const record = appendAudit(db, {
      time: '2026-11-26T09:00:00.000Z',
      actor: 'alice',
      action: 'request.approved',
      target: 'request:12',
      reason: 'Zoë left',
      payload: { requestId: 12, credentialUid: 'aws:111122223333:access-key:AKIA1', b: [2, 1], a: -0 },
    });
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 1').get();
    expect(row).toEqual({
      seq: 1,
      time: '2026-11-26T09:00:00.000Z',
      actor: 'alice',
      action: 'request.approved',
      target: 'request:12',
      reason: 'Zoë left',
      payload: '{"a":0,"b":[2,1],"credentialUid":"aws:111122223333:access-key:AKIA1","requestId":12}',
      prev_hash: GENESIS_HASH,
      hash: record.hash,
    });
  });

  it('hashes SHA-256 over the canonical JSON of seq, time, actor, action, target, reason, payload, prevHash', () => {
    const record = appendAudit(db, {
      time: '2026-11-26T09:00:00.000Z',
      actor: 'scan',
      action: 'scan.finished',
      target: 'run:1',
      reason: null,
      payload: { status: 'complete', runId: 1 },
    });
    const preimage =
      '{"action":"scan.finished","actor":"scan","payload":{"runId":1,"status":"complete"},' +
      `"prevHash":"${GENESIS_HASH}","reason":null,"seq":1,"target":"run:1","time":"2026-11-26T09:00:00.000Z"}`;
    expect(record.hash).toBe(createHash('sha256').update(preimage, 'utf8').digest('hex'));
  });

  it('hashes the same whatever order the payload keys were written in', () => {
    const base = {
      seq: 3,
      time: 't',
      actor: 'a',
      action: 'x.y',
      target: null,
      reason: null,
      prevHash: GENESIS_HASH,
    };
    expect(hashAuditRecord({ ...base, payload: { a: 1, b: { d: 2, c: 3 } } })).toBe(
      hashAuditRecord({ ...base, payload: { b: { c: 3, d: 2 }, a: 1 } }),
    );
  });

  it('refuses a payload that has no canonical form, and writes nothing', () => {
    seedAuditLog(db, 2);
    expect(() =>
      appendAudit(db, {
        time: '2026-11-26T09:00:00.000Z',
        actor: 'nhiscan',
        action: 'step.done',
        target: 'request:1',
        reason: null,
        payload: { at: new Date(0) },
      }),
    ).toThrow('canonical JSON has no form for a Date: pass plain data');
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 2 });
  });

  describe('the append-only triggers', () => {
    it('refuse UPDATE with the exact error, and change nothing', () => {
      seedAuditLog(db, 3);
      const before = db.prepare('SELECT * FROM audit_log ORDER BY seq').all();
      let caught: unknown;
      try {
        db.prepare("UPDATE audit_log SET reason = 'edited' WHERE seq = 2").run();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(Error);
      expect((caught as Error).message).toBe('audit_log is append-only: UPDATE refused');
      expect((caught as { code: string }).code).toBe(triggerErrorCode(db));
      expect(db.prepare('SELECT * FROM audit_log ORDER BY seq').all()).toEqual(before);
    });

    it('refuse DELETE with the exact error, even of the newest record', () => {
      seedAuditLog(db, 3);
      for (const sql of ['DELETE FROM audit_log WHERE seq = 3', 'DELETE FROM audit_log']) {
        expect(() => db.prepare(sql).run()).toThrow(
          expect.objectContaining({
            message: 'audit_log is append-only: DELETE refused',
            code: triggerErrorCode(db),
          }),
        );
      }
      expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 3 });
    });
  });
});
