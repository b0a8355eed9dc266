/**
 * The summary's compliance view: for each framework item that a current (open or suppressed)
 * finding maps to, how many findings and which rules. Rows come in framework order, then the
 * framework's item order (src/policy/compliance.ts); items no current finding maps to are left out,
 * as rules without findings are from "Findings by rule".
 */
import { RULE_IDS, type RuleId } from '../../src/core/model.js';
import { complianceLabel, FRAMEWORK_IDS, FRAMEWORKS, type FrameworkId } from '../../src/policy/compliance.js';
import { complianceTally } from '../compliance-tally.js';
import type { JsonReport } from '../json/types.js';

export interface ComplianceRow {
  framework: FrameworkId;
  id: string;
  name: string;
  open: number;
  suppressed: number;
  /** In rule-table order. */
  rules: RuleId[];
}

export function complianceRows(report: JsonReport): ComplianceRow[] {
  const tally = complianceTally(report.findings);
  return FRAMEWORK_IDS.flatMap((framework) =>
    Object.entries(FRAMEWORKS[framework].items).flatMap(([id, name]): ComplianceRow[] => {
      const entry = tally.get(complianceLabel({ framework, id }));
      if (!entry) return [];
      const rules = RULE_IDS.filter((rule) => entry.openByRule.has(rule));
      return [{ framework, id, name, open: entry.open, suppressed: entry.suppressed, rules }];
    }),
  );
}
