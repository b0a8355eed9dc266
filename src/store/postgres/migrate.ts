/**
 * PostgreSQL's schema version, in `nhiscan_schema` (SQLite keeps it in PRAGMA user_version). A new
 * database gets the baseline (schema.ts) at once; later migrations run in order, each in its own
 * transaction. The whole runs under a session advisory lock: a second process waits for the first,
 * then finds nothing left to do.
 */
import type { PostgresDatabase } from './database.js';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './schema.js';

/** Migrations after the baseline, for PostgreSQL: the same versions as SQLite's from 16 on. */
export const POSTGRES_MIGRATIONS: readonly { version: number; sql: string }[] = [];

/** The advisory lock key migrations hold ('nhiscan' 'm' as bytes). */
const MIGRATION_LOCK_KEY = 0x6e6869736361_6e6dn.toString();

export function latestPostgresVersion(): number {
  return POSTGRES_MIGRATIONS.at(-1)?.version ?? POSTGRES_BASELINE_VERSION;
}

export function postgresSchemaVersion(db: PostgresDatabase): number {
  const exists = db.prepare("SELECT to_regclass('nhiscan_schema') IS NOT NULL").pluck().get();
  if (exists !== 1) return 0;
  return (db.prepare('SELECT version FROM nhiscan_schema').pluck().get() as number | undefined) ?? 0;
}

/** Migrates under the lock; returns the version the database had when the lock was taken. */
export function migratePostgres(db: PostgresDatabase): number {
  db.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    const latest = latestPostgresVersion();
    const current = postgresSchemaVersion(db);
    if (current > latest)
      throw new Error(
        `database schema version ${current} is newer than this nhiscan understands (${latest}); upgrade nhiscan`,
      );
    if (current === 0)
      db.transaction(() => {
        db.exec(POSTGRES_BASELINE);
        db.prepare('INSERT INTO nhiscan_schema (version) VALUES (?)').run(POSTGRES_BASELINE_VERSION);
      })();
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= Math.max(current, POSTGRES_BASELINE_VERSION)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare('UPDATE nhiscan_schema SET version = ?').run(migration.version);
      })();
    }
    return current;
  } finally {
    db.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}
