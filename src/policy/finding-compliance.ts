/** The compliance items of one finding: its rule's, narrowed and extended by its credential. */
import type { RuleId } from '../core/model.js';
import {
  type ComplianceRef,
  complianceLabel,
  complianceOf,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type Framework,
  itemUrl,
  type RuleCompliance,
} from './compliance.js';
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

/**
 * `findingCompliance` as labels (`owasp-nhi:NHI1`), the form every report carries. A few rules,
 * providers and flags give every finding's items, so each combination's labels are made once and
 * shared, frozen, by every finding that has it: a 100,000-credential report holds a few dozen
 * arrays, not hundreds of thousands of strings.
 */
export function findingComplianceLabels(finding: Parameters<typeof findingCompliance>[0]): readonly string[] {
  // Only a provider with a benchmark changes the items: the key holds no other (inventory systems are many).
  const provider = BENCHMARK_PROVIDERS.has(finding.provider ?? '') ? finding.provider : '';
  const key = `${finding.rule}\0${provider}\0${finding.evidence.privileged === true}\0${finding.humanUse === true}`;
  let labels = labelsByKey.get(key);
  if (!labels) {
    labels = Object.freeze(findingCompliance(finding).map(complianceLabel));
    labelsByKey.set(key, labels);
  }
  return labels;
}

const labelsByKey = new Map<string, readonly string[]>();
const BENCHMARK_PROVIDERS = new Set(
  FRAMEWORK_IDS.flatMap((id) => {
    const framework: Framework = FRAMEWORKS[id];
    return framework.provider === undefined ? [] : [framework.provider];
  }),
);

/**
 * The public page describing the rule's risk: that of its first OWASP NHI Top 10 item (SARIF
 * `helpUri`, ECS `rule.reference`); undefined for a rule that maps to none.
 */
export function ruleReferenceUrl(rule: RuleId): string | undefined {
  const first = (RULES[rule].compliance as RuleCompliance)['owasp-nhi']?.[0];
  return first === undefined ? undefined : itemUrl({ framework: 'owasp-nhi', id: first });
}
