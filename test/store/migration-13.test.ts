/**
 * Migration 13: a stored suppression gains its kind. A database at version 12 told a
 * recertification by the `recertified: ` wording of its reason; after the migration the suppression
 * says `kind: 'recertification'` (every other one `'baseline'`), its reason and other fields are
 * kept as they were, and the stored text is exactly what a scan writes, so the next scan leaves the
 * rows as they are.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvaluatedFinding, Suppression } from '../../src/core/model.js';
import { beginFindingSync, findingHistory } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteDatabase, schemaVersion } from '../../src/store/open.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

/** What nhiscan up to version 12 wrote: no kind. */
const recertifiedBefore = {
  reason: 'recertified: runs the nightly "export" — für Finanzen',
  approvedBy: 'hana@acme.example',
  expires: '2027-01-15',
};
const baselineBefore = { reason: 'break-glass key', approvedBy: 'sec-lead', expires: '2027-03-31' };
/** A baseline reason that only mentions recertification: not a prefix, so a baseline entry. */
const baselineMentioning = {
  reason: 'not recertified: accepted by security',
  approvedBy: 'sec-lead',
  expires: '2027-03-31',
};

describe('migration 13: a suppression says its kind', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  function databaseAtVersion12(path: string): void {
    const old = databaseAtVersion(path, 12);
    old
      .prepare(
        "INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (1, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'complete')",
      )
      .run();
    const insert = old.prepare(
      `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run, resolved_run)
       VALUES (?, 'stale', ?, 'medium', 'stale key', '{"days":91}', ?, ?, 1, 1, ?)`,
    );
    insert.run(
      'nhi-recertified',
      'aws:1:access-key:A',
      'suppressed',
      JSON.stringify(recertifiedBefore),
      null,
    );
    insert.run('nhi-baseline', 'aws:1:access-key:B', 'suppressed', JSON.stringify(baselineBefore), null);
    insert.run(
      'nhi-mentioning',
      'aws:1:access-key:C',
      'suppressed',
      JSON.stringify(baselineMentioning),
      null,
    );
    // A resolved finding keeps the suppression it last had.
    insert.run('nhi-resolved', 'aws:1:access-key:D', 'resolved', JSON.stringify(recertifiedBefore), 1);
    insert.run('nhi-open', 'aws:1:access-key:E', 'open', null, null);
    old.close();
  }

  it("gives a recertified suppression kind 'recertification', every other one 'baseline', and keeps the rest", () => {
    const path = join(dir.path, 'v12.db');
    databaseAtVersion12(path);

    const db = openSqliteDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      const rows = db.prepare('SELECT uid, status, suppression FROM findings ORDER BY uid').all() as {
        uid: string;
        status: string;
        suppression: string | null;
      }[];
      // Exactly the text a scan writes for these suppressions (kind last), so nothing is rewritten.
      const written = (suppression: Suppression) => JSON.stringify(suppression);
      expect(rows).toEqual([
        {
          uid: 'nhi-baseline',
          status: 'suppressed',
          suppression: written({ ...baselineBefore, kind: 'baseline' }),
        },
        {
          uid: 'nhi-mentioning',
          status: 'suppressed',
          suppression: written({ ...baselineMentioning, kind: 'baseline' }),
        },
        { uid: 'nhi-open', status: 'open', suppression: null },
        {
          uid: 'nhi-recertified',
          status: 'suppressed',
          suppression: written({ ...recertifiedBefore, kind: 'recertification' }),
        },
        {
          uid: 'nhi-resolved',
          status: 'resolved',
          suppression: written({ ...recertifiedBefore, kind: 'recertification' }),
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('leaves a migrated finding as it is when the next scan sees the same suppression', () => {
    const path = join(dir.path, 'v12.db');
    databaseAtVersion12(path);

    const db = openSqliteDatabase(path);
    try {
      db.prepare(
        "INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (2, '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z', 'complete')",
      ).run();
      const seen: EvaluatedFinding = {
        uid: 'nhi-recertified',
        rule: 'stale',
        severity: 'medium',
        credentialUid: 'aws:1:access-key:A',
        title: 'stale key',
        evidence: { days: 91 },
        status: 'suppressed',
        suppression: { ...recertifiedBefore, kind: 'recertification' },
      };
      const sync = beginFindingSync(db, 2);
      sync.syncCredential('aws:1:access-key:A', [seen]);
      expect(sync.finish()).toEqual({ raised: 0, changed: 0, resolved: 0 });
      // Not rewritten: the row still names the run that last wrote it.
      expect(
        db.prepare("SELECT last_seen_run FROM findings WHERE uid = 'nhi-recertified'").pluck().get(),
      ).toBe(1);
      expect(findingHistory(db, 'nhi-recertified')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
