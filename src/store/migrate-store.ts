/**
 * `nhiscan db migrate`: brings the store named by a target to this nhiscan's schema version, on
 * either engine, and says from which version. SQLite files are also migrated by any command that
 * opens them; a PostgreSQL database only by this (postgres/open.ts).
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSqliteDatabase, schemaVersion } from './open.js';
import { postgresSchemaVersion } from './postgres/migrate.js';
import { isPostgresTarget, openPostgres } from './postgres/open.js';

export interface MigrationResult {
  engine: 'sqlite' | 'postgres';
  from: number;
  to: number;
}

export function migrateStore(target: string): MigrationResult {
  if (isPostgresTarget(target)) {
    const { db, versionBefore } = openPostgres(target, { migrate: true });
    try {
      return { engine: 'postgres', from: versionBefore, to: postgresSchemaVersion(db) };
    } finally {
      db.close();
    }
  }
  const from = existsSync(target) ? sqliteVersionOf(target) : 0;
  const db = openSqliteDatabase(target);
  try {
    return { engine: 'sqlite', from, to: schemaVersion(db) };
  } finally {
    db.close();
  }
}

function sqliteVersionOf(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}
