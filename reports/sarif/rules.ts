/**
 * One SARIF reportingDescriptor per rule id (every one, always, in rule-table order: GitHub expects a
 * tool's rules to change only when the tool does). Severity follows GitHub's code-scanning
 * conventions: `defaultConfiguration.level` from the rule's base severity and
 * `properties.security-severity`, a numeric string GitHub buckets as critical (> 9.0), high
 * (7.0–8.9), medium (4.0–6.9) and low (0.1–3.9). `info` maps to "0.0", which GitHub reads as "no
 * security severity": a pending leaver is a heads-up, not a weakness. Every descriptor's text,
 * severity and tags come from the rule table (src/policy/rules.ts).
 *
 * Compliance: `properties.compliance` lists every item the rule maps to (complianceOf without a
 * credential: each provider benchmark of the rule, not the privileged extras), `properties.tags`
 * ends with their `framework:id` labels, and `helpUri` is the public page of the rule's first OWASP
 * NHI Top 10 item. Invariant (tested): at most 10 tags per rule, as GitHub shows no more.
 */
import { RULE_IDS, type RuleId, type Severity } from '../../src/core/model.js';
import { type ComplianceRef, complianceLabel, complianceOf, itemUrl } from '../../src/policy/compliance.js';
import { ruleReferenceUrl } from '../../src/policy/finding-compliance.js';
import { RULES } from '../../src/policy/rules.js';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/** critical, high → error; medium, low → warning; info → note. */
export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'info' ? 'note' : 'warning';
}

/** `leaver-owned` → `LeaverOwned`. */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * A rule's human-readable name: its id in PascalCase, never the id itself in another case (the
 * SARIF validator's SARIF1001 wants the name to differ from the id): `stale` → `StaleCredential`.
 */
export function ruleName(id: string): string {
  const name = pascalCase(id);
  return name.toLowerCase() === id.toLowerCase() ? `${name}Credential` : name;
}

export interface SarifRule {
  id: RuleId;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    precision: 'high';
    'security-severity': string;
    severity: Severity;
    compliance: ComplianceRef[];
  };
}

/** The help's compliance paragraph: each item's label and name; in Markdown, linked to its page. */
function complianceHelp(items: readonly ComplianceRef[]): { text: string; markdown: string } {
  return {
    text: `Compliance: ${items.map((item) => `${complianceLabel(item)} (${item.name})`).join('; ')}.`,
    markdown: `**Compliance:** ${items
      .map((item) => `[\`${complianceLabel(item)}\`](${itemUrl(item)}) ${item.name}`)
      .join('; ')}.`,
  };
}

export function sarifRule(id: RuleId): SarifRule {
  const { severity: base, label, description, remediation, sarifTags, compliance } = RULES[id];
  const items = complianceOf(compliance);
  const helpUri = ruleReferenceUrl(id);
  const severityNote = `Severity ${base}; one level higher for a privileged credential.`;
  const help = complianceHelp(items);
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: label },
    fullDescription: { text: description },
    ...(helpUri ? { helpUri } : {}),
    help: {
      text: `${description}\n\nWhat to do: ${remediation}\n\n${severityNote} Rule reference: docs/rules.md (${id}).\n\n${help.text}`,
      markdown: `${description}\n\n**What to do:** ${remediation}\n\n${severityNote} Rule reference: \`docs/rules.md\` (\`${id}\`).\n\n${help.markdown}`,
    },
    defaultConfiguration: { level: sarifLevel(base) },
    properties: {
      tags: ['security', 'non-human-identity', ...sarifTags, ...items.map(complianceLabel)],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[base],
      severity: base,
      compliance: items,
    },
  };
}

export const SARIF_RULES: readonly SarifRule[] = RULE_IDS.map(sarifRule);
