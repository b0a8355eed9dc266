/**
 * What the human-facing formats (Markdown, HTML) count per compliance item: the current (open or
 * suppressed) findings mapped to it, and per rule how many of them, so the two never disagree.
 */
import type { RuleId } from '../src/core/model.js';
import type { ReportFinding } from './json/types.js';

export interface ItemTally {
  open: number;
  suppressed: number;
  /** Per rule with a current finding mapped to the item: its open findings among them. */
  openByRule: Map<RuleId, number>;
}

/** Per `framework:id` label, the current findings mapped to it; resolved findings are not counted. */
export function complianceTally(findings: readonly ReportFinding[]): Map<string, ItemTally> {
  const tally = new Map<string, ItemTally>();
  for (const finding of findings) {
    if (finding.status === 'resolved') continue;
    const open = finding.status === 'open';
    for (const label of finding.compliance) {
      let entry = tally.get(label);
      if (!entry) {
        entry = { open: 0, suppressed: 0, openByRule: new Map() };
        tally.set(label, entry);
      }
      entry[open ? 'open' : 'suppressed']++;
      entry.openByRule.set(finding.rule, (entry.openByRule.get(finding.rule) ?? 0) + (open ? 1 : 0));
    }
  }
  return tally;
}
