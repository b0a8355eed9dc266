/**
 * Migration 11: revocation steps gain `immediate` (0 for every existing step: nothing already
 * queued starts running before approval), and a person may confirm the same manual task again
 * while approvals and rejections stay one per person and request. Every decision is kept.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteDatabase, schemaVersion } from '../../src/store/open.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('migration 11: immediate steps, repeatable confirmations', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('keeps every step and decision, marks no existing step immediate, and allows a second confirmation only', () => {
    const path = join(dir.path, 'v10.db');
    const old = databaseAtVersion(path, 10);
    old
      .prepare(
        `INSERT INTO revocation_requests (id, credential_uid, source, rule, finding_uids, owner_employee_id, privileged, mode,
           required_approvals, state, requester, created_at, updated_at)
         VALUES (1, 'aws:1:access-key:A', 'aws', 'leaver-owned', '[]', 'E2', 1, 'approve', 2, 'pending-approval', 'nhiscan', 't0', 't0')`,
      )
      .run();
    old
      .prepare(
        "INSERT INTO revocation_steps (request_id, ordinal, step, after_days, state) VALUES (1, 0, 'disable', 0, 'pending'), (1, 1, 'delete', 14, 'pending')",
      )
      .run();
    old
      .prepare(
        "INSERT INTO revocation_decisions (request_id, actor, decision, reason, at) VALUES (1, 'ann@acme.example', 'approve', 'left', 't1')",
      )
      .run();
    old.close();

    const db = openSqliteDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(
        db.prepare('SELECT ordinal, step, immediate FROM revocation_steps ORDER BY ordinal').all(),
      ).toEqual([
        { ordinal: 0, step: 'disable', immediate: 0 },
        { ordinal: 1, step: 'delete', immediate: 0 },
      ]);
      expect(db.prepare('SELECT actor, decision, reason, at FROM revocation_decisions').all()).toEqual([
        { actor: 'ann@acme.example', decision: 'approve', reason: 'left', at: 't1' },
      ]);
      const decide = db.prepare(
        "INSERT INTO revocation_decisions (request_id, actor, decision, reason, at) VALUES (1, 'ann@acme.example', ?, 'r', ?)",
      );
      expect(() => decide.run('approve', 't2')).toThrow(/UNIQUE constraint failed/);
      decide.run('confirm', 't2');
      decide.run('confirm', 't3');
      expect(() => decide.run('confirm', 't3')).toThrow(/UNIQUE constraint failed/);
      expect(() => db.prepare('UPDATE revocation_steps SET immediate = 2').run()).toThrow(
        /CHECK constraint failed/,
      );
    } finally {
      db.close();
    }
  });
});
