/** The compliance items of one finding: its rule's, narrowed and extended by its credential. */
import type { RuleId } from '../core/model.js';
import { type ComplianceRef, type ComplianceSubject, complianceOf } from './compliance.js';
import { RULES } from './rules.js';

/** Without a credential (it is not in the report), the rule's items for every provider. */
export function findingCompliance(rule: RuleId, credential: ComplianceSubject | undefined): ComplianceRef[] {
  return complianceOf(RULES[rule].compliance, credential);
}
