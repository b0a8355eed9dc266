/** The database's size on disk (file and WAL; PostgreSQL's pg_database_size) and what takes it, table by table (SQLite's dbstat). */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/open.js';
import { isPostgresTarget } from '../../src/store/postgres/target.js';

export function databaseBytes(dbPath: string): number {
  if (isPostgresTarget(dbPath)) {
    const db = openDatabase(dbPath);
    try {
      return db.prepare('SELECT pg_database_size(current_database())').pluck().get() as number;
    } finally {
      db.close();
    }
  }
  return ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(`${dbPath}${suffix}`) ? statSync(`${dbPath}${suffix}`).size : 0),
    0,
  );
}

export const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;

/** The largest tables and indexes with their share, and the free pages: one line. */
export function largestTables(dbPath: string, count = 8): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT ?')
      .all(count) as { name: string; bytes: number }[];
    const free = db.pragma('freelist_count', { simple: true }) as number;
    return `${rows.map((row) => `${row.name} ${mib(row.bytes)}`).join(', ')}; free pages ${free}`;
  } finally {
    db.close();
  }
}
