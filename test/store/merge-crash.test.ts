/**
 * A merge killed midway (SIGKILL in a child process) leaves the inventory as it was before the
 * merge or as the merge left it, never in between: the merge, the deletion of the staging and the
 * return of the freed pages (incremental vacuum) are one transaction. The kill points are spread
 * from the moment the child has the database open to past the end of its merge.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../src/core/model.js';
import { beginRun, finishRun, mergeRun, openDatabase, stagePage } from '../../src/store/index.js';
import { registerStoredTextFunctions } from '../../src/store/stored-text.js';
import { credential as build } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./support/merge-child.ts', import.meta.url));
const COUNT = 4000;
const keys = (status: Credential['status']) =>
  Array.from({ length: COUNT }, (_, n) =>
    build(`K${String(n).padStart(5, '0')}`, { status, principalName: `svc-${'x'.repeat(200)}-${n}` }),
  );

/** Runs the child and SIGKILLs it `delayMs` after it printed `merging` (null: never; nor when it is done first). */
function mergeInChild(path: string, delayMs: number | null): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, CHILD, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (delayMs !== null && output.includes('merging\n') && !killed && !output.includes('merged'))
        setTimeout(() => {
          killed = child.kill('SIGKILL') && !output.includes('merged');
        }, delayMs);
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ killed }));
  });
}

describe('a merge killed midway', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let path: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    path = join(dir.path, 'nhiscan.db');
    const db = openDatabase(path);
    const first = beginRun(db, {
      startedAt: '2026-11-01T00:00:00.000Z',
      asOf: '2026-11-01T00:00:00.000Z',
      hrSnapshotId: null,
      onlySources: null,
    });
    stagePage(db, first, 's', { credentials: keys('active'), principals: [] });
    mergeRun(db, first, [{ name: 's', status: 'complete' }]);
    finishRun(db, first, 'complete', '2026-11-01T00:01:00.000Z');
    const second = beginRun(db, {
      startedAt: '2026-11-02T00:00:00.000Z',
      asOf: '2026-11-02T00:00:00.000Z',
      hrSnapshotId: null,
      onlySources: null,
    });
    stagePage(db, second, 's', { credentials: keys('inactive'), principals: [] });
    db.close();
  });
  afterEach(() => dir.remove());

  for (const delayMs of [0, 5, 20, 60, 150, 400, null]) {
    it(`is all or nothing (${delayMs === null ? 'not killed' : `kill ${delayMs} ms after the database is open`})`, async () => {
      await mergeInChild(path, delayMs);
      const db = new Database(path);
      registerStoredTextFunctions(db);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const count = (sql: string) => db.prepare(sql).pluck().get() as number;
        const inactive = count(
          `SELECT count(*) FROM credentials WHERE json_extract(stored_text(data, uid), '$.status') = 'inactive'`,
        );
        const staged = count('SELECT count(*) FROM scan_staging');
        const seenInTwo = count('SELECT count(*) FROM credential_last_seen WHERE run_id = 2');
        const status = db.prepare('SELECT status FROM scan_runs WHERE id = 2').pluck().get();
        if (delayMs === null) expect(inactive).toBe(COUNT);
        // Before: nothing of run 2 merged, its staging whole. After: all merged, no staging, no free page.
        expect(
          inactive === 0
            ? { inactive, staged, seenInTwo, status }
            : { inactive, staged, seenInTwo, status, free: db.pragma('freelist_count', { simple: true }) },
        ).toEqual(
          inactive === 0
            ? { inactive: 0, staged: COUNT, seenInTwo: 0, status: 'running' }
            : { inactive: COUNT, staged: 0, seenInTwo: COUNT, status: 'complete', free: 0 },
        );
      } finally {
        db.close();
      }
    });
  }
});
