/**
 * Appends to the audit log: an append-only table (triggers refuse UPDATE and DELETE) whose records
 * form a SHA-256 hash chain. Each record's hash covers its canonical JSON (RFC 8785) together with
 * the previous record's hash, so any edit, deletion or reordering breaks the chain from that point.
 *
 * Call it inside the transaction that makes the change it records, so the change and its record
 * commit together or not at all.
 */
import { sha256Hex } from '../core/sha256.js';
import { type Db, perConnection } from '../store/open.js';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  time: string;
  /** Who: a person (`--by`), `nhiscan` for the tool's own actions, or `scan`. */
  actor: string;
  /** What, dotted: `scan.finished`, `finding.raised`, `request.proposed`, `request.approved`, `step.started`… */
  action: string;
  /** What it was done to: a credential uid, `request:12`, `finding:…`, `run:3`. */
  target: string | null;
  /** Why, in the actor's words or the rule that fired. */
  reason: string | null;
  /** Facts worth keeping; never secret material. */
  payload: Record<string, unknown>;
}

export interface AuditRecord extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash of a record: SHA-256 over the canonical JSON of every field but the hash itself. */
export function hashAuditRecord(record: Omit<AuditRecord, 'hash'>): string {
  return hashWithPayloadJson(record, canonicalJson(record.payload));
}

/**
 * The same hash, given the payload's canonical JSON (which the insert stores anyway): the record's
 * canonical form is its eight keys in RFC 8785 order, so it is built around the payload text
 * instead of canonicalising the payload twice.
 */
function hashWithPayloadJson(record: Omit<AuditRecord, 'hash'>, payloadJson: string): string {
  const canonical =
    `{"action":${canonicalJson(record.action)},"actor":${canonicalJson(record.actor)},` +
    `"payload":${payloadJson},"prevHash":${canonicalJson(record.prevHash)},` +
    `"reason":${canonicalJson(record.reason)},"seq":${canonicalJson(record.seq)},` +
    `"target":${canonicalJson(record.target)},"time":${canonicalJson(record.time)}}`;
  return sha256Hex(canonical);
}

// Prepared once per connection: a scan appends audit records page after page.
const statementsFor = perConnection((db) => ({
  head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
  insert: db.prepare(
    `INSERT INTO audit_log (seq, time, actor, action, target, reason, payload, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
}));

function appendNow(db: Db, input: AuditInput): AuditRecord {
  const { head, insert } = statementsFor(db);
  const last = head.get() as { seq: number; hash: string } | undefined;
  const unhashed = {
    ...input,
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const payloadJson = canonicalJson(unhashed.payload);
  const record: AuditRecord = { ...unhashed, hash: hashWithPayloadJson(unhashed, payloadJson) };
  insert.run(
    record.seq,
    record.time,
    record.actor,
    record.action,
    record.target,
    record.reason,
    payloadJson,
    record.prevHash,
    record.hash,
  );
  return record;
}

export function appendAudit(db: Db, input: AuditInput): AuditRecord {
  // Inside the caller's transaction the record commits with the change it records; on its own it
  // gets a transaction of its own (reading the head and inserting must not interleave).
  if (db.inTransaction) return appendNow(db, input);
  return db.transaction(() => appendNow(db, input))();
}
