/** The current owner resolution of each credential, rewritten only when it changes. */
import type { OwnerResolution } from '../core/model.js';
import { type Db, perConnection } from './open.js';
import { decodeStoredText, type StoredText, storeText } from './stored-text.js';

/**
 * Saves owner resolutions, reading each credential's stored one by uid: only rows that change are
 * written. Returns how many were. Call inside a transaction.
 */
export function saveOwnerResolutions(db: Db, runId: number, resolutions: Iterable<OwnerResolution>): number {
  const statements = statementsFor(db);
  return saveChanged(
    db,
    runId,
    resolutions,
    (uid) => statements.stored.get(uid) as StoredResolution | undefined,
  );
}

/**
 * The same for the credentials whose uid is after `afterUid` and up to `upToUid` (to the end when
 * null), reading the range's stored resolutions with one query: cheaper when most of the range is
 * saved. Call inside a transaction.
 */
export function saveOwnerResolutionRange(
  db: Db,
  runId: number,
  afterUid: string,
  upToUid: string | null,
  resolutions: Iterable<OwnerResolution>,
): number {
  const statements = statementsFor(db);
  const rows = (
    upToUid === null ? statements.storedAfter.all(afterUid) : statements.storedInRange.all(afterUid, upToUid)
  ) as [uid: string, ...StoredResolution][];
  const stored = new Map<string, StoredResolution>();
  for (const [uid, ...row] of rows) stored.set(uid, row);
  return saveChanged(db, runId, resolutions, (uid) => stored.get(uid));
}

type StoredResolution = [owner: string | null, confidence: number, outcome: string, evidence: StoredText];

function saveChanged(
  db: Db,
  runId: number,
  resolutions: Iterable<OwnerResolution>,
  storedOf: (credentialUid: string) => StoredResolution | undefined,
): number {
  const { upsert } = statementsFor(db);
  let written = 0;
  for (const resolution of resolutions) {
    const evidence = JSON.stringify(resolution.evidence);
    const old = storedOf(resolution.credentialUid);
    if (
      old &&
      old[0] === resolution.ownerEmployeeId &&
      old[1] === resolution.confidence &&
      old[2] === resolution.outcome &&
      decodeStoredText(old[3], resolution.credentialUid) === evidence
    ) {
      continue;
    }
    upsert.run(
      resolution.credentialUid,
      runId,
      resolution.ownerEmployeeId,
      resolution.confidence,
      resolution.outcome,
      storeText(db, evidence, resolution.credentialUid),
    );
    written++;
  }
  return written;
}

// Prepared once per connection: a scan saves the resolutions that changed a page at a time.
const statementsFor = perConnection((db) => {
  const columns = 'owner_employee_id, confidence, outcome, evidence FROM owner_resolutions';
  return {
    stored: db.prepare(`SELECT ${columns} WHERE credential_uid = ?`).raw(),
    storedInRange: db
      .prepare(`SELECT credential_uid, ${columns} WHERE credential_uid > ? AND credential_uid <= ?`)
      .raw(),
    storedAfter: db.prepare(`SELECT credential_uid, ${columns} WHERE credential_uid > ?`).raw(),
    upsert: db.prepare(
      `INSERT INTO owner_resolutions (credential_uid, run_id, owner_employee_id, confidence, outcome, evidence)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (credential_uid) DO UPDATE SET run_id = excluded.run_id, owner_employee_id = excluded.owner_employee_id,
         confidence = excluded.confidence, outcome = excluded.outcome, evidence = excluded.evidence`,
    ),
  };
});

export function ownerResolutions(db: Db): Map<string, OwnerResolution> {
  const rows = db
    .prepare(
      'SELECT credential_uid AS credentialUid, owner_employee_id AS ownerEmployeeId, confidence, outcome, evidence FROM owner_resolutions',
    )
    .all() as (Omit<OwnerResolution, 'evidence'> & { evidence: StoredText })[];
  return new Map(
    rows.map((row) => [
      row.credentialUid,
      { ...row, evidence: JSON.parse(decodeStoredText(row.evidence, row.credentialUid)) },
    ]),
  );
}

/** Prepared once per connection: a report looks up one resolution per credential it writes. */
const resolutionOf = perConnection((db: Db) =>
  db.prepare(
    'SELECT owner_employee_id AS ownerEmployeeId, confidence, outcome, evidence FROM owner_resolutions WHERE credential_uid = ?',
  ),
);

/** The stored owner resolution of one credential, or undefined when it was never resolved. */
export function ownerResolutionOf(db: Db, credentialUid: string): OwnerResolution | undefined {
  const row = resolutionOf(db).get(credentialUid) as
    | (Omit<OwnerResolution, 'evidence' | 'credentialUid'> & { evidence: StoredText })
    | undefined;
  return row
    ? { credentialUid, ...row, evidence: JSON.parse(decodeStoredText(row.evidence, credentialUid)) }
    : undefined;
}
