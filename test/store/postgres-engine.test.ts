/**
 * The PostgreSQL store on a real server (src/store/postgres/): the schema changes only through
 * `db migrate`, which two processes can run at once; writes batched inside a transaction mean
 * what they mean one by one.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/store/migrate-store.js';
import { openDatabase } from '../../src/store/open.js';
import { storeText } from '../../src/store/stored-text.js';
import { freshDatabase } from '../support/postgres-databases.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';

const BIN = fileURLToPath(new URL('../../bin/nhiscan.js', import.meta.url));
const run = promisify(execFile);

describe('the PostgreSQL store', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('refuses a database whose schema is behind, naming db migrate; opens it once migrated', async () => {
    const { url } = await freshDatabase(server.url);
    expect(() => openDatabase(url)).toThrow(
      "db: the database's schema is at version 0, this nhiscan needs 15: run `nhiscan db migrate` with a role that may change the schema (docs/ci.md)",
    );
    expect(migrateStore(url)).toEqual({ engine: 'postgres', from: 0, to: 15 });
    expect(migrateStore(url)).toEqual({ engine: 'postgres', from: 15, to: 15 });
    const db = openDatabase(url);
    expect(db.prepare('SELECT version FROM nhiscan_schema').pluck().get()).toBe(15);
    db.close();
  });

  it('lets two processes migrate at once: one migrates, the other waits and finds it done', async () => {
    const { url } = await freshDatabase(server.url);
    const migrate = () => run(process.execPath, [BIN, 'db', 'migrate', '--db', url, '--json']);
    const outputs = (await Promise.all([migrate(), migrate()])).map((result) => JSON.parse(result.stdout));
    expect(outputs.map((output) => output.from).sort()).toEqual([0, 15]);
    expect(outputs.every((output) => output.to === 15)).toBe(true);
  });

  it('names the server it cannot reach, and no password', () => {
    expect(() => openDatabase('postgres://scan@127.0.0.1:1/nhiscan')).toThrow(
      'cannot connect to PostgreSQL scan@127.0.0.1:1/nhiscan: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('iterates a page at a time from a cursor, closed when the loop is left', async () => {
    const { url } = await freshDatabase(server.url);
    migrateStore(url);
    const db = openDatabase(url);
    try {
      const insert = db.prepare('INSERT INTO audit_checkpoints (size, head_hash, taken_at) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let size = 1; size <= 2500; size += 1) insert.run(size, `h${size}`, 't');
      })();
      const sizes = db.prepare('SELECT size FROM audit_checkpoints WHERE size > ? ORDER BY size').pluck();
      let seen = 0;
      for (const size of sizes.iterate(10)) {
        seen += 1;
        expect(size).toBe(10 + seen);
      }
      expect(seen).toBe(2490);
      for (const size of sizes.iterate(0)) if (size === 1500) break;
      expect(
        db.prepare("SELECT count(*) FROM pg_cursors WHERE name LIKE 'nhiscan_cursor_%'").pluck().get(),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('stores the columns SQLite deflates as their text (PostgreSQL compresses large values itself)', async () => {
    const { url } = await freshDatabase(server.url);
    migrateStore(url);
    const db = openDatabase(url);
    try {
      const text = JSON.stringify({ employeeId: 'E1', email: 'ann@acme.example' });
      expect(storeText(db, text, 'E1')).toBe(text);
    } finally {
      db.close();
    }
  });

  describe('writes inside a transaction', () => {
    let url: string;
    beforeAll(async () => {
      url = (await freshDatabase(server.url)).url;
      migrateStore(url);
    });

    it('apply in order, a repeated key included, and a read in between sees them', () => {
      const db = openDatabase(url);
      try {
        const upsert = db.prepare(
          'INSERT INTO credential_evaluations (credential_uid, digest) VALUES (?, ?) ON CONFLICT (credential_uid) DO UPDATE SET digest = excluded.digest',
        );
        const seen = db.transaction(() => {
          for (const [uid, digest] of [
            ['a', '1'],
            ['b', '1'],
            ['a', '2'],
            ['c', '3'],
            ['a', '4'],
          ])
            upsert.run(uid, digest);
          const middle = db
            .prepare('SELECT digest FROM credential_evaluations WHERE credential_uid = ?')
            .pluck()
            .get('a');
          upsert.run('b', '5');
          return middle;
        })();
        expect(seen).toBe('4');
        expect(
          db.prepare('SELECT credential_uid, digest FROM credential_evaluations ORDER BY 1').raw().all(),
        ).toEqual([
          ['a', '4'],
          ['b', '5'],
          ['c', '3'],
        ]);
      } finally {
        db.close();
      }
    });

    it('commit all or none: a write that fails when the batch is sent rolls back those queued before it', () => {
      const db = openDatabase(url);
      try {
        const insert = db.prepare(
          'INSERT INTO audit_checkpoints (size, head_hash, taken_at) VALUES (?, ?, ?)',
        );
        expect(() =>
          db.transaction(() => {
            insert.run(1, 'h1', 't');
            insert.run(2, 'h2', 't');
            insert.run(1, 'h1', 't');
          })(),
        ).toThrow('duplicate key value violates unique constraint "audit_checkpoints_pkey"');
        expect(db.prepare('SELECT count(*) FROM audit_checkpoints').pluck().get()).toBe(0);
        const result = db.transaction(() => insert.run(3, 'h3', 't'))();
        expect(result.changes).toBe(1);
        expect(db.prepare('SELECT count(*) FROM audit_checkpoints').pluck().get()).toBe(1);
      } finally {
        db.close();
      }
    });
  });
});
