/**
 * "Only remove what was announced" (docs/notifications.md): with notifications configured, the
 * first step of a request raised for a noticed rule runs only when
 *  - a notice for that credential and rule was announced,
 *  - to the same owner as the request's (otherwise the reason changed since the notice, and a new
 *    notice starts the clock again),
 *  - some channel delivered it, and
 *  - its act-after day has come.
 * A request raised for another rule is also announced by its credential's leaver-owned notice.
 * A leaver disable the policy marks immediate (revocation.leaver auto-disable: the request's first
 * step is `immediate`; or rules.leaver-owned.standard auto) is not held: its notice goes out with
 * the action. Once a step has run, the rest follow their own schedule (and their approvals).
 */
import { isoDay } from '../core/dates.js';
import type { RevocationRequest } from '../queue/model.js';
import type { AnnounceVerdict } from '../queue/plan.js';
import type { Db } from '../store/open.js';
import { isNoticeRule } from './settings.js';
import { announcedNotice, digestById, lastFailure } from './store.js';

export type { AnnounceVerdict } from '../queue/plan.js';

/**
 * The queue's `AnnounceGate` (src/queue/plan.ts): the commands give it to the executor
 * (`guardSettings(config, announceVerdict)`), so the queue plans with it without importing notify.
 */
export function announceVerdict(db: Db, request: RevocationRequest, now: Date): AnnounceVerdict {
  if (!isNoticeRule(request.rule)) return { held: false };
  if (request.steps.some((step) => step.state !== 'pending')) return { held: false };
  if (request.steps[0]?.immediate || (request.rule === 'leaver-owned' && request.mode === 'auto'))
    return { held: false };
  // A leaver's manager was told the credential will be disabled: that announces a request raised
  // earlier for another rule of the same credential (a mover's key whose owner then left), whose own
  // notice to the owner was superseded when they left.
  const notice =
    announcedNotice(db, request.credentialUid, request.rule) ??
    (request.rule === 'leaver-owned'
      ? undefined
      : announcedNotice(db, request.credentialUid, 'leaver-owned'));
  if (!notice)
    return {
      held: true,
      reason: `${request.rule} was not announced yet: it is held until a notice is delivered (nhiscan notify)`,
    };
  if (notice.ownerEmployeeId !== request.ownerEmployeeId)
    return {
      held: true,
      noticeId: notice.id,
      reason: `the reason changed since notice #${notice.id} (owner ${notice.ownerEmployeeId ?? 'nobody'}, now ${request.ownerEmployeeId ?? 'nobody'}): a new notice starts the clock again`,
    };
  const digest = digestById(db, notice.digestId);
  if (!digest?.deliveredAt) {
    const failure = lastFailure(db, notice.digestId);
    return {
      held: true,
      noticeId: notice.id,
      reason: `notice #${notice.id} to ${notice.recipient} was not delivered${failure ? ` (${failure.channel}: ${failure.detail})` : ''}: nothing announced, nothing removed`,
    };
  }
  if (isoDay(now) < notice.actAfter)
    return {
      held: true,
      noticeId: notice.id,
      notBefore: notice.actAfter,
      reason: `announced to ${notice.recipient} for ${notice.actAfter} (notice #${notice.id})`,
    };
  return { held: false };
}
