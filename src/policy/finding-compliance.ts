/** The compliance items of one finding: its rule's, narrowed and extended by its credential. */
import type { RuleId } from '../core/model.js';
import { type ComplianceRef, complianceOf } from './compliance.js';
import { RULES } from './rules.js';

/**
 * `provider` is the finding's credential's (null or absent: the credential is not stored, so no
 * provider benchmark applies); privilege is read from the evidence, where a privileged credential's
 * finding always says so (src/policy/finding.ts).
 */
export function findingCompliance(finding: {
  rule: RuleId;
  provider?: string | null;
  evidence: Record<string, unknown>;
  /** A person signs in as its credential's principal (store/console-users.ts). */
  humanUse?: boolean;
}): ComplianceRef[] {
  return complianceOf(RULES[finding.rule].compliance, {
    provider: finding.provider ?? '',
    privileged: finding.evidence.privileged === true,
    humanUse: finding.humanUse === true,
  });
}
