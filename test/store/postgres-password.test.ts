/**
 * How nhiscan gives PostgreSQL its password (docs/config.md `dbPassword`), against a server that
 * asks for one: from the config's env:NAME reference, read when connecting; never in the URL,
 * never in a message.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const PASSWORD = 'correct-horse-battery-staple-0c9f';

describe('the PostgreSQL password', () => {
  let server: PostgresServer;
  const dir = temporaryDirectory();
  beforeAll(async () => {
    server = await startPostgres({ password: PASSWORD });
    writeFileSync(join(dir.path, 'hr.csv'), 'employee_id,email,name,status\nE1,a@acme.example,A,active\n');
  });
  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });
  const configure = (extra: string) =>
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      `db: ${server.url}\n${extra}hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    path: inventory.csv\n`,
    );
  const migrate = (env: NodeJS.ProcessEnv) => {
    Object.assign(process.env, env);
    return cli(['db', 'migrate'], { cwd: dir.path });
  };

  it('is read from dbPassword: env:NAME when connecting', async () => {
    configure('dbPassword: env:TEST_NHISCAN_DB_PASSWORD\n');
    expect(await migrate({ TEST_NHISCAN_DB_PASSWORD: PASSWORD })).toEqual({
      exitCode: 0,
      stdout: 'postgres schema migrated from version 0 to 15\n',
      stderr: '',
    });
  });

  it('a wrong or missing one is refused without being shown', async () => {
    configure('dbPassword: env:TEST_NHISCAN_DB_PASSWORD\n');
    const wrong = await migrate({ TEST_NHISCAN_DB_PASSWORD: 'not-the-password-7d1e' });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('password authentication failed for user "nhiscan"');
    expect(wrong.stderr).not.toContain('not-the-password-7d1e');
    delete process.env.TEST_NHISCAN_DB_PASSWORD;
    expect(await migrate({})).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'nhiscan: error: key dbPassword: environment variable TEST_NHISCAN_DB_PASSWORD is not set\n',
    });
  });

  it('applies to a postgres:// db only', async () => {
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'db: nhiscan.db\ndbPassword: env:TEST_NHISCAN_DB_PASSWORD\nhr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    path: inventory.csv\n',
    );
    const refused = await cli(['db', 'migrate'], { cwd: dir.path });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(
      'nhiscan: error: key dbPassword: dbPassword applies to a postgres:// db only\n',
    );
  });
});
