/** The SQLite file: created 0600, in WAL mode, migrated to the latest schema, and reopened as it is. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type SqliteDb, schemaVersion } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('the SQLite file', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: SqliteDb;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openSqliteDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('creates the file with mode 0600, in WAL mode, migrated', () => {
    expect(statSync(join(dir.path, 'nhiscan.db')).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
    db = openSqliteDatabase(join(dir.path, 'nhiscan.db'));
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
  });
});
