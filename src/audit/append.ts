/**
 * Appends to the audit log: an append-only table (triggers refuse UPDATE and DELETE) whose records
 * form a SHA-256 hash chain. Each record's hash covers its canonical JSON (RFC 8785) together with
 * the previous record's hash, so any edit, deletion or reordering breaks the chain from that point.
 *
 * Call it inside the transaction that makes the change it records, so the change and its record
 * commit together or not at all.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/open.js';
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
  const canonical = canonicalJson({
    seq: record.seq,
    time: record.time,
    actor: record.actor,
    action: record.action,
    target: record.target,
    reason: record.reason,
    payload: record.payload,
    prevHash: record.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function appendAudit(db: Db, input: AuditInput): AuditRecord {
  return db.transaction(() => {
    const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    const unhashed = {
      ...input,
      seq: (head?.seq ?? 0) + 1,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const record: AuditRecord = { ...unhashed, hash: hashAuditRecord(unhashed) };
    db.prepare(
      `INSERT INTO audit_log (seq, time, actor, action, target, reason, payload, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      record.seq,
      record.time,
      record.actor,
      record.action,
      record.target,
      record.reason,
      canonicalJson(record.payload),
      record.prevHash,
      record.hash,
    );
    return record;
  })();
}
