/**
 * Opens (creating if needed) the nhiscan database: one SQLite file, WAL, migrated to the latest
 * schema. It names every credential the company has: a new file is created with mode 0600, and an
 * existing one (with its -wal and -shm) loses any group or other permission when it is opened.
 * A file created here is noted (created-databases.ts), so that a refused input can remove it.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { noteCreatedDatabase, noteOpenedDatabase } from './created-databases.js';
import type { Db, SqliteDb } from './engine.js';
import { needsRewrite, PAGE_SIZE, rewriteFile } from './free-pages.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { isPostgresTarget, openPostgresDatabase } from './postgres/open.js';
import { registerStoredTextFunctions } from './stored-text.js';

export type { Db, SqliteDb } from './engine.js';

/**
 * The store named by `target`: a `postgres://` URL (a shared PostgreSQL database, postgres/open.ts)
 * or a SQLite file's path (the embedded default).
 */
export function openDatabase(target: string): Db {
  return isPostgresTarget(target) ? openPostgresDatabase(target) : openSqliteDatabase(target);
}

export function openSqliteDatabase(path: string): SqliteDb {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk && !existsSync(path)) {
    const createdDir = mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'wx', 0o600));
    noteCreatedDatabase(path, createdDir, () => holdsData(path));
  }
  if (onDisk) tightenModes(path);
  const db = new Database(path);
  if (onDisk) noteOpenedDatabase(path, db);
  // Before WAL, which fixes both: a file without tables takes them at once; an older one is
  // rewritten with them once by migrate (free-pages.ts).
  if (schemaVersion(db) === 0) {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  db.pragma('journal_mode = WAL');
  if (onDisk) tightenModes(path);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  migrate(db);
  return db;
}

/**
 * `make` run once per connection and kept with it: statements a hot path runs on every page or
 * record are prepared once, not per call (preparing can cost more than the statement itself).
 */
export function perConnection<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

export function schemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrates `db` to the latest schema; also gives the connection the store's SQL functions (stored-text.ts). */
export function migrate(db: SqliteDb): void {
  registerStoredTextFunctions(db);
  const current = schemaVersion(db);
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this nhiscan understands (${latest}); upgrade nhiscan`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    const enforcing = db.pragma('foreign_keys', { simple: true }) === 1;
    // The pragma is a no-op inside a transaction, so it is switched around it.
    if (migration.rebuildsReferencedTable && enforcing) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsReferencedTable) assertReferencesHold(db, migration);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsReferencedTable && enforcing) db.pragma('foreign_keys = ON');
    }
  }
  const shrunk = MIGRATIONS.some((migration) => migration.version > current && migration.rewritesFile);
  if (current > 0 && (needsRewrite(db) || shrunk)) rewriteFile(db);
}

function assertReferencesHold(db: SqliteDb, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const first = broken[0]!;
    throw new Error(
      `migration ${migration.version} would leave ${broken.length} broken reference(s), the first from ${first.table} to ${first.parent}; nothing was changed`,
    );
  }
}

/** The database file and its side files lose group and other permissions (0644 → 0600). */
function tightenModes(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      const { mode } = statSync(file);
      if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
    } catch {
      // Absent, or not ours to change (another user's file): opening it is what decides.
    }
  }
}

/** Whether any table of the database file holds a row (migrations alone write none). */
function holdsData(path: string): boolean {
  const db = new Database(path, { fileMustExist: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all() as string[];
    return tables.some(
      (table) => db.prepare(`SELECT 1 FROM "${table.replaceAll('"', '""')}" LIMIT 1`).get() !== undefined,
    );
  } finally {
    db.close();
  }
}
