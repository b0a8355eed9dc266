/**
 * A refused input (exit 2) writes nothing (issue 21, item 7): a database file the run created is
 * taken away again, with the folders made for it; one that existed before is never removed. The
 * database is created 0600, and an existing one (with its -wal and -shm) is tightened to 0600 by
 * any command that opens it. Driven through the real CLI.
 */
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { dumpDatabase } from '../support/database-dump.js';
import { LEAVER_HR, writeLeaverEstate } from '../support/leaver-estate.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const ESTATE_FILES = ['hr.csv', 'inventory.csv', 'nhiscan.yaml'];
const modeOf = (file: string) => statSync(file).mode & 0o777;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a refused input leaves no new database behind', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (...argv: string[]) => cli(argv, { cwd: dir.path });
  const scanInto = (db: string, ...extra: string[]) =>
    run('scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--db', db, ...extra);

  beforeEach(() => {
    dir = temporaryDirectory('nhiscan-refusal-');
    writeLeaverEstate(dir.path);
  });
  afterEach(() => dir.remove());

  it('a bad HR file: exit 2 naming its line, and neither the database nor its folder exists', async () => {
    writeFileSync(join(dir.path, 'hr.csv'), LEAVER_HR.replace('2026-10-01', '2026-02-30'));
    const result = await scanInto('new/folder/nhiscan.db');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^nhiscan: error: ${escaped(join(dir.path, 'hr.csv'))}, line 3, column termination_date: `),
    );
    expect(readdirSync(dir.path).sort()).toEqual(ESTATE_FILES);
  });

  it('a bad inventory file, read after the database was opened: the new file and its folders go', async () => {
    writeFileSync(
      join(dir.path, 'inventory.csv'),
      'provider,account,kind,credential_id,created_at\naws,111122223333,access-key,AKIAEXAMPLE0000BAD01,01/02/2026\n',
    );
    const result = await scanInto('new/folder/nhiscan.db');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^nhiscan: error: inventory\.csv, line 2, column created_at: /);
    expect(readdirSync(dir.path).sort()).toEqual(ESTATE_FILES);
    // The same scan without a folder to create.
    expect((await scanInto('nhiscan.db')).exitCode).toBe(2);
    expect(readdirSync(dir.path).sort()).toEqual(ESTATE_FILES);
  });

  it('never removes a database that existed before, even an empty one', async () => {
    const db = join(dir.path, 'existing.db');
    openDatabase(db).close();
    const before = dumpDatabase(db);
    writeFileSync(join(dir.path, 'inventory.csv'), 'provider,account\n');
    expect((await scanInto('existing.db')).exitCode).toBe(2);
    const refused = await run('findings', '--db', 'existing.db', '--provider', 'no-such-provider');
    expect(refused.exitCode).toBe(2);
    expect(existsSync(db)).toBe(true);
    expect(dumpDatabase(db)).toEqual(before);
  });

  it('keeps a new database a run wrote to before a later refusal', async () => {
    // The first scan creates and fills the database; the refused one after it changes nothing.
    expect((await scanInto('nhiscan.db')).exitCode).toBe(0);
    const before = dumpDatabase(join(dir.path, 'nhiscan.db'));
    writeFileSync(join(dir.path, 'hr.csv'), LEAVER_HR.replace('2026-10-01', 'yesterday'));
    expect((await scanInto('nhiscan.db')).exitCode).toBe(2);
    expect(dumpDatabase(join(dir.path, 'nhiscan.db'))).toEqual(before);
  });
});

describe('database file modes', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory('nhiscan-modes-');
    writeLeaverEstate(dir.path);
  });
  afterEach(() => dir.remove());

  it('creates the database 0600 and tightens an existing 0644 one, with its -wal and -shm, when a command opens it', async () => {
    const db = join(dir.path, 'nhiscan.db');
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], { cwd: dir.path });
    expect(scan.exitCode).toBe(0);
    expect(modeOf(db)).toBe(0o600);

    // Another connection keeps the -wal and -shm files in place while the command runs.
    const holder = new Database(db);
    try {
      holder.prepare('SELECT COUNT(*) FROM audit_log').get();
      const files = [db, `${db}-wal`, `${db}-shm`];
      for (const file of files) chmodSync(file, 0o644);
      expect(files.map(modeOf)).toEqual([0o644, 0o644, 0o644]);
      const findings = await cli(['findings', '--db', 'nhiscan.db'], { cwd: dir.path });
      expect(findings.exitCode).toBe(0);
      expect(files.map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    } finally {
      holder.close();
    }
  });
});
