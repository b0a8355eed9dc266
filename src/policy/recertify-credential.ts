/**
 * Checking a recertification before it is recorded: the one check for `nhiscan recertify` and the
 * review screen's `R`. `checkRecertification` checks the reason, the rules and the date, and
 * touches nothing; `recertifyCredential` (src/store/recertifications.ts) then checks that the
 * credential is in the inventory and records the row with its audit record. Bad input is an
 * InputError keyed by the CLI flag; nothing is recorded.
 */
import { addDays, daysBetween, isoDay, parseIsoDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import type { RuleId } from '../core/model.js';
import { isRecertifiable } from './recertification.js';
import { RECERTIFIABLE_ORDER } from './rules.js';

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
  const rules = input.rules ?? RECERTIFIABLE_ORDER;
  const unknown = rules.filter((rule) => !isRecertifiable(rule));
  if (unknown.length > 0) {
    throw new InputError(
      `cannot recertify ${unknown.map((rule) => JSON.stringify(rule)).join(', ')}: expected one of ${RECERTIFIABLE_ORDER.join(', ')}`,
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
