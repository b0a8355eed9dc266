import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential, Person } from '../../src/core/model.js';
import {
  allCredentials,
  beginRun,
  type Db,
  findingHistory,
  latestPeopleSnapshot,
  listFindings,
  liveCredentialPages,
  liveCredentials,
  loadPeople,
  mergeRun,
  openDatabase,
  recordPeopleSnapshot,
  stagePage,
  syncFindings,
} from '../../src/store/index.js';
import { credential as build } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const credential = (id: string, overrides: Partial<Credential> = {}) =>
  build(id, { uid: `x:acct:key:${id}`, provider: 'x', account: 'acct', kind: 'key', ...overrides });

const person: Person = {
  employeeId: 'E1',
  email: 'a@x.example',
  name: 'A',
  status: 'active',
  workerType: 'employee',
  hireDate: null,
  terminationDate: null,
  contractEndDate: null,
  department: null,
  managerEmail: null,
  previousDepartment: null,
  transferDate: null,
  aliases: [],
};

describe('store', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  let run = 0;
  const scan = (source: string, status: 'complete' | 'partial' | 'failed', credentials: Credential[]) => {
    run = beginRun(db, {
      startedAt: `2026-11-${String(10 + run).padStart(2, '0')}T00:00:00.000Z`,
      asOf: '2026-11-26T00:00:00.000Z',
      hrSnapshotId: null,
      onlySources: null,
    });
    stagePage(db, run, source, { credentials, principals: [] });
    return mergeRun(db, run, [{ name: source, status }]);
  };
  const states = () =>
    Object.fromEntries([...allCredentials(db)].map((c) => [c.credential.externalId, c.state]));

  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
    run = 0;
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('inserts new credentials, leaves unchanged ones alone and records an observation per version of the data', () => {
    expect(scan('s', 'complete', [credential('a'), credential('b')])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      gone: 0,
      unverified: 0,
    });
    expect(scan('s', 'complete', [credential('a'), credential('b', { status: 'inactive' })])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 1,
      gone: 0,
      unverified: 0,
    });
    const observations = db
      .prepare('SELECT credential_uid AS uid, run_id AS run FROM credential_observations ORDER BY uid, run')
      .all();
    // a is unchanged in run 2: no observation; b's status changed: a second version.
    expect(observations).toEqual([
      { uid: 'x:acct:key:a', run: 1 },
      { uid: 'x:acct:key:b', run: 1 },
      { uid: 'x:acct:key:b', run: 2 },
    ]);
    expect(
      db.prepare('SELECT credential_uid AS uid, run_id AS run FROM credential_last_seen ORDER BY uid').all(),
    ).toEqual([
      { uid: 'x:acct:key:a', run: 2 },
      { uid: 'x:acct:key:b', run: 2 },
    ]);
    const a = [...liveCredentials(db)].find((c) => c.credential.externalId === 'a')!;
    expect(a.firstSeenAt).toBe('2026-11-10T00:00:00.000Z');
    expect(a.lastSeenAt).toBe('2026-11-11T00:00:00.000Z');
  });

  it('marks a credential missing from a complete run gone', () => {
    scan('s', 'complete', [credential('a'), credential('b')]);
    expect(scan('s', 'complete', [credential('a')]).gone).toBe(1);
    expect(states()).toEqual({ a: 'present', b: 'gone' });
  });

  it('keeps a credential missing from a partial or failed run, marked unverified, and never gone', () => {
    scan('s', 'complete', [credential('a'), credential('b')]);
    expect(scan('s', 'partial', [credential('a')]).unverified).toBe(1);
    expect(states()).toEqual({ a: 'present', b: 'unverified' });
    expect(scan('s', 'failed', []).unverified).toBe(1);
    expect(states()).toEqual({ a: 'unverified', b: 'unverified' });
    scan('s', 'complete', [credential('a'), credential('b')]);
    expect(states()).toEqual({ a: 'present', b: 'present' });
  });

  it('walks the live credentials a page at a time, in uid order, with the stored data digest', () => {
    const ids = ['e', 'a', 'd', 'c', 'b', 'f', 'g'];
    scan(
      's',
      'complete',
      ids.map((id) => credential(id)),
    );
    scan(
      's',
      'complete',
      ids.filter((id) => id !== 'd').map((id) => credential(id)),
    );
    const pages = [...liveCredentialPages(db, 3)];
    expect(pages.map((page) => page.map((item) => item.credential.externalId))).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f', 'g'],
    ]);
    const stored = db.prepare("SELECT data_sha256 FROM credentials WHERE uid = 'x:acct:key:a'").pluck().get();
    expect(pages[0]![0]!.dataSha256).toBe(stored);
    expect(pages[0]![0]!.credential).toEqual(credential('a'));
    // A page exactly full is followed by a query that finds nothing: no empty page is yielded.
    expect([...liveCredentialPages(db, 2)].map((page) => page.length)).toEqual([2, 2, 2]);
    expect([...liveCredentialPages(db)].map((page) => page.length)).toEqual([6]);
  });

  it('only marks gone the credentials of the source that was scanned', () => {
    scan('one', 'complete', [credential('a')]);
    scan('two', 'complete', [credential('b')]);
    expect(states()).toEqual({ a: 'present', b: 'present' });
  });

  it('stores a people snapshot once per distinct content', () => {
    const first = recordPeopleSnapshot(
      db,
      { source: 'hr.csv', sha256: 'abc', fileModifiedAt: null, people: [person] },
      '2026-11-26T00:00:00Z',
    );
    const again = recordPeopleSnapshot(
      db,
      { source: 'hr.csv', sha256: 'abc', fileModifiedAt: null, people: [person] },
      '2026-11-27T00:00:00Z',
    );
    expect(again).toBe(first);
    expect(loadPeople(db, first)).toEqual([person]);
    const changed = recordPeopleSnapshot(
      db,
      { source: 'hr.csv', sha256: 'def', fileModifiedAt: null, people: [] },
      '2026-11-28T00:00:00Z',
    );
    expect(changed).toBe(first + 1);
    expect(latestPeopleSnapshot(db)?.peopleCount).toBe(0);
  });

  it('resolves a finding that clears, keeps it, and raises it again with history', () => {
    scan('s', 'complete', [credential('a')]);
    const finding = {
      uid: 'nhi-1',
      rule: 'stale' as const,
      severity: 'medium' as const,
      credentialUid: 'x:acct:key:a',
      title: 't',
      evidence: { days: 91 },
      status: 'open' as const,
      suppression: null,
    };
    expect(syncFindings(db, run, [finding])).toEqual({ raised: 1, changed: 0, resolved: 0 });
    scan('s', 'complete', [credential('a')]);
    expect(syncFindings(db, run, [])).toEqual({ raised: 0, changed: 0, resolved: 1 });
    expect(listFindings(db)).toEqual([]);
    expect(listFindings(db, { includeResolved: true }).map((f) => f.status)).toEqual(['resolved']);
    scan('s', 'complete', [credential('a')]);
    expect(syncFindings(db, run, [finding])).toEqual({ raised: 0, changed: 1, resolved: 0 });
    expect(findingHistory(db, 'nhi-1')).toEqual([
      { runId: 1, fromStatus: null, toStatus: 'open', reason: 'raised' },
      { runId: 2, fromStatus: 'open', toStatus: 'resolved', reason: 'condition no longer holds' },
      { runId: 3, fromStatus: 'resolved', toStatus: 'open', reason: 'raised again' },
    ]);
  });
});
