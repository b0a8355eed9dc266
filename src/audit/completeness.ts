/**
 * What the rest of the database says the audit log must hold. The chain proves records 1..head are
 * intact; it cannot tell that records after the head were removed (an emptied log is a valid
 * chain of 0 records). These checks can, from two sides:
 *
 * - every finished scan run wrote `scan.finished` (target `run:N`), every revocation request
 *   `request.proposed` (target `request:N`), and every decision its `request.approved`,
 *   `request.rejected` or `request.confirmed` (same actor and time as the decision row), each in
 *   the transaction that wrote the row;
 * - every checkpoint `nhiscan audit checkpoint` took is kept in `audit_checkpoints` (migration
 *   12): the log must still reach it, and record `size` must still have its head hash.
 *
 * Whoever can write the file can delete those rows too; the checkpoint kept outside the database
 * (`audit verify --checkpoint`) remains the protection that does not depend on the file.
 */
import type { Db } from '../store/open.js';

export interface CompletenessFailure {
  firstBadSeq: number;
  problem: string;
}

interface StoredCheckpoint {
  size: number;
  headHash: string;
  takenAt: string;
}

/** Keeps a checkpoint in the database (the same one taken twice is kept once, with its first time). */
export function recordCheckpoint(db: Db, checkpoint: { size: number; headHash: string; time: string }): void {
  db.prepare('INSERT OR IGNORE INTO audit_checkpoints (size, head_hash, taken_at) VALUES (?, ?, ?)').run(
    checkpoint.size,
    checkpoint.headHash,
    checkpoint.time,
  );
}

/**
 * The first checkpoint kept in the database that the log (a valid chain of `size` records) no
 * longer reaches, or whose record no longer has its hash; null when all hold.
 */
export function checkStoredCheckpoints(db: Db, size: number): CompletenessFailure | null {
  const checkpoints = db
    .prepare(
      `SELECT c.size, c.head_hash AS headHash, c.taken_at AS takenAt, a.hash AS hash
         FROM audit_checkpoints c LEFT JOIN audit_log a ON a.seq = c.size
        WHERE c.size > 0 ORDER BY c.size DESC, c.taken_at`,
    )
    .all() as (StoredCheckpoint & { hash: string | null })[];
  const beyond = checkpoints.find((checkpoint) => checkpoint.size > size);
  if (beyond) {
    const removed =
      size + 1 === beyond.size ? `record ${beyond.size} was` : `records ${size + 1}..${beyond.size} were`;
    return {
      firstBadSeq: size + 1,
      problem: `audit log has ${size} records but ${describe(beyond)} says ${beyond.size}: ${removed} removed (truncated)`,
    };
  }
  const rewritten = checkpoints.find((checkpoint) => checkpoint.hash !== checkpoint.headHash);
  if (!rewritten) return null;
  return {
    firstBadSeq: rewritten.size,
    problem:
      `audit record ${rewritten.size}: hash ${short(rewritten.hash ?? '')} differs from the head hash ${short(rewritten.headHash)} of ${describe(rewritten)}: ` +
      `the log was rewritten at or before record ${rewritten.size} and its chain recomputed`,
  };
}

interface Missing {
  /** e.g. `scan.finished of run 3`. */
  record: string;
}

/**
 * The records the database's scan runs, requests and decisions imply and the log (`size`
 * records) lacks; null when none is missing.
 */
export function checkCompleteness(db: Db, size: number): CompletenessFailure | null {
  const runs = missingRunRecords(db);
  const requests = missingRequestRecords(db);
  const decisions = missingDecisionRecords(db);
  const missing = [...runs, ...requests, ...decisions];
  if (missing.length === 0) return null;
  const counts = [
    count(runs.length, 'finished scan run'),
    count(requests.length, 'revocation request'),
    count(decisions.length, 'decision'),
  ].filter((part): part is string => part !== null);
  const shown = missing.slice(0, 3).map((entry) => entry.record);
  const more = missing.length > shown.length ? ` and ${missing.length - shown.length} more` : '';
  const head =
    size === 0
      ? `audit log is empty but the database holds ${list(counts)} that wrote audit records`
      : `audit log has ${size} records but lacks those of ${list(counts)}`;
  const how = size === 0 ? 'the log was emptied' : 'records were removed from its end';
  return {
    firstBadSeq: size + 1,
    problem: `${head}: missing ${shown.join(', ')}${more} (${how})`,
  };
}

/** Index-friendly lookups by target (src/audit/targets.ts: the partial index's condition). */
const HAS_RECORD = `EXISTS (SELECT 1 FROM audit_log a
  WHERE a.target = ? || x.id AND substr(a.target, 1, 8) != 'finding:' AND a.action = ?)`;

function missingRunRecords(db: Db): Missing[] {
  const ids = db
    .prepare(`SELECT x.id FROM scan_runs x WHERE x.status != 'running' AND NOT ${HAS_RECORD} ORDER BY x.id`)
    .pluck()
    .all('run:', 'scan.finished') as number[];
  return ids.map((id) => ({ record: `scan.finished of run ${id}` }));
}

function missingRequestRecords(db: Db): Missing[] {
  const ids = db
    .prepare(`SELECT x.id FROM revocation_requests x WHERE NOT ${HAS_RECORD} ORDER BY x.id`)
    .pluck()
    .all('request:', 'request.proposed') as number[];
  return ids.map((id) => ({ record: `request.proposed of request ${id}` }));
}

const DECISION_ACTIONS: Record<string, string> = {
  approve: 'request.approved',
  reject: 'request.rejected',
  confirm: 'request.confirmed',
};

function missingDecisionRecords(db: Db): Missing[] {
  const rows = db
    .prepare(
      `SELECT d.request_id AS requestId, d.actor, d.decision, d.at
         FROM revocation_decisions d
        WHERE NOT EXISTS (SELECT 1 FROM audit_log a
                WHERE a.target = 'request:' || d.request_id AND substr(a.target, 1, 8) != 'finding:'
                  AND a.action = CASE d.decision WHEN 'approve' THEN 'request.approved'
                                   WHEN 'reject' THEN 'request.rejected' ELSE 'request.confirmed' END
                  AND a.actor = d.actor AND a.time = d.at)
        ORDER BY d.at, d.request_id, d.actor`,
    )
    .all() as { requestId: number; actor: string; decision: string; at: string }[];
  return rows.map((row) => ({
    record: `${DECISION_ACTIONS[row.decision] ?? row.decision} of request ${row.requestId} by ${row.actor} at ${row.at}`,
  }));
}

function describe(checkpoint: StoredCheckpoint): string {
  return `the checkpoint taken ${checkpoint.takenAt} (kept in the database by \`nhiscan audit checkpoint\`)`;
}

function count(n: number, noun: string): string | null {
  return n === 0 ? null : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function list(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}
