/**
 * `db: postgres://…` as connection settings (src/store/postgres/target.ts): TLS with the server's
 * certificate and name verified off the loopback interface, no password in the URL, clear errors
 * that name the key and never repeat the URL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { postgresConfig } from '../../src/store/postgres/target.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('postgres:// targets', () => {
  it('connects to the loopback interface without TLS, and elsewhere only with sslmode=verify-full', () => {
    expect(postgresConfig('postgres://nhiscan@127.0.0.1:5433/nhiscan')).toMatchObject({
      host: '127.0.0.1',
      port: 5433,
      database: 'nhiscan',
      user: 'nhiscan',
      ssl: false,
    });
    expect(postgresConfig('postgresql://nhiscan@[::1]/nhiscan')).toMatchObject({
      host: '::1',
      port: 5432,
      ssl: false,
    });
    expect(postgresConfig('postgres://scan@db.acme.example/nhiscan?sslmode=verify-full')).toMatchObject({
      host: 'db.acme.example',
      ssl: { rejectUnauthorized: true, servername: 'db.acme.example' },
    });
    expect(postgresConfig('postgres://scan@localhost/nhiscan?host=/var/run/postgresql')).toMatchObject({
      host: '/var/run/postgresql',
      ssl: false,
    });
  });

  it('refuses what could leak a password or talk to a server unverified, naming the key', () => {
    const refusals: [string, string][] = [
      [
        'postgres://scan@db.acme.example/nhiscan',
        'db: sslmode=verify-full is required off the loopback interface (the server certificate and name are checked)',
      ],
      [
        'postgres://scan@db.acme.example/nhiscan?sslmode=require',
        'db: sslmode=verify-full is required off the loopback interface (the server certificate and name are checked)',
      ],
      [
        'postgres://scan:hunter2-not-a-real-one@127.0.0.1/nhiscan',
        'db: the URL holds a password: give it through the environment (PGPASSWORD) or ~/.pgpass instead',
      ],
      ['postgres://scan@127.0.0.1/nhiscan?sslmode=prefer', 'db: sslmode must be disable or verify-full'],
      [
        'postgres://scan@127.0.0.1/nhiscan?password=x',
        'db: unknown connection parameter password (expected sslmode, sslrootcert or host)',
      ],
      ['postgres://scan@127.0.0.1/', 'db: expected postgres://USER@HOST:PORT/DATABASE'],
      [
        'postgres://scan@127.0.0.1/nhiscan?host=relative',
        'db: host= names a Unix socket folder (an absolute path)',
      ],
      [
        'postgres://scan@db.acme.example/nhiscan?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem',
        'db: sslrootcert: cannot read the file (ENOENT)',
      ],
    ];
    for (const [url, message] of refusals) expect(() => postgresConfig(url), url).toThrow(message);
  });

  describe('in nhiscan.yaml', () => {
    let dir: ReturnType<typeof temporaryDirectory>;
    beforeEach(() => {
      dir = temporaryDirectory();
      writeFileSync(join(dir.path, 'hr.csv'), 'employee_id,email,name,status\nE1,a@acme.example,A,active\n');
    });
    afterEach(() => dir.remove());
    const config = (db: string) => {
      writeFileSync(
        join(dir.path, 'nhiscan.yaml'),
        `db: ${db}\nhr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    path: inventory.csv\n`,
      );
      return loadConfig(join(dir.path, 'nhiscan.yaml'));
    };

    it('keeps a URL as it is (not a path) and refuses a password in it without repeating it', async () => {
      expect((await config('postgres://scan@127.0.0.1:5432/nhiscan')).dbPath).toBe(
        'postgres://scan@127.0.0.1:5432/nhiscan',
      );
      const refused = config('postgres://scan:Sup3rS3cretValue@127.0.0.1/nhiscan');
      await expect(refused).rejects.toThrow(
        'nhiscan.yaml, line 1, key db: this value holds a URL with a password in it (not shown)',
      );
      await expect(refused).rejects.not.toThrow('Sup3rS3cretValue');
    });
  });
});
