/** Turns a scan's report into the exit code CI gates on (DESIGN exit codes). */
import type { JsonReport } from '../../reports/json/types.js';
import { EXIT } from './exit-codes.js';
import { type FailOn, severityAtLeast } from './options.js';

export function gatingFindings(report: JsonReport, failOn: FailOn) {
  return report.findings.filter(
    (finding) => finding.status === 'open' && severityAtLeast(finding.severity, failOn),
  );
}

export function scanExitCode(report: JsonReport, failOn: FailOn): number {
  if (report.scan.status !== 'complete') return EXIT.incomplete;
  return gatingFindings(report, failOn).length > 0 ? EXIT.findings : EXIT.clean;
}
