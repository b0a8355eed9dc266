/** The current owner resolution of each credential, rewritten only when it changes. */
import type { OwnerResolution } from '../core/model.js';
import { type Db, perConnection } from './open.js';

export function saveOwnerResolutions(db: Db, runId: number, resolutions: Iterable<OwnerResolution>): number {
  return db.transaction(() => saveOwnerResolutionRange(db, runId, '', null, resolutions))();
}

/**
 * Saves the resolutions of the credentials whose uid is after `afterUid` and up to `upToUid` (to
 * the end when null), reading the stored ones of that range with one query; only rows that change
 * are written. Returns how many were. Call inside a transaction.
 */
export function saveOwnerResolutionRange(
  db: Db,
  runId: number,
  afterUid: string,
  upToUid: string | null,
  resolutions: Iterable<OwnerResolution>,
): number {
  const statements = statementsFor(db);
  // Rows as arrays (raw): a rescan reads every stored resolution.
  const rows = (
    upToUid === null ? statements.storedAfter.all(afterUid) : statements.storedInRange.all(afterUid, upToUid)
  ) as StoredResolutionTuple[];
  const stored = new Map<string, StoredResolutionTuple>();
  for (const row of rows) stored.set(row[0], row);
  let written = 0;
  for (const resolution of resolutions) {
    const evidence = JSON.stringify(resolution.evidence);
    const old = stored.get(resolution.credentialUid);
    if (
      old &&
      old[1] === resolution.ownerEmployeeId &&
      old[2] === resolution.confidence &&
      old[3] === resolution.outcome &&
      old[4] === evidence
    ) {
      continue;
    }
    statements.upsert.run(
      resolution.credentialUid,
      runId,
      resolution.ownerEmployeeId,
      resolution.confidence,
      resolution.outcome,
      evidence,
    );
    written++;
  }
  return written;
}

type StoredResolutionTuple = [
  uid: string,
  owner: string | null,
  confidence: number,
  outcome: string,
  evidence: string,
];

// Prepared once per connection: a scan saves its resolutions a page of credentials at a time.
const statementsFor = perConnection((db) => {
  const columns =
    'SELECT credential_uid, owner_employee_id, confidence, outcome, evidence FROM owner_resolutions';
  return {
    storedInRange: db.prepare(`${columns} WHERE credential_uid > ? AND credential_uid <= ?`).raw(),
    storedAfter: db.prepare(`${columns} WHERE credential_uid > ?`).raw(),
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
    .all() as (Omit<OwnerResolution, 'evidence'> & { evidence: string })[];
  return new Map(rows.map((row) => [row.credentialUid, { ...row, evidence: JSON.parse(row.evidence) }]));
}
