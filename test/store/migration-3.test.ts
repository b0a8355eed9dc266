/**
 * Migration 3 widens the revocation step CHECK to admit disable-principal. A database at version 2
 * with requests and steps keeps every row, and the new step is then accepted; an unknown step is
 * still refused.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { migrate, schemaVersion } from '../../src/store/open.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('migration 3: disable-principal steps', () => {
  const dir = temporaryDirectory();
  afterEach(() => dir.remove());

  it('keeps every stored step and admits the new one', () => {
    const db = databaseAtVersion(join(dir.path, 'v2.db'), 2);
    try {
      db.prepare(
        `INSERT INTO revocation_requests (credential_uid, source, rule, finding_uids, owner_employee_id,
           privileged, mode, required_approvals, state, state_reason, requester, created_at, created_run, updated_at)
         VALUES ('aws:1:access-key:A', 'aws', 'leaver-owned', '[]', 'E1', 0, 'auto', 0, 'in-progress', NULL,
           'nhiscan', '2026-11-26T00:00:00Z', NULL, '2026-11-26T00:00:00Z')`,
      ).run();
      const insertStep = db.prepare(
        `INSERT INTO revocation_steps (request_id, ordinal, step, not_before, after_days, state, attempts, api_call,
           outcome, detail, started_at, finished_at)
         VALUES (1, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, NULL, NULL)`,
      );
      insertStep.run(0, 'disable', 0, 'done', 1, 'iam:UpdateAccessKey');
      insertStep.run(1, 'delete', 14, 'pending', 0, null);
      expect(() => insertStep.run(2, 'disable-principal', 0, 'pending', 0, null)).toThrow(
        /CHECK constraint failed/,
      );

      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(
        db.prepare('SELECT ordinal, step, after_days, state, attempts, api_call FROM revocation_steps').all(),
      ).toEqual([
        {
          ordinal: 0,
          step: 'disable',
          after_days: 0,
          state: 'done',
          attempts: 1,
          api_call: 'iam:UpdateAccessKey',
        },
        { ordinal: 1, step: 'delete', after_days: 14, state: 'pending', attempts: 0, api_call: null },
      ]);
      insertStep.run(2, 'disable-principal', 0, 'pending', 0, null);
      expect(() => insertStep.run(3, 'unplug', 0, 'pending', 0, null)).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});
