/**
 * The PostgreSQL the store tests will run against (issue 27) is real and started by the tests
 * themselves: a fresh clone's `npm ci && npm test` gets a server on 127.0.0.1 (as nobody when the
 * tests run as root), reached through node-postgres, and nothing of it is left behind.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../support/postgres-server.js';

describe('the test PostgreSQL server', () => {
  it('starts on loopback, keeps what is written through node-postgres, and stops', async () => {
    const server = await startPostgres();
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    const client = new pg.Client({ connectionString: server.url });
    try {
      await client.connect();
      const version = await client.query<{ server_version: string }>('SHOW server_version');
      expect(version.rows[0]!.server_version).toMatch(/^\d+\.\d+/);
      await client.query('CREATE TABLE probe (id integer PRIMARY KEY, note text NOT NULL)');
      await client.query('INSERT INTO probe VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
      const rows = await client.query<{ id: number; note: string }>('SELECT id, note FROM probe ORDER BY id');
      expect(rows.rows).toEqual([
        { id: 1, note: 'one' },
        { id: 2, note: 'two' },
      ]);
    } finally {
      await client.end();
      await server.stop();
    }
    // Stopped: a new connection is refused.
    const late = new pg.Client({ connectionString: server.url });
    await expect(late.connect()).rejects.toThrow(/ECONNREFUSED/);
    if (server.folder) expect(existsSync(server.folder)).toBe(false);
  }, 60_000);
});
