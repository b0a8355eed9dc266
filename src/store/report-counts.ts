/**
 * Counters the scan summary reads (src/report/summary-view.ts): aggregate queries and row
 * iterators, so a summary of a large estate never loads the credentials or findings one by one.
 */
import type { FindingStatus, Person, RuleId, Severity } from '../core/model.js';
import type { Db } from './open.js';
import { parseStoredPerson, type StoredPersonRow } from './people-snapshots.js';

export interface FindingCount {
  rule: RuleId;
  severity: Severity;
  status: FindingStatus;
  count: number;
}

/** Open and suppressed findings, counted by rule, severity and status. */
export function unresolvedFindingCounts(db: Db): FindingCount[] {
  return db
    .prepare(
      `SELECT rule, severity, status, COUNT(*) AS count FROM findings WHERE status != 'resolved'
        GROUP BY rule, severity, status`,
    )
    .all() as FindingCount[];
}

/** Findings the run resolved. */
export function findingsResolvedInRun(db: Db, runId: number): number {
  return db
    .prepare("SELECT COUNT(*) FROM findings WHERE status = 'resolved' AND resolved_run = ?")
    .pluck()
    .get(runId) as number;
}

/** Credentials in the inventory that are not gone (present or unverified). */
export function liveCredentialCount(db: Db): number {
  return db.prepare("SELECT COUNT(*) FROM credentials WHERE state != 'gone'").pluck().get() as number;
}

/** People in an HR snapshot. */
export function snapshotPeopleCount(db: Db, snapshotId: number): number {
  return db.prepare('SELECT COUNT(*) FROM people WHERE snapshot_id = ?').pluck().get(snapshotId) as number;
}

/** The people of an HR snapshot, one at a time. */
export function* snapshotPeople(db: Db, snapshotId: number): Generator<Person> {
  const rows = db
    .prepare('SELECT employee_id AS employeeId, data FROM people WHERE snapshot_id = ?')
    .iterate(snapshotId) as IterableIterator<StoredPersonRow>;
  for (const row of rows) yield parseStoredPerson(row);
}

export interface OwnedCredentialState {
  /** The resolved owner's employee id. */
  owner: string;
  status: string;
  expiresAt: string | null;
}

/** Every credential that is not gone and has a resolved owner: its owner, status and expiry. */
export function* liveOwnedCredentials(db: Db): Generator<OwnedCredentialState> {
  // Both fields from one json_extract, so each row's data is inflated once (stored-text.ts).
  const rows = db
    .prepare(
      `SELECT o.owner_employee_id AS owner,
              json_extract(stored_text(c.data, c.uid), '$.status', '$.expiresAt') AS fields
         FROM credentials c JOIN owner_resolutions o ON o.credential_uid = c.uid
        WHERE c.state != 'gone' AND o.owner_employee_id IS NOT NULL`,
    )
    .iterate() as IterableIterator<{ owner: string; fields: string }>;
  for (const { owner, fields } of rows) {
    const [status, expiresAt] = JSON.parse(fields) as [string, string | null];
    yield { owner, status, expiresAt };
  }
}
