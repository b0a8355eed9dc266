/**
 * No free pages after a merge: a new database is created with 8 KiB pages and incremental
 * auto_vacuum, and the pages the deleted staging freed go back to the filesystem in the merge's
 * transaction. Also after a run discarded before its merge.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoVacuumMode,
  beginRun,
  type SqliteDb as Db,
  discardRun,
  freePageCount,
  mergeRun,
  openSqliteDatabase,
  stagePage,
} from '../../src/store/index.js';
import { credential } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const keys = (count: number, status: 'active' | 'inactive') =>
  Array.from({ length: count }, (_, n) =>
    credential(`K${n}`, { status, principalName: `svc-${'p'.repeat(300)}` }),
  );

describe('free pages', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openSqliteDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });
  const stage = (startedAt: string, status: 'active' | 'inactive') => {
    const run = beginRun(db, { startedAt, asOf: startedAt, hrSnapshotId: null, onlySources: null });
    stagePage(db, run, 's', { credentials: keys(3000, status), principals: [] });
    return run;
  };

  it('creates the file with 8 KiB pages and incremental auto_vacuum', () => {
    expect(autoVacuumMode(db)).toBe(2);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
  });

  it('leaves none after merging a staging of thousands of rows, twice', () => {
    mergeRun(db, stage('2026-11-01T00:00:00.000Z', 'active'), [{ name: 's', status: 'complete' }]);
    expect(freePageCount(db)).toBe(0);
    const pages = db.pragma('page_count', { simple: true }) as number;
    mergeRun(db, stage('2026-11-02T00:00:00.000Z', 'inactive'), [{ name: 's', status: 'complete' }]);
    expect(freePageCount(db)).toBe(0);
    // The second run rewrote every row: the file did not grow by its staging.
    expect((db.pragma('page_count', { simple: true }) as number) - pages).toBeLessThan(pages / 4);
  });

  it('leaves none after a run discarded before its merge', () => {
    discardRun(db, stage('2026-11-01T00:00:00.000Z', 'active'));
    expect(db.prepare('SELECT count(*) FROM scan_staging').pluck().get()).toBe(0);
    expect(freePageCount(db)).toBe(0);
  });
});
