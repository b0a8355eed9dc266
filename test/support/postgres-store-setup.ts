/**
 * Setup file of the PostgreSQL project: the suites run unchanged, and every database they open by
 * path is a fresh database of the real PostgreSQL server instead (the same path, the same
 * database, for as long as the file runs), migrated as `nhiscan db migrate` does. The SQLite file
 * is never created.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { inject, vi } from 'vitest';
import { migrateStore } from '../../src/store/migrate-store.js';
import { PostgresBridge } from '../../src/store/postgres/bridge.js';
import { postgresConfig } from '../../src/store/postgres/target.js';

const serverUrl = inject('postgresUrl');
const created = new Set<string>();
let admin: PostgresBridge | undefined;

/** The URL of the database standing for the SQLite file at `path`, created at first use. */
export function postgresFor(path: string): string {
  const name = `t_${process.pid}_${createHash('sha256').update(path).digest('hex').slice(0, 16)}`;
  if (!created.has(name)) {
    admin ??= new PostgresBridge(postgresConfig(serverUrl));
    admin.exec(`DROP DATABASE IF EXISTS ${name}`);
    admin.exec(`CREATE DATABASE ${name}`);
    created.add(name);
    migrateStore(serverUrl.replace(/\/[^/]*$/, `/${name}`));
    // An empty file where the suite expects its database: commands check that it exists before
    // opening it (`no nhiscan database here`). It stays empty: every open goes to PostgreSQL.
    if (path !== ':memory:' && path !== '' && !existsSync(path) && existsSync(dirname(path)))
      writeFileSync(path, '');
  }
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}

vi.mock('../../src/store/open.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/store/open.js')>();
  return {
    ...real,
    openDatabase: (target: string) =>
      real.openDatabase(target.startsWith('postgres') ? target : postgresFor(target)),
  };
});
