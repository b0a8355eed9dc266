/**
 * `nhiscan db copy`: a SQLite database moved into PostgreSQL answers every read the same (findings,
 * queue, audit log and its head hash), goes on from the ids it had, and is refused into a database
 * that holds rows or from a log that does not verify, copying nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { CALLER_ENV, estateOf, writeConfig, writeHr } from '../queue/support/aws-queue-fixture.js';
import { cli } from '../support/cli.js';
import { freshDatabase } from '../support/postgres-databases.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const AS_OF = '2026-11-26T12:00:00Z';

describe('nhiscan db copy', () => {
  let server: PostgresServer;
  const dir = temporaryDirectory();
  let emulator: Awaited<ReturnType<typeof startAwsEmulator>>;
  const run = (...argv: string[]) => cli(argv, { cwd: dir.path, now: AS_OF });

  beforeAll(async () => {
    Object.assign(process.env, CALLER_ENV);
    server = await startPostgres();
    emulator = await startAwsEmulator({
      estate: estateOf([
        { user: 'svc-billing', key: 'AKIACOPYLEAVER000001', owner: 'bob@acme.example' },
        { user: 'svc-reports', key: 'AKIACOPYACTIVE000001', owner: 'ann@acme.example' },
      ]),
    });
    writeHr(
      dir.path,
      [
        { id: 'E1', email: 'ann@acme.example', status: 'active' },
        { id: 'E2', email: 'bob@acme.example', status: 'terminated', terminationDate: '2026-10-01' },
        { id: 'E3', email: 'carol@acme.example', status: 'active' },
      ],
      '2026-11-26T06:00:00Z',
    );
    writeConfig(
      dir.path,
      emulator.endpoint,
      '{ leaver: approve, deleteAfterDays: 14 }',
      '{ actors: [{ id: ops, roles: [execute] }] }',
    );
    expect((await run('scan', '--as-of', '2026-11-26', '--fail-on', 'none')).exitCode).toBe(0);
    expect(
      (await run('queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'bob left')).exitCode,
    ).toBe(0);
    expect((await run('queue', 'execute', '--apply', '--by', 'ops')).exitCode).toBe(0);
    // A PostgreSQL server, an emulator and several CLI runs: more than the default 10 s on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
    await server?.stop();
    dir.remove();
  });

  it('copies every table; the copy answers every read as the file did and goes on from its ids', async () => {
    const { url } = await freshDatabase(server.url);
    const copied = await run('db', 'copy', '--from', 'nhiscan.db', '--to', url, '--json');
    expect([copied.exitCode, copied.stderr]).toEqual([0, '']);
    const result = JSON.parse(copied.stdout) as {
      tables: { name: string; rows: number }[];
      audit: { size: number };
    };
    expect(result.tables.find((table) => table.name === 'credentials')).toEqual({
      name: 'credentials',
      rows: 2,
    });
    expect(result.audit.size).toBe(9);
    for (const read of [
      ['findings', '--json'],
      ['queue', 'list', '--all', '--json'],
      ['audit', 'verify'],
      ['audit', 'log', '--limit', '0', '--json'],
    ]) {
      expect(await run(...read, '--db', url), read.join(' ')).toEqual(
        await run(...read, '--db', 'nhiscan.db'),
      );
    }
    const rescan = await run('scan', '--as-of', '2026-11-27', '--fail-on', 'none', '--db', url);
    expect(rescan.exitCode).toBe(0);
    expect(rescan.stdout).toContain('nhiscan scan #2 as of 2026-11-27');
  });

  it('refuses a target that holds rows, and a source whose audit log does not verify, copying nothing', async () => {
    const { url } = await freshDatabase(server.url);
    expect((await run('db', 'copy', '--from', 'nhiscan.db', '--to', url)).exitCode).toBe(0);
    expect(await run('db', 'copy', '--from', 'nhiscan.db', '--to', url)).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'nhiscan: error: key --to: table people_snapshots already holds rows: copy into an empty database; nothing was copied\n',
    });

    const tampered = join(dir.path, 'nhiscan.db');
    const sqlite = new Database(tampered);
    sqlite.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'edited' WHERE seq = 3");
    sqlite.close();
    const empty = await freshDatabase(server.url);
    const refused = await run('db', 'copy', '--from', 'nhiscan.db', '--to', empty.url);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(
      `nhiscan: error: ${tampered}: the audit log does not verify (record 3: audit record 3: hash does not match its content (edited)); nothing was copied\n`,
    );
    // A mistyped source is refused, and no file is created for it.
    expect(await run('db', 'copy', '--from', 'nhiscan-typo.db', '--to', empty.url)).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `nhiscan: error: ${join(dir.path, 'nhiscan-typo.db')}: no such database file; nothing was copied\n`,
    });
    expect(existsSync(join(dir.path, 'nhiscan-typo.db'))).toBe(false);
    // The target was not touched: not even migrated.
    expect((await run('db', 'migrate', '--db', empty.url, '--json')).stdout).toBe(
      '{"engine":"postgres","from":0,"to":15}\n',
    );
  });
});
