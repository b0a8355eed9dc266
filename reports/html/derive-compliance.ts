/**
 * The compliance view: for every item of every framework (src/policy/compliance.ts, in table
 * order), how many open and suppressed findings map to it (each finding's own `compliance`, which
 * already narrows provider benchmarks and adds privilege), and the rules that map to it — those
 * whose rule-table row names it, and any rule a finding maps there through privilege — each with
 * its open findings.
 */
import { RULE_IDS, type RuleId } from '../../src/core/model.js';
import {
  complianceLabel,
  complianceOf,
  complianceRefOf,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type Framework,
} from '../../src/policy/compliance.js';
import { RULES } from '../../src/policy/rules.js';
import { complianceTally } from '../compliance-tally.js';
import type { JsonReport } from '../json/types.js';

export interface ComplianceItemView {
  id: string;
  name: string;
  open: number;
  suppressed: number;
  /** In rule-table order. */
  rules: { rule: RuleId; open: number }[];
}

export interface FrameworkView {
  framework: Framework;
  items: ComplianceItemView[];
  /** Open findings mapped to at least one item of the framework. */
  open: number;
}

export function complianceViews(report: JsonReport): FrameworkView[] {
  const rulesByItem = new Map<string, Set<RuleId>>();
  const addRule = (label: string, rule: RuleId) => {
    const set = rulesByItem.get(label);
    if (set) set.add(rule);
    else rulesByItem.set(label, new Set([rule]));
  };
  for (const rule of RULE_IDS)
    for (const ref of complianceOf(RULES[rule].compliance)) addRule(complianceLabel(ref), rule);

  const tally = complianceTally(report.findings);
  for (const [label, entry] of tally) for (const rule of entry.openByRule.keys()) addRule(label, rule);
  // Open findings per framework, each counted once however many of its items it maps to.
  const openByFramework = new Map<string, number>();
  for (const finding of report.findings) {
    if (finding.status !== 'open') continue;
    const frameworks = new Set(finding.compliance.map((label) => complianceRefOf(label).framework));
    for (const framework of frameworks)
      openByFramework.set(framework, (openByFramework.get(framework) ?? 0) + 1);
  }

  return FRAMEWORK_IDS.map((id) => {
    const framework: Framework = FRAMEWORKS[id];
    return {
      framework,
      open: openByFramework.get(id) ?? 0,
      items: Object.entries(framework.items).map(([item, name]) => {
        const label = complianceLabel({ framework: id, id: item });
        const rules = rulesByItem.get(label) ?? new Set<RuleId>();
        const entry = tally.get(label);
        return {
          id: item,
          name,
          open: entry?.open ?? 0,
          suppressed: entry?.suppressed ?? 0,
          rules: RULE_IDS.filter((rule) => rules.has(rule)).map((rule) => ({
            rule,
            open: entry?.openByRule.get(rule) ?? 0,
          })),
        };
      }),
    };
  });
}
