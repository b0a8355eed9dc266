/**
 * A baseline kept in git may be edited by hand, and is honoured, but only as far as its approver
 * may decide: an entry whose `approvedBy` is nobody in HR, several people, a leaver, or one of the
 * credential's candidate owners does not suppress, and the scan reports it as invalid.
 */
import type { Baseline, BaselineEntry } from '../policy/baseline.js';
import type { Db } from '../store/open.js';
import { type ActorContext, type PersonActor, resolveDecider } from './actor.js';
import { isDecisionRefused } from './refusal.js';
import { candidateOwners } from './separation.js';

export function withApproverCheck(baseline: Baseline, db: Db, context: ActorContext): Baseline {
  const approvers = new Map<string, PersonActor | string>();
  const approverOf = (entry: BaselineEntry): PersonActor | string => {
    let known = approvers.get(entry.approvedBy);
    if (known === undefined) {
      try {
        known = resolveDecider(entry.approvedBy, context, 'approvedBy');
      } catch (error) {
        if (!isDecisionRefused(error)) throw error;
        known = `approvedBy: ${error.problem}`;
      }
      approvers.set(entry.approvedBy, known);
    }
    return known;
  };
  return {
    ...baseline,
    approverProblem: (entry, credentialUid) => {
      const approver = approverOf(entry);
      if (typeof approver === 'string') return approver;
      const own = candidateOwners(db, credentialUid, context.people).find((candidate) =>
        context.people.sameHuman(candidate.person, approver.person),
      );
      return own
        ? `approvedBy: ${approver.person.name} (${approver.person.employeeId}) is named as an owner of this credential (${own.why}) and cannot exempt it`
        : undefined;
    },
  };
}
