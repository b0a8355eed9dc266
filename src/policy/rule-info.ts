/**
 * What each rule means and what to do about it, in one sentence each, for report formats that
 * carry a rule description (OCSF analytic.desc and remediation, ECS rule.description). The
 * authoritative wording is docs/rules.md; keep the two in step.
 */
import type { RuleId } from '../core/model.js';

export interface RuleInfo {
  /** One line: when the rule fires. */
  description: string;
  /** One line: what to do. */
  remediation: string;
}

export const RULE_INFO: Readonly<Record<RuleId, RuleInfo>> = {
  'leaver-owned': {
    description:
      'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
    remediation:
      'Disable the credential now and delete it after the hand-over window, unless a new owner takes it over (nhiscan queue).',
  },
  'contractor-expired': {
    description: 'The credential is active and its owner is a contractor whose contract has ended.',
    remediation: 'Disable the credential, or renew the contract in HR if the work continues (nhiscan queue).',
  },
  'owner-not-in-hr': {
    description: 'An owner signal of the credential names an identity that matches no person in HR.',
    remediation: 'Fix the owner tag or declaration to name a current employee, or revoke the credential.',
  },
  'owner-unknown': {
    description: 'The credential has no owner signal at all.',
    remediation: 'Tag or declare an owner for the credential, or revoke it if nobody claims it.',
  },
  'mover-recertify': {
    description:
      "The owner moved department more than moverGraceDays ago and the credential's department differs from the owner's current one.",
    remediation:
      'Have the owner recertify the credential (nhiscan recertify) or hand it over to the old team.',
  },
  stale: {
    description:
      'The credential is active but unused for more than staleAfterDays (or never used since creation).',
    remediation: 'Delete the unused credential; if it is still needed, record why in the baseline.',
  },
  'over-age': {
    description: 'The credential is active and older than maxKeyAgeDays.',
    remediation: 'Rotate the credential: create a new one, move its users over, delete the old one.',
  },
  'expired-not-removed': {
    description: 'The credential has expired but is still present.',
    remediation: 'Delete the expired credential.',
  },
  'pending-leaver': {
    description: "The owner's termination date is within pendingLeaverDays.",
    remediation: 'Arrange a hand-over of the credential before the owner leaves.',
  },
  'propagation-gap': {
    description: 'A revocation step reported done, but a later read shows the credential still usable.',
    remediation: 'Revoke the credential again and check the provider; nhiscan queue verify re-reads it.',
  },
};
