/** Rows inserted, updated or deleted through `db` so far, on either engine (SQLite's total_changes()). */
import { type Db, sqliteOf } from '../../src/store/engine.js';
import { PostgresDatabase } from '../../src/store/postgres/database.js';

export function totalChanges(db: Db): number {
  const sqlite = sqliteOf(db);
  if (sqlite) return sqlite.prepare('SELECT total_changes()').pluck().get() as number;
  if (db instanceof PostgresDatabase) return db.totalChanges();
  throw new Error('totalChanges: not a store connection');
}
