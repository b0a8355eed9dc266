/** Turns a scan's report into the exit code CI gates on (docs/ci.md "Exit codes"). */
import type { JsonReport } from '../../reports/json/types.js';
import { type SummaryView, summaryViewOf } from '../report/summary-view.js';
import { EXIT } from './exit-codes.js';
import { type FailOn, severityAtLeast } from './options.js';

/** How many open findings are at or above `failOn`. */
export function gatingCount(report: JsonReport | SummaryView, failOn: FailOn): number {
  const view = 'findingCounts' in report ? report : summaryViewOf(report);
  let count = 0;
  for (const entry of view.findingCounts) {
    if (entry.status === 'open' && severityAtLeast(entry.severity, failOn)) count += entry.count;
  }
  return count;
}

export function scanExitCode(report: JsonReport | SummaryView, failOn: FailOn): number {
  if (report.scan.status !== 'complete') return EXIT.incomplete;
  return gatingCount(report, failOn) > 0 ? EXIT.findings : EXIT.clean;
}
