/**
 * Recording a recertification: the one path for `nhiscan recertify` and the review screen's `R`.
 * `checkRecertification` checks the reason, the rules and the date without touching the store;
 * `recertifyCredential` then checks that the credential is in the inventory and records the row
 * with its audit record. Bad input is an InputError keyed by the CLI flag; nothing is recorded.
 */
import { addDays, daysBetween, isoDay, parseIsoDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import type { RuleId } from '../core/model.js';
import { credentialByUid, type Db, type Recertification, recordRecertification } from '../store/index.js';
import { isRecertifiable, RECERTIFIABLE_RULES } from './recertification.js';

/** Without a date, a recertification holds for this many days (one stale/over-age cycle). */
export const DEFAULT_RECERTIFICATION_DAYS = 90;
/** The longest a recertification may hold unless governance.maxExceptionDays says otherwise. */
export const MAX_RECERTIFICATION_DAYS = 365;

export interface RecertificationInput {
  credentialUid: string;
  /** Default: every recertifiable rule. */
  rules?: readonly string[];
  reason: string;
  /** YYYY-MM-DD, the first day it no longer holds. Default: DEFAULT_RECERTIFICATION_DAYS from `now`. */
  until?: string;
  now: Date;
  /** The longest it may hold, in days (governance.maxExceptionDays). */
  maxDays?: number;
}

/** A recertification whose reason, rules and date passed `checkRecertification`. */
export interface CheckedRecertification {
  credentialUid: string;
  rules: RuleId[];
  reason: string;
  until: string;
}

export function checkRecertification(input: RecertificationInput): CheckedRecertification {
  const reason = input.reason.trim();
  if (!reason) throw new InputError('must not be empty', { key: '--reason' });
  const rules = input.rules ?? RECERTIFIABLE_RULES;
  const unknown = rules.filter((rule) => !isRecertifiable(rule));
  if (unknown.length > 0) {
    throw new InputError(
      `cannot recertify ${unknown.map((rule) => JSON.stringify(rule)).join(', ')}: expected one of ${RECERTIFIABLE_RULES.join(', ')}`,
      { key: '--rule' },
    );
  }
  const until = input.until ?? isoDay(addDays(input.now, DEFAULT_RECERTIFICATION_DAYS));
  const untilDate = /^\d{4}-\d{2}-\d{2}$/.test(until) ? parseIsoDate(until) : undefined;
  if (!untilDate) {
    throw new InputError(`expected a date such as 2027-03-31, got ${JSON.stringify(until)}`, {
      key: '--until',
    });
  }
  const days = daysBetween(input.now, untilDate);
  const maxDays = input.maxDays ?? MAX_RECERTIFICATION_DAYS;
  if (days <= 0 || days > maxDays) {
    throw new InputError(
      `expected a date after today (${isoDay(input.now)}) and at most ${maxDays} days ahead, got ${until}`,
      { key: '--until' },
    );
  }
  return { credentialUid: input.credentialUid, rules: [...rules] as RuleId[], reason, until };
}

/** Records `checked` as made by `by` at `now`; refuses a credential the inventory does not hold. */
export function recertifyCredential(
  db: Db,
  checked: CheckedRecertification,
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
