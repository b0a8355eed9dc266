/**
 * A database file as an older nhiscan left it: the migrations up to `version` applied, none after,
 * opened without `openDatabase` (which would migrate it to the latest). For migration tests.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.js';

export function databaseAtVersion(path: string, version: number): Database.Database {
  const db = new Database(path);
  for (const migration of MIGRATIONS.filter((entry) => entry.version <= version)) {
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
  }
  return db;
}
