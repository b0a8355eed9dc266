/** The human-readable summary printed by `scan` and `demo`. Plain text; no colour needed to read it. */
import type { JsonReport } from '../../reports/json/types.js';
import { RULE_IDS, SEVERITIES } from '../core/model.js';
import { type SummaryView, summaryViewOf } from '../report/summary-view.js';
import { gatingCount } from './exit-decision.js';
import type { FailOn } from './options.js';

/** Leavers listed by name; the rest are counted (the report lists them all). */
const LEAVERS_SHOWN = 25;

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
  );
}

export interface SummaryOptions {
  /** The whole report, when `report` shows only part of it (--since-last): the result line gates on it. */
  gate?: JsonReport | SummaryView;
  /** Set when `report` holds only the findings new since this complete run (null: none before). */
  sinceLast?: { previousCompleteRunId: number | null };
}

export function renderScanSummary(
  report: JsonReport | SummaryView,
  failOn: FailOn,
  options: SummaryOptions = {},
): string {
  const view = 'findingCounts' in report ? report : summaryViewOf(report);
  const { scan, summary } = view;
  const lines: string[] = [];
  lines.push(`nhiscan scan #${scan.runId} as of ${scan.asOf.slice(0, 10)}: ${scan.status}`);
  lines.push('');
  lines.push('Sources:');
  lines.push(
    ...table(
      scan.sources.map((source) => [
        source.name,
        `(${source.type})`,
        source.status,
        `${source.credentials} credentials`,
      ]),
    ),
  );
  for (const source of scan.sources) {
    for (const problem of source.problems)
      lines.push(`    ! ${source.name}: ${problem.scope}: ${problem.reason}`);
  }
  lines.push(`HR: ${scan.hr.source}, ${scan.hr.people} people`);
  lines.push(`Credentials: ${summary.credentials}`);
  lines.push('');

  const { findings } = summary;
  if (options.sinceLast) {
    const since = options.sinceLast.previousCompleteRunId;
    lines.push(
      since === null
        ? 'New since the last complete scan: all (there was none before)'
        : `New since complete scan #${since} (--since-last):`,
    );
  }
  lines.push(`Findings: ${findings.open} open, ${findings.suppressed} suppressed`);
  lines.push(
    `  by severity: ${[...SEVERITIES]
      .reverse()
      .map((severity) => `${severity} ${findings.bySeverity[severity] ?? 0}`)
      .join(', ')}`,
  );
  const ruleRows = RULE_IDS.filter((rule) => (findings.byRule[rule] ?? 0) > 0).map((rule) => {
    const severities = new Map<string, number>();
    for (const entry of view.findingCounts) {
      if (entry.rule === rule)
        severities.set(entry.severity, (severities.get(entry.severity) ?? 0) + entry.count);
    }
    const detail = [...SEVERITIES]
      .reverse()
      .filter((severity) => severities.has(severity))
      .map((severity) => `${severities.get(severity)} ${severity}`)
      .join(', ');
    return [rule, String(findings.byRule[rule]), detail];
  });
  if (ruleRows.length > 0) {
    lines.push('  by rule:');
    lines.push(...table(ruleRows, '    '));
  }
  lines.push('');

  const leavers = summary.leaversWithLiveCredentials;
  if (leavers.length === 0) {
    lines.push('Leavers still holding live credentials: none');
  } else {
    lines.push(`Leavers still holding live credentials: ${leavers.length}`);
    lines.push(
      ...table(
        leavers
          .slice(0, LEAVERS_SHOWN)
          .map((leaver) => [
            leaver.employeeId,
            leaver.name,
            `<${leaver.email}>`,
            leaver.terminationDate ? `left ${leaver.terminationDate}` : 'terminated',
            `${leaver.credentials} live credential${leaver.credentials === 1 ? '' : 's'}`,
          ]),
      ),
    );
    if (leavers.length > LEAVERS_SHOWN)
      lines.push(`  … and ${leavers.length - LEAVERS_SHOWN} more (nhiscan report lists them all)`);
  }
  if (view.baseline && view.baseline.expiredEntries.length > 0) {
    lines.push('');
    lines.push(`Expired baseline entries (no longer suppressing): ${view.baseline.expiredEntries.length}`);
    for (const entry of view.baseline.expiredEntries) {
      lines.push(
        `  ${entry.finding ?? entry.credential} expired ${entry.expires} (${entry.reason}, approved by ${entry.approvedBy})`,
      );
    }
  }
  lines.push('');
  if (scan.status !== 'complete') {
    lines.push(
      'Result: scan incomplete (exit 3): a source failed or was only partly read; see the problems above.',
    );
  } else if (failOn === 'none') {
    lines.push('Result: done (--fail-on none).');
  } else {
    const gating = gatingCount(options.gate ?? view, failOn);
    lines.push(
      gating > 0
        ? `Result: ${gating} open finding${gating === 1 ? '' : 's'} at or above ${failOn}${options.sinceLast ? ', new or not,' : ''} (exit 1).`
        : `Result: clean, nothing open at or above ${failOn} (exit 0).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
