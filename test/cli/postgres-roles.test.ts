/**
 * docs/ci.md's least-privilege set-up, on a real server: an owner role migrates; an app role that
 * may only read and write rows scans, decides and executes; it cannot change the schema nor change
 * an audit record.
 */
import { appendFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import {
  CALLER_ENV,
  estateOf,
  providerWrites,
  writeConfig,
  writeHr,
} from '../queue/support/aws-queue-fixture.js';
import { cli } from '../support/cli.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const AS_OF = '2026-11-26T12:00:00Z';

async function asAdmin(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('the least-privilege roles of docs/ci.md', () => {
  let server: PostgresServer;
  const dir = temporaryDirectory();
  let emulator: Awaited<ReturnType<typeof startAwsEmulator>>;
  const urlAs = (role: string) =>
    server.url.replace(/\/\/[^@]+@/, `//${role}@`).replace(/\/[^/]*$/, '/nhiscan');
  const run = (...argv: string[]) => cli(argv, { cwd: dir.path, now: AS_OF });

  beforeAll(async () => {
    Object.assign(process.env, CALLER_ENV);
    server = await startPostgres();
    await asAdmin(server.url, [
      'CREATE ROLE nhiscan_owner LOGIN',
      'CREATE ROLE nhiscan_app LOGIN',
      'CREATE DATABASE nhiscan OWNER nhiscan_owner',
    ]);
    await asAdmin(server.url.replace(/\/[^/]*$/, '/nhiscan'), [
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      'GRANT USAGE ON SCHEMA public TO nhiscan_app',
      'ALTER DEFAULT PRIVILEGES FOR ROLE nhiscan_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO nhiscan_app',
      'ALTER DEFAULT PRIVILEGES FOR ROLE nhiscan_owner IN SCHEMA public GRANT USAGE ON SEQUENCES TO nhiscan_app',
    ]);
    emulator = await startAwsEmulator({
      estate: estateOf([{ user: 'svc-billing', key: 'AKIAROLESLEAVER00001', owner: 'bob@acme.example' }]),
    });
    writeHr(
      dir.path,
      [
        { id: 'E2', email: 'bob@acme.example', status: 'terminated', terminationDate: '2026-10-01' },
        { id: 'E3', email: 'carol@acme.example', status: 'active' },
      ],
      '2026-11-26T06:00:00Z',
    );
    writeConfig(
      dir.path,
      emulator.endpoint,
      '{ leaver: approve, deleteAfterDays: 0 }',
      '{ actors: [{ id: ops, roles: [execute] }] }',
    );
    // A PostgreSQL server, an emulator and several CLI runs: more than the default 10 s on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
    await server?.stop();
    dir.remove();
  });

  it('the owner migrates; the app role scans, decides and executes, and changes neither schema nor audit log', async () => {
    expect(await run('db', 'migrate', '--db', urlAs('nhiscan_owner'))).toEqual({
      exitCode: 0,
      stdout: 'postgres schema migrated from version 0 to 15\n',
      stderr: '',
    });
    await asAdmin(server.url.replace(/\/[^/]*$/, '/nhiscan'), [
      'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM nhiscan_app',
    ]);

    appendFileSync(`${dir.path}/nhiscan.yaml`, `db: ${urlAs('nhiscan_app')}\n`);
    for (const argv of [
      ['scan', '--as-of', '2026-11-26', '--fail-on', 'none'],
      ['queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'bob left'],
      ['queue', 'execute', '--apply', '--by', 'ops'],
      ['audit', 'verify'],
    ]) {
      const result = await run(...argv);
      expect([argv.join(' '), result.exitCode, result.stderr]).toEqual([argv.join(' '), 0, '']);
    }
    expect(providerWrites(emulator)).toEqual([
      ['UpdateAccessKey', 'AKIAROLESLEAVER00001', 'Inactive'],
      ['DeleteAccessKey', 'AKIAROLESLEAVER00001', undefined],
    ]);

    const app = new pg.Client({ connectionString: urlAs('nhiscan_app') });
    await app.connect();
    try {
      await expect(app.query("UPDATE audit_log SET reason = 'edited' WHERE seq = 1")).rejects.toMatchObject({
        code: '42501',
        message: 'permission denied for table audit_log',
      });
      await expect(app.query('CREATE TABLE smuggled (a int)')).rejects.toMatchObject({ code: '42501' });
      await expect(app.query('DROP TABLE findings')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.end();
    }
  });
});
