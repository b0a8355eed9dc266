/** `nhiscan findings` as a table: severity, rule, status, credential, title. */
import type { StoredFinding } from '../store/index.js';

export function renderFindingsTable(findings: readonly StoredFinding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  const rows = findings.map((finding) => [
    finding.severity,
    finding.rule,
    finding.status,
    finding.uid,
    finding.title,
  ]);
  const header = ['SEVERITY', 'RULE', 'STATUS', 'FINDING', 'TITLE'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return `${[format(header), ...rows.map(format)].join('\n')}\n${findings.length} finding${findings.length === 1 ? '' : 's'}\n`;
}
