/**
 * What a merge keeps of each sighting: the last run that saw a credential (lastSeenAt), an
 * observation per version of its data, and observations older than the retention pruned at a
 * fixed clock, each credential's newest always kept.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../src/core/model.js';
import {
  allCredentials,
  beginRun,
  type Db,
  mergeRun,
  openDatabase,
  stagePage,
} from '../../src/store/index.js';
import { credential as build } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const credential = (id: string, overrides: Partial<Credential> = {}) =>
  build(id, { uid: `x:acct:key:${id}`, provider: 'x', account: 'acct', kind: 'key', ...overrides });

describe('observations and their retention', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const scan = (startedAt: string, credentials: Credential[], retentionDays: number) => {
    const run = beginRun(db, { startedAt, asOf: startedAt, hrSnapshotId: null, onlySources: null });
    stagePage(db, run, 's', { credentials, principals: [] });
    mergeRun(db, run, [{ name: 's', status: 'complete' }], { days: retentionDays, now: new Date(startedAt) });
    return run;
  };
  const observations = () =>
    db
      .prepare('SELECT credential_uid AS uid, run_id AS run FROM credential_observations ORDER BY uid, run')
      .all();
  const lastSeen = () =>
    Object.fromEntries(
      [...allCredentials(db)].map((stored) => [stored.credential.externalId, stored.lastSeenAt]),
    );

  it('prunes observations of runs older than the retention, keeping each credential its newest', () => {
    // a changes every run; b never does; c is seen once, then gone.
    scan(
      '2026-01-01T00:00:00.000Z',
      [credential('a', { status: 'active' }), credential('b'), credential('c')],
      60,
    );
    scan('2026-02-01T00:00:00.000Z', [credential('a', { status: 'inactive' }), credential('b')], 60);
    scan('2026-03-01T00:00:00.000Z', [credential('a', { status: 'active' }), credential('b')], 60);
    expect(observations()).toEqual([
      { uid: 'x:acct:key:a', run: 1 },
      { uid: 'x:acct:key:a', run: 2 },
      { uid: 'x:acct:key:a', run: 3 },
      { uid: 'x:acct:key:b', run: 1 },
      { uid: 'x:acct:key:c', run: 1 },
    ]);
    // 60 days before 2026-04-15 is 2026-02-14: runs 1 and 2 are older. a keeps 3 and 4; b and c
    // keep their only (newest) observation, although run 1 is older.
    scan('2026-04-15T00:00:00.000Z', [credential('a', { status: 'inactive' }), credential('b')], 60);
    expect(observations()).toEqual([
      { uid: 'x:acct:key:a', run: 3 },
      { uid: 'x:acct:key:a', run: 4 },
      { uid: 'x:acct:key:b', run: 1 },
      { uid: 'x:acct:key:c', run: 1 },
    ]);
    expect(lastSeen()).toEqual({
      a: '2026-04-15T00:00:00.000Z',
      b: '2026-04-15T00:00:00.000Z',
      c: '2026-01-01T00:00:00.000Z',
    });
  });

  it('keeps an observation of a run exactly at the retention boundary', () => {
    scan('2026-01-01T00:00:00.000Z', [credential('a', { status: 'active' })], 30);
    scan('2026-01-31T00:00:00.000Z', [credential('a', { status: 'inactive' })], 30);
    // The cutoff is 2026-01-01T00:00:00.000Z itself: run 1 did not start before it.
    expect(observations()).toEqual([
      { uid: 'x:acct:key:a', run: 1 },
      { uid: 'x:acct:key:a', run: 2 },
    ]);
    scan('2026-01-31T00:00:00.001Z', [credential('a', { status: 'inactive' })], 30);
    expect(observations()).toEqual([{ uid: 'x:acct:key:a', run: 2 }]);
  });

  it('records a credential that comes back unchanged after it was gone as seen, with no new observation', () => {
    scan('2026-01-01T00:00:00.000Z', [credential('a')], 90);
    scan('2026-01-02T00:00:00.000Z', [], 90);
    expect(lastSeen()).toEqual({ a: '2026-01-01T00:00:00.000Z' });
    scan('2026-01-03T00:00:00.000Z', [credential('a')], 90);
    expect(lastSeen()).toEqual({ a: '2026-01-03T00:00:00.000Z' });
    expect(observations()).toEqual([{ uid: 'x:acct:key:a', run: 1 }]);
  });
});
