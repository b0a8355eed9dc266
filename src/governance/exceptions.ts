/**
 * Exceptions are bounded and audited: a recertification ("keep it") and a baseline entry ("accept
 * it") are decisions like an approval. The actor is a current HR person who is not a candidate
 * owner of the credential; the exception ends within governance.maxExceptionDays; the rules HR
 * answers (leaver-owned, contractor-expired) are never recertified. Each is an audit record,
 * each refusal a `decision.refused` record.
 */
import { appendAudit } from '../audit/append.js';
import { daysBetween, isoDay, parseIsoDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import type { Recertification } from '../core/model.js';
import { addBaselineEntry, type BaselineEntry } from '../policy/baseline.js';
import { HR_ANSWERED_RULES } from '../policy/recertification.js';
import { checkRecertification } from '../policy/recertify-credential.js';
import { type Db, recertifyCredential } from '../store/index.js';
import type { ActorContext } from './actor.js';
import { governed } from './governed.js';
import { DecisionRefused } from './refusal.js';
import { nonOwnerDecider } from './separation.js';

export interface ExceptionMaker {
  by: string;
  now: Date;
  governance: ActorContext;
  /** Extra facts for the audit record (a verified signature). */
  attestation?: Record<string, unknown>;
}

/** Refuses an exception that would hold longer than governance.maxExceptionDays. */
function refuseTooLong(until: string, made: ExceptionMaker, flag: string): void {
  const date = parseIsoDate(until);
  const maxDays = made.governance.settings.maxExceptionDays;
  if (date && daysBetween(made.now, date) > maxDays) {
    throw new DecisionRefused(
      'exception-too-long',
      `${until} is more than governance.maxExceptionDays (${maxDays}) after ${isoDay(made.now)}: an exception must be reviewed again within ${maxDays} days`,
      flag,
    );
  }
}

export function recertifyGoverned(
  db: Db,
  input: { credentialUid: string; rules?: readonly string[]; reason: string; until?: string },
  made: ExceptionMaker,
): Recertification {
  return governed(db, { by: made.by, now: made.now.toISOString() }, 'recertify', input.credentialUid, () => {
    const answeredByHr = (input.rules ?? []).filter((rule) =>
      (HR_ANSWERED_RULES as readonly string[]).includes(rule),
    );
    if (answeredByHr.length > 0) {
      throw new DecisionRefused(
        'not-recertifiable',
        `${answeredByHr.join(', ')} cannot be recertified: a contract is renewed in HR (a contract-extend event or the export), and a leaver's credential is revoked, handed over, or excepted in the baseline by someone who does not own it`,
        '--rule',
      );
    }
    if (input.until) refuseTooLong(input.until, made, '--until');
    const checked = checkRecertification({
      ...input,
      now: made.now,
      maxDays: made.governance.settings.maxExceptionDays,
    });
    const actor = nonOwnerDecider(db, made.by, made.governance, { uid: input.credentialUid }, 'recertify it');
    return recertifyCredential(db, checked, {
      by: actor.id,
      now: made.now,
      facts: { employeeId: actor.person.employeeId, ...(made.attestation ?? {}) },
    });
  });
}

export interface BaselineRequest {
  finding?: string;
  credential?: string;
  reason: string;
  expires: string;
  file: string;
}

function credentialOfFinding(db: Db, findingUid: string): string {
  const row = db.prepare('SELECT credential_uid AS uid FROM findings WHERE uid = ?').get(findingUid) as
    | { uid: string }
    | undefined;
  if (!row)
    throw new InputError(`no finding ${findingUid} in the database; see \`nhiscan findings\``, {
      key: '--finding',
    });
  return row.uid;
}

/** Adds a baseline entry as `made.by`, with a `baseline.added` audit record; returns the entry written. */
export function addGovernedBaselineEntry(
  db: Db,
  request: BaselineRequest,
  made: ExceptionMaker,
): BaselineEntry {
  const target = request.finding ? `finding:${request.finding}` : (request.credential ?? null);
  return governed(db, { by: made.by, now: made.now.toISOString() }, 'baseline-add', target, () => {
    const credentialUid = request.finding ? credentialOfFinding(db, request.finding) : request.credential!;
    refuseTooLong(request.expires, made, '--expires');
    const actor = nonOwnerDecider(db, made.by, made.governance, { uid: credentialUid }, 'exempt it');
    const entry: BaselineEntry = {
      ...(request.finding ? { finding: request.finding } : { credential: credentialUid }),
      reason: request.reason,
      approvedBy: actor.id,
      expires: request.expires,
    };
    appendAudit(db, {
      time: made.now.toISOString(),
      actor: actor.id,
      action: 'baseline.added',
      target,
      reason: request.reason.trim(),
      payload: {
        file: request.file,
        credentialUid,
        ...(request.finding ? { findingUid: request.finding } : {}),
        expires: request.expires,
        employeeId: actor.person.employeeId,
        ...(made.attestation ?? {}),
      },
    });
    // Written last, inside the transaction: a file that cannot be written rolls the record back.
    addBaselineEntry(request.file, entry);
    return entry;
  });
}
