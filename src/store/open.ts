/**
 * Opens (creating if needed) the nhiscan database: one SQLite file, WAL, migrated to the latest
 * schema. A new file is created with mode 0600: it names every credential the company has.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  if (path !== ':memory:' && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'wx', 0o600));
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
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

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db): void {
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
}

function assertReferencesHold(db: Db, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const first = broken[0]!;
    throw new Error(
      `migration ${migration.version} would leave ${broken.length} broken reference(s), the first from ${first.table} to ${first.parent}; nothing was changed`,
    );
  }
}
