/**
 * Verifies the audit log's hash chain, record by record in seq order, streaming (one row in memory
 * at a time). Stops at the first bad record and names it.
 *
 * On its own the chain proves every record from 1 to the head is intact and in place: an edit, a
 * deletion in the middle, a gap, a reorder or a non-canonical payload breaks it. It cannot prove
 * the head is the real head: whoever deletes the newest records leaves a shorter, valid chain, and
 * whoever rewrites a record and recomputes every hash after it leaves a valid (forged) chain. A
 * checkpoint ({size, headHash}) kept outside the database catches both: the log must still be at
 * least that long and record `size` must still have that hash. Without one, completeness.ts
 * catches the rest it can: a log shorter than the checkpoints `audit checkpoint` kept in the
 * database, or than the scan runs, requests and decisions in it imply (an emptied log fails).
 */
import { missingAppendOnlyTriggers } from '../store/audit-triggers.js';
import type { Db } from '../store/open.js';
import { GENESIS_HASH, hashAuditRecord } from './append.js';
import { canonicalJson } from './canonical-json.js';
import { checkCompleteness, checkStoredCheckpoints } from './completeness.js';

export interface AuditCheckpointRef {
  /** How many records the log had (the seq of its head record); 0 for an empty log. */
  size: number;
  /** The hash of record `size` (the genesis hash, 64 zeros, for an empty log). */
  headHash: string;
}

export type AuditVerification =
  | { ok: true; size: number; headHash: string; warnings: string[] }
  | { ok: false; size: number; firstBadSeq: number; problem: string; warnings: string[] };

interface AuditRow {
  seq: number;
  time: unknown;
  actor: unknown;
  action: unknown;
  target: unknown;
  reason: unknown;
  payload: unknown;
  prev_hash: unknown;
  hash: unknown;
}

/** The triggers migration 2 creates; without them the table is no longer append-only. */
export function verifyAudit(db: Db, checkpoint?: AuditCheckpointRef): AuditVerification {
  if (checkpoint) checkCheckpointShape(checkpoint);
  const warnings = triggerWarnings(db);
  // One read transaction: the walk and the final count see the same snapshot even while
  // another process appends.
  return db
    .transaction((): AuditVerification => {
      const walked = walk(db, checkpoint);
      const { size, headHash } = walked;
      // An intact chain must still reach the checkpoints kept in the database and hold every
      // record the scan runs, requests and decisions imply (completeness.ts).
      const failure =
        walked.failure ?? checkStoredCheckpoints(db, size) ?? checkCompleteness(db, size) ?? undefined;
      if (failure) return { ok: false, size: recordCount(db), ...failure, warnings };
      return { ok: true, size, headHash, warnings };
    })
    .deferred();
}

interface Failure {
  firstBadSeq: number;
  problem: string;
}

/**
 * Walks the chain and returns its head, or the first failure. It runs no other statement while
 * the cursor is open (better-sqlite3 refuses that), so the caller counts records afterwards.
 */
function walk(
  db: Db,
  checkpoint: AuditCheckpointRef | undefined,
): { size: number; headHash: string; failure?: Failure } {
  let previous: { seq: number; hash: string } | null = null;
  let failure: Failure | undefined;
  const rows = db
    .prepare(
      'SELECT seq, time, actor, action, target, reason, payload, prev_hash, hash FROM audit_log ORDER BY seq',
    )
    .iterate() as IterableIterator<AuditRow>;
  for (const row of rows) {
    const expected = (previous?.seq ?? 0) + 1;
    // Rows come in seq order and seq is unique, so only a seq below 1 can come before `expected`.
    const failed: Failure | null =
      row.seq < expected
        ? { firstBadSeq: row.seq, problem: `audit record ${row.seq}: seq must start at 1 (inserted)` }
        : row.seq > expected
          ? { firstBadSeq: expected, problem: describeGap(expected, row.seq, previous) }
          : atRecord(row.seq, checkRecord(row, previous) ?? checkCheckpointHead(row, checkpoint));
    if (failed) {
      failure = failed;
      break; // closes the cursor
    }
    previous = { seq: row.seq, hash: row.hash as string };
  }
  const size = previous?.seq ?? 0;
  if (!failure && checkpoint && size < checkpoint.size) {
    const removed =
      size + 1 === checkpoint.size
        ? `record ${size + 1} was`
        : `records ${size + 1}..${checkpoint.size} were`;
    failure = {
      firstBadSeq: size + 1,
      problem: `audit log has ${size} records but checkpoint says ${checkpoint.size}: ${removed} removed (truncated)`,
    };
  }
  return { size, headHash: previous?.hash ?? GENESIS_HASH, ...(failure ? { failure } : {}) };
}

