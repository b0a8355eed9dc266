/**
 * A decision governance refuses: who tried, what, and why. The refusal is an InputError (exit 2)
 * and, through `recordRefusal`, a `decision.refused` audit record committed on its own, so a
 * refused attempt leaves evidence even though the decision itself changed nothing.
 */
import { appendAudit } from '../audit/append.js';
import { InputError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Db } from '../store/open.js';

export type RefusalCode =
  | 'actor-unknown'
  | 'actor-ambiguous'
  | 'actor-leaver'
  | 'actor-not-a-person'
  | 'actor-role'
  | 'owner'
  | 'requester'
  | 'same-approver'
  | 'not-recertifiable'
  | 'exception-too-long'
  | 'signature';

export class DecisionRefused extends InputError {
  constructor(
    readonly code: RefusalCode,
    problem: string,
    key: string,
    /** The acting person's employee id, when the actor resolved to one. */
    readonly employeeId?: string,
  ) {
    super(problem, { key });
  }
}

export function isDecisionRefused(error: unknown): error is DecisionRefused {
  return error instanceof DecisionRefused;
}

/** An actor as given, safe to keep: secrets masked, control characters dropped, at most 120 characters. */
export function shownActor(given: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const printable = redact(given).replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return printable.length > 120 ? `${printable.slice(0, 119)}…` : printable;
}

export interface RefusalRecord {
  time: string;
  /** What the actor gave (--by, --as, NHISCAN_USER…). */
  given: string;
  /** approve, reject, confirm, recertify, baseline-add, execute, verify, accept-hr-change… */
  decision: string;
  /** request:12, finding:…, a credential uid. */
  target: string | null;
  error: DecisionRefused;
}

export function recordRefusal(db: Db, record: RefusalRecord): void {
  const given = shownActor(record.given);
  appendAudit(db, {
    time: record.time,
    actor: given || '(nobody)',
    action: 'decision.refused',
    target: record.target,
    reason: record.error.problem,
    payload: {
      decision: record.decision,
      refusal: record.error.code,
      ...(record.error.employeeId ? { employeeId: record.error.employeeId } : {}),
    },
  });
}
