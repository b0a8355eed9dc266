/**
 * Migration 14 on a database a version-13 nhiscan left: each credential's last sighting moves to
 * credential_last_seen, observations that repeat the previous version's data are dropped, the
 * stored credential JSON loses the four keys its columns hold (and reads back byte for byte), and
 * the file is rewritten once into 8 KiB pages and auto_vacuum = INCREMENTAL with no free page left.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../src/core/model.js';
import { sha256Hex } from '../../src/core/sha256.js';
import { allCredentials, beginRun, mergeRun, stagePage } from '../../src/store/index.js';
import { openSqliteDatabase, schemaVersion } from '../../src/store/open.js';
import { credential } from '../support/builders.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const keyA = credential('AKIAA', { principalName: 'svc-ünïcode "quoted"' });
const keyB = credential('AKIAB');
/** Key order a scanner does not produce: stored whole, as it was. */
const { provider, uid, ...restOfC } = credential('AKIAC');
const reordered = JSON.stringify({ provider, uid, ...restOfC });
const runs = ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'];

describe('migration 14: a small inventory', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let path: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    path = join(dir.path, 'nhiscan.db');
    const old = databaseAtVersion(path, 13);
    const run = old.prepare(
      "INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (?, ?, ?, 'complete')",
    );
    for (const [index, startedAt] of runs.entries()) run.run(index + 1, startedAt, startedAt);
    const insert = old.prepare(
      `INSERT INTO credentials (uid, source, provider, account, kind, data, data_sha256, state, first_seen_run)
       VALUES (?, 'aws', 'aws', '111122223333', 'access-key', ?, ?, 'present', 1)`,
    );
    const changedA = JSON.stringify({ ...keyA, status: 'inactive' });
    insert.run(keyA.uid, changedA, sha256Hex(changedA));
    insert.run(keyB.uid, JSON.stringify(keyB), sha256Hex(JSON.stringify(keyB)));
    insert.run('aws:111122223333:access-key:AKIAC', reordered, sha256Hex(reordered));
    const observe = old.prepare('INSERT INTO credential_observations VALUES (?, ?, ?)');
    // A: the same data in runs 1 and 2, changed in 3. B: runs 1 to 3, never changed. C: run 2 only.
    observe.run(keyA.uid, 1, sha256Hex(JSON.stringify(keyA)));
    observe.run(keyA.uid, 2, sha256Hex(JSON.stringify(keyA)));
    observe.run(keyA.uid, 3, sha256Hex(changedA));
    for (const id of [1, 2, 3]) observe.run(keyB.uid, id, sha256Hex(JSON.stringify(keyB)));
    observe.run('aws:111122223333:access-key:AKIAC', 2, sha256Hex(reordered));
    old.close();
  });
  afterEach(() => dir.remove());

  it('keeps first and last seen, one observation per version, and the same credentials', () => {
    const db = openSqliteDatabase(path);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(14);
      expect(
        db
          .prepare(
            'SELECT credential_uid AS uid, run_id AS run FROM credential_observations ORDER BY uid, run',
          )
          .all(),
      ).toEqual([
        { uid: keyA.uid, run: 1 },
        { uid: keyA.uid, run: 3 },
        { uid: keyB.uid, run: 1 },
        { uid: 'aws:111122223333:access-key:AKIAC', run: 2 },
      ]);
      expect(
        [...allCredentials(db)].map(({ credential: c, firstSeenAt, lastSeenAt }) => [
          c.uid,
          firstSeenAt,
          lastSeenAt,
        ]),
      ).toEqual([
        [keyA.uid, runs[0], runs[2]],
        [keyB.uid, runs[0], runs[2]],
        ['aws:111122223333:access-key:AKIAC', runs[0], runs[1]],
      ]);
      const stored = db
        .prepare(
          'SELECT uid, stored_text(data, uid) AS data, data_sha256 AS sha FROM credentials ORDER BY uid',
        )
        .all() as {
        uid: string;
        data: string;
        sha: string;
      }[];
      expect(stored.map((row) => row.data.slice(0, 14))).toEqual([
        '{"externalId":',
        '{"externalId":',
        '{"provider":"a',
      ]);
      expect(stored[2]!.data).toBe(reordered);
      // Read back, each is the JSON it was, key order included: the sha256 of what was staged.
      for (const { credential: read } of allCredentials(db)) {
        const row = stored.find((entry) => entry.uid === read.uid)!;
        expect(sha256Hex(JSON.stringify(read))).toBe(row.sha);
      }
      expect([...allCredentials(db)][0]!.credential).toEqual({ ...keyA, status: 'inactive' });
      // Rewritten once into 8 KiB pages and incremental auto_vacuum, back in WAL mode.
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(db.pragma('page_size', { simple: true })).toBe(8192);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('migrates while another connection is reading the file, and rewrites it at the next open alone', () => {
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN');
    other.prepare('SELECT count(*) FROM credentials').get(); // holds its read until COMMIT
    const db = openSqliteDatabase(path); // waits out busy_timeout (5 s) for the rewrite, then goes on without it
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(14);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    other.exec('COMMIT');
    other.close();
    const alone = openSqliteDatabase(path);
    try {
      expect(alone.pragma('page_size', { simple: true })).toBe(8192);
      expect(alone.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(alone.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      alone.close();
    }
  });

  it('leaves the migrated rows unchanged on a rescan of the same data', () => {
    const db = openSqliteDatabase(path);
    try {
      const run = beginRun(db, {
        startedAt: '2026-11-04T00:00:00.000Z',
        asOf: '2026-11-04T00:00:00.000Z',
        hrSnapshotId: null,
        onlySources: null,
      });
      const same = [{ ...keyA, status: 'inactive' }, keyB] as Credential[];
      stagePage(db, run, 'aws', { credentials: same, principals: [] });
      // C is not staged: it goes, which the summary counts; A and B are unchanged.
      expect(mergeRun(db, run, [{ name: 'aws', status: 'complete' }])).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 2,
        gone: 1,
        unverified: 0,
      });
      expect(db.prepare('SELECT count(*) FROM credential_observations').pluck().get()).toBe(4);
    } finally {
      db.close();
    }
  });
});