function atRecord(seq: number, problem: string | null): Failure | null {
  return problem ? { firstBadSeq: seq, problem } : null;
}

/** At the checkpoint's seq, the record must still have the checkpoint's head hash. */
function checkCheckpointHead(row: AuditRow, checkpoint: AuditCheckpointRef | undefined): string | null {
  if (!checkpoint || row.seq !== checkpoint.size || row.hash === checkpoint.headHash) return null;
  return describeRewrite(row.seq, String(row.hash), checkpoint.headHash);
}

/** The problem with one record, or null: payload, content hash, then link to the previous record. */
function checkRecord(row: AuditRow, previous: { seq: number; hash: string } | null): string | null {
  const at = `audit record ${row.seq}`;
  if (typeof row.payload !== 'string') return `${at}: payload is not JSON text (edited)`;
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return `${at}: payload is not valid JSON (edited)`;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return `${at}: payload is not a JSON object (edited)`;
  }
  let canonical: string;
  try {
    canonical = canonicalJson(payload);
  } catch (error) {
    return `${at}: payload has no canonical JSON form: ${(error as Error).message} (edited)`;
  }
  if (canonical !== row.payload)
    return `${at}: payload is not in canonical JSON form (edited outside nhiscan)`;

  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  const linked = row.prev_hash === expectedPrev;
  const recomputed = hashAuditRecord({
    seq: row.seq,
    time: row.time as string,
    actor: row.actor as string,
    action: row.action as string,
    target: row.target as string | null,
    reason: row.reason as string | null,
    payload: payload as Record<string, unknown>,
    prevHash: row.prev_hash as string,
  });
  const intact = recomputed === row.hash;
  const link = previous
    ? `prev_hash does not match record ${previous.seq}`
    : 'prev_hash is not the genesis hash';
  if (!intact && !linked)
    return `${at}: hash does not match its content and ${link} (reordered or rewritten)`;
  if (!intact) return `${at}: hash does not match its content (edited)`;
  if (!linked) return `${at}: ${link} (reordered or rewritten)`;
  return null;
}

function describeGap(expected: number, found: number, previous: { seq: number } | null): string {
  const missing =
    found - expected === 1
      ? `audit record ${expected} is missing`
      : `audit records ${expected}..${found - 1} are missing`;
  return previous
    ? `${missing} (records ${previous.seq} → ${found})`
    : `${missing} (the log starts at record ${found})`;
}

function describeRewrite(seq: number, hash: string, checkpointHash: string): string {
  return (
    `audit record ${seq}: hash ${short(hash)} differs from the checkpoint's head hash ${short(checkpointHash)}: ` +
    `the log was rewritten at or before record ${seq} and its chain recomputed`
  );
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

function recordCount(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
}

function triggerWarnings(db: Db): string[] {
  const missing = missingAppendOnlyTriggers(db);
  if (missing.length === 0) return [];
  return [
    `the append-only trigger${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing or altered: audit_log no longer refuses UPDATE/DELETE; someone changed the database schema`,
  ];
}

function checkCheckpointShape(checkpoint: AuditCheckpointRef): void {
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw new TypeError(`checkpoint size must be a non-negative integer, got ${checkpoint.size}`);
  }
  if (!/^[0-9a-f]{64}$/.test(checkpoint.headHash)) {
    throw new TypeError('checkpoint headHash must be 64 lowercase hex digits');
  }
  if (checkpoint.size === 0 && checkpoint.headHash !== GENESIS_HASH) {
    throw new TypeError('a checkpoint of an empty log (size 0) has the genesis head hash (64 zeros)');
  }
}
