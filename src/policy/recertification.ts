/**
 * Applies recertifications to a run's findings: an open finding whose credential was recertified
 * for its rule, until a date after as-of, is suppressed with who, why and until when; on that date
 * it opens again. Only the rules a person can answer for are recertifiable: a leaver's credential
 * needs a baseline exception approved by someone else, an ended contract a renewal in HR.
 */
import type { EvaluatedFinding, Recertification, RuleId, Suppression } from '../core/model.js';
import { RULE_IDS } from '../core/model.js';
import { RECERTIFIABLE_ORDER, RULES } from './rules.js';

/**
 * The wording of a recertification's suppression reason, as people see it: this, then the owner's
 * reason. Only shown: code tells a recertification by the suppression's `kind`.
 */
const REASON_PREFIX = 'recertified: ';

/** Who kept the credential, until when and why, when a suppression is a recertification. */
export function recertificationOf(
  suppression: Suppression | null,
): { by: string; until: string; reason: string } | undefined {
  if (suppression?.kind !== 'recertification') return undefined;
  const { reason } = suppression;
  return {
    by: suppression.approvedBy,
    until: suppression.expires,
    reason: reason.startsWith(REASON_PREFIX) ? reason.slice(REASON_PREFIX.length) : reason,
  };
}

/**
 * Rules whose answer is HR's, not a person's (the rule table's `recertify: 'hr'`): a contract is
 * renewed in HR, and a leaver's credential is revoked, handed over, or excepted in the baseline by
 * someone who does not own it.
 */
export const HR_ANSWERED_RULES: readonly RuleId[] = RULE_IDS.filter((rule) => RULES[rule].recertify === 'hr');

/** Whether an owner can answer a finding of `rule` by recertifying (else: a baseline exception). */
export function isRecertifiable(rule: string): rule is RuleId {
  return (RECERTIFIABLE_ORDER as readonly string[]).includes(rule);
}

export function recertificationMatcher(
  recertifications: readonly Recertification[],
): (findings: EvaluatedFinding[]) => EvaluatedFinding[] {
  const byCredential = new Map<string, Recertification[]>();
  for (const entry of recertifications) {
    const list = byCredential.get(entry.credentialUid);
    if (list) list.push(entry);
    else byCredential.set(entry.credentialUid, [entry]);
  }
  return (findings) => {
    if (byCredential.size === 0) return findings;
    for (const finding of findings) {
      if (finding.status !== 'open') continue;
      // Newest first: the latest answer for this rule decides.
      const entry = byCredential
        .get(finding.credentialUid)
        ?.find((item) => item.rules.includes(finding.rule));
      if (!entry) continue;
      finding.status = 'suppressed';
      finding.suppression = {
        reason: `${REASON_PREFIX}${entry.reason}`,
        approvedBy: entry.by,
        expires: entry.until,
        kind: 'recertification',
      };
    }
    return findings;
  };
}
