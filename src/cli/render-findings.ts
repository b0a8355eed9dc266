/**
 * `nhiscan findings` as a table: severity, rule, status, finding, title; with `showItems` (the
 * --framework filter) the compliance items it matched, before the title.
 */
import type { ComplianceRef } from '../policy/compliance.js';
import type { StoredFinding } from '../store/index.js';
import { itemLabels } from './framework-filter.js';

export function renderFindingsTable(
  findings: readonly { finding: StoredFinding; shown: readonly ComplianceRef[] }[],
  options: { showItems?: boolean } = {},
): string {
  if (findings.length === 0) return 'No findings.\n';
  const rows = findings.map(({ finding, shown }) => [
    finding.severity,
    finding.rule,
    finding.status,
    finding.uid,
    ...(options.showItems ? [itemLabels(shown)] : []),
    finding.title,
  ]);
  const header = ['SEVERITY', 'RULE', 'STATUS', 'FINDING', ...(options.showItems ? ['ITEMS'] : []), 'TITLE'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return `${[format(header), ...rows.map(format)].join('\n')}\n${findings.length} finding${findings.length === 1 ? '' : 's'}\n`;
}
