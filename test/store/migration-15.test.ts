/**
 * Migration 15 on a database a version-14 nhiscan left: credential and principal data, owner
 * evidence, finding titles and evidence and HR people become compressed BLOBs (stored-text.ts);
 * every read gives back what was stored, the digests stay as they were, the SQL that reads JSON
 * inside them answers the same, and the file is rewritten with no free page left.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OwnerResolution } from '../../src/core/model.js';
import { sha256Hex } from '../../src/core/sha256.js';
import {
  allCredentials,
  freePageCount,
  listedCount,
  listFindings,
  loadPeople,
  ownerResolutions,
  possibleLeavers,
  principalsByUid,
} from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteDatabase, schemaVersion } from '../../src/store/open.js';
import { credential, owner, person } from '../support/builders.js';
import { databaseAtVersion } from '../support/database-at-version.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const key = credential('AKIAA', { principalName: 'svc-ünïcode "quoted"', ownerSignals: [owner('E1')] });
/** As migration 14 left it: without the four leading keys. */
const { uid, provider, account, kind, ...compact } = key;
const principal = { uid: 'aws:111122223333:user/svc', provider, account, kind: 'iam-user', name: 'svc' };
const resolution: OwnerResolution = {
  credentialUid: key.uid,
  ownerEmployeeId: 'E1',
  confidence: 0.9,
  outcome: 'resolved',
  evidence: [{ signal: owner('E1'), matchedEmployeeId: 'E1', matchedBy: 'email' }],
};
const evidence = { lastUsedAt: '2026-01-02', daysSinceLastUse: '⟦since 2026-01-02⟧', asOf: '⟦as-of⟧' };
const title = 'Access key AKIAA of aws/111122223333 was last used ⟦since 2026-01-02⟧ days ago';
const active = person('E1');
const leaver = person('E2', { status: 'terminated', terminationDate: '2026-10-01' });
const departed = { ...person('E3'), departedOn: '2026-11-01' };

describe('migration 15: the large JSON columns stored compressed', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let path: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    path = join(dir.path, 'nhiscan.db');
    const old = databaseAtVersion(path, 14);
    old.exec(`
      INSERT INTO scan_runs (id, started_at, as_of, status) VALUES (1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 'complete');
      INSERT INTO people_snapshots (id, imported_at, source, sha256, people_count) VALUES (1, '2026-11-01T00:00:00.000Z', 'csv', 'x', 3);
    `);
    old
      .prepare(
        `INSERT INTO credentials (uid, source, provider, account, kind, data, data_sha256, state, first_seen_run)
         VALUES (?, 'aws', ?, ?, ?, ?, ?, 'present', 1)`,
      )
      .run(uid, provider, account, kind, JSON.stringify(compact), sha256Hex(JSON.stringify(key)));
    old
      .prepare(
        `INSERT INTO principals (uid, source, provider, account, kind, name, data, data_sha256, first_seen_run)
         VALUES (?, 'aws', ?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(
        principal.uid,
        provider,
        account,
        principal.kind,
        principal.name,
        JSON.stringify(principal),
        'p-sha',
      );
    old
      .prepare(
        `INSERT INTO owner_resolutions (credential_uid, run_id, owner_employee_id, confidence, outcome, evidence)
         VALUES (?, 1, 'E1', 0.9, 'resolved', ?)`,
      )
      .run(uid, JSON.stringify(resolution.evidence));
    old
      .prepare(
        `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
         VALUES ('nhi-1', 'stale', ?, 'medium', ?, ?, 'open', NULL, 1, 1)`,
      )
      .run(uid, title, JSON.stringify(evidence));
    const insertPerson = old.prepare('INSERT INTO people (snapshot_id, employee_id, data) VALUES (1, ?, ?)');
    for (const entry of [active, leaver, departed]) insertPerson.run(entry.employeeId, JSON.stringify(entry));
    old.close();
  });
  afterEach(() => dir.remove());

  it('stores each value as a BLOB and reads back exactly what was stored', () => {
    const db = openSqliteDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(
        db
          .prepare(
            `SELECT (SELECT typeof(data) FROM credentials) AS credential, (SELECT typeof(data) FROM principals) AS principal,
                    (SELECT typeof(evidence) FROM owner_resolutions) AS resolution,
                    (SELECT typeof(title) || ' ' || typeof(evidence) FROM findings) AS finding,
                    (SELECT group_concat(DISTINCT typeof(data)) FROM people) AS people,
                    (SELECT data_sha256 FROM credentials) AS sha`,
          )
          .get(),
      ).toEqual({
        credential: 'blob',
        principal: 'blob',
        resolution: 'blob',
        finding: 'blob blob',
        people: 'blob',
        sha: sha256Hex(JSON.stringify(key)),
      });
      const [stored] = [...allCredentials(db)];
      expect(JSON.stringify(stored!.credential)).toBe(JSON.stringify(key));
      expect(principalsByUid(db)).toEqual(new Map([[principal.uid, principal]]));
      expect(ownerResolutions(db)).toEqual(new Map([[uid, resolution]]));
      expect(listFindings(db).map((finding) => [finding.title, finding.evidence])).toEqual([
        [title, evidence],
      ]);
      expect(loadPeople(db, 1)).toEqual([active, leaver, departed]);
      expect(possibleLeavers(db, 1)).toEqual([leaver]);
      expect(listedCount(db, 1)).toBe(2);
      expect(freePageCount(db)).toBe(0);
    } finally {
      db.close();
    }
  });
});
