/**
 * Recertifications: an owner's answer "keep it" to a credential's finding (`Recertification`,
 * src/core/model.ts). `recertifyCredential` is the one writing path for `nhiscan recertify` and the
 * review screen's `R`: it takes an answer src/policy/recertify-credential.ts has checked, refuses a
 * credential the inventory does not hold, and records the row with an audit record in the same
 * transaction. A row is never changed afterwards (a new answer is a new row).
 */
import { appendAudit } from '../audit/append.js';
import { InputError } from '../core/errors.js';
import type { Recertification, RuleId } from '../core/model.js';
import { credentialByUid } from './inventory.js';
import type { Db } from './open.js';

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

/**
 * Records a checked recertification (reason, rules and date passed `checkRecertification`) as made
 * by `by` at `now`; refuses a credential the inventory does not hold (an InputError keyed
 * `credential`, nothing recorded).
 */
export function recertifyCredential(
  db: Db,
  checked: Pick<Recertification, 'credentialUid' | 'rules' | 'reason' | 'until'>,
  made: { by: string; now: Date; facts?: Record<string, unknown> },
): Recertification {
  if (!credentialByUid(db, checked.credentialUid)) {
    throw new InputError(`no credential ${JSON.stringify(checked.credentialUid)} in the inventory`, {
      key: 'credential',
    });
  }
  // Field order is the order `nhiscan recertify --json` prints.
  return recordRecertification(
    db,
    {
      credentialUid: checked.credentialUid,
      rules: checked.rules,
      by: made.by,
      reason: checked.reason,
      until: checked.until,
      recordedAt: made.now.toISOString(),
    },
    made.facts,
  );
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
