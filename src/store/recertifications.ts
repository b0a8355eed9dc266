/**
 * Recertifications: an owner's answer "keep it" to a credential's finding. Each names the rules it
 * covers, who answered, why and until when; it is recorded with an audit record in the same
 * transaction and never changed afterwards (a new answer is a new row).
 */
import { appendAudit } from '../audit/append.js';
import type { RuleId } from '../core/model.js';
import type { Db } from './open.js';

export interface Recertification {
  id: number;
  credentialUid: string;
  rules: RuleId[];
  by: string;
  reason: string;
  /** YYYY-MM-DD: the first day it no longer holds. */
  until: string;
  recordedAt: string;
}

export function recordRecertification(
  db: Db,
  input: Omit<Recertification, 'id'>,
  /** Extra facts for the audit record: who the person is in HR, a verified signature. */
  facts: Record<string, unknown> = {},
): Recertification {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO recertifications (credential_uid, rules, recertified_by, reason, until, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.credentialUid,
          JSON.stringify(input.rules),
          input.by,
          input.reason,
          input.until,
          input.recordedAt,
        ).lastInsertRowid,
    );
    appendAudit(db, {
      time: input.recordedAt,
      actor: input.by,
      action: 'credential.recertified',
      target: input.credentialUid,
      reason: input.reason,
      payload: {
        recertificationId: id,
        credentialUid: input.credentialUid,
        rules: input.rules,
        until: input.until,
        ...facts,
      },
    });
    return { id, ...input };
  })();
}

/** Recertifications still holding at `asOfDay` (until is after it), newest first. */
export function activeRecertifications(db: Db, asOfDay: string): Recertification[] {
  const rows = db
    .prepare(
      `SELECT id, credential_uid AS credentialUid, rules, recertified_by AS by, reason, until, recorded_at AS recordedAt
         FROM recertifications WHERE until > ? ORDER BY id DESC`,
    )
    .all(asOfDay) as (Omit<Recertification, 'rules'> & { rules: string })[];
  return rows.map((row) => ({ ...row, rules: JSON.parse(row.rules) as RuleId[] }));
}
