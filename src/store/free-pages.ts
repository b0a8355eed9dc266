/**
 * The file's layout: no free pages, and pages large enough for a credential row.
 *  - A scan stages every credential it reads (scan_staging) and deletes the staging when it
 *    merges: without this, those pages stay in the file as free pages (as large as the inventory).
 *    New databases are created with auto_vacuum = INCREMENTAL (open.ts); `reclaimFreePages` moves
 *    the free pages to the end of the file and truncates it, inside the caller's transaction, so a
 *    process that dies midway leaves the file as it was before the transaction.
 *  - 8 KiB pages: the inventory tables are WITHOUT ROWID, whose rows spill to an overflow page
 *    past about 1,000 bytes with 4 KiB pages (about 2,000 with 8 KiB). At 100,000 credentials,
 *    most GCP rows spilled, and their overflow pages, mostly empty, were half the credentials table.
 *  - A file without them (made before migration 14) is rewritten by migrate when it is opened
 *    (`needsRewrite`, `rewriteFile`): the page size and auto_vacuum change only with a VACUUM, and
 *    the page size only outside WAL, so the rewrite waits for an open with no other connection.
 */
import { type SqliteDb as Db, type Db as StoreDb, sqliteOf } from './engine.js';

export const PAGE_SIZE = 8192;

/** Whether the file lacks PAGE_SIZE pages or incremental auto_vacuum (made by nhiscan before 14). */
export function needsRewrite(db: Db): boolean {
  return db.pragma('page_size', { simple: true }) !== PAGE_SIZE || autoVacuumMode(db) !== 2;
}

/**
 * VACUUMs the database into PAGE_SIZE pages and incremental auto_vacuum, then restores its journal
 * mode. VACUUM is one transaction: a process that dies during it leaves the file as it was. While
 * another connection has the file open, leaving WAL is refused (SQLITE_BUSY): the file is left as it
 * is, usable, and the next open tries again.
 */
export function rewriteFile(db: Db): void {
  const journal = db.pragma('journal_mode', { simple: true }) as string;
  try {
    if (journal === 'wal' && db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return;
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch (error) {
    if (!/^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')) throw error;
  } finally {
    if (journal === 'wal' && db.pragma('journal_mode', { simple: true }) !== 'wal')
      db.pragma('journal_mode = WAL');
  }
}

/**
 * Returns the file's free pages to the filesystem (a no-op unless auto_vacuum is incremental, and
 * on PostgreSQL, whose autovacuum does this).
 */
export function reclaimFreePages(db: StoreDb): void {
  sqliteOf(db)?.pragma('incremental_vacuum');
}

/** Pages of the file not in use (PRAGMA freelist_count). */
export function freePageCount(db: StoreDb): number {
  return (db as Db).pragma('freelist_count', { simple: true }) as number;
}

/** 0 none, 1 full, 2 incremental (PRAGMA auto_vacuum). */
export function autoVacuumMode(db: StoreDb): number {
  return (db as Db).pragma('auto_vacuum', { simple: true }) as number;
}
