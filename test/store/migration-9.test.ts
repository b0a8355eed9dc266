/** Migration 9 (evaluation digests, src/store/evaluations.ts): a database from before the digests compares everything once. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/index.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('migration 9: evaluation digests', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('marks every credential with an owner resolution or an unresolved finding, so the next scan compares it', () => {
    const path = join(dir.path, 'v8.db');
    const old = databaseAtVersion(path, 8);
    old
      .prepare(
        "INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (1, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'complete')",
      )
      .run();
    old
      .prepare(
        "INSERT INTO owner_resolutions (credential_uid, run_id, owner_employee_id, confidence, outcome, evidence) VALUES ('aws:1:access-key:A', 1, NULL, 0, 'none', '[]')",
      )
      .run();
    const finding = old.prepare(
      `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run, resolved_run)
       VALUES (?, ?, ?, 'high', 't', '{}', ?, NULL, 1, 1, ?)`,
    );
    finding.run('nhi-1', 'stale', 'gcp:p:service-account-key:k2', 'open', null);
    finding.run('nhi-2', 'over-age', 'gcp:p:service-account-key:k3', 'suppressed', null);
    finding.run('nhi-3', 'leaver-owned', 'azure:t:client-secret:s4', 'resolved', 1);
    old.close();

    const db = openSqliteDatabase(path);
    try {
      expect(
        db.prepare('SELECT credential_uid, digest FROM credential_evaluations ORDER BY 1').all(),
      ).toEqual([
        { credential_uid: 'aws:1:access-key:A', digest: '' },
        { credential_uid: 'gcp:p:service-account-key:k2', digest: '' },
        { credential_uid: 'gcp:p:service-account-key:k3', digest: '' },
      ]);
    } finally {
      db.close();
    }
  });
});
