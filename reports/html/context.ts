/**
 * What every section of the page reads: the input, the JSON report built from it (so the page
 * says exactly what report.json says: same counts, same order) and lookups made once.
 */
import type { Person } from '../../src/core/model.js';
import { buildJsonReport, peopleByEmployeeId } from '../json/build.js';
import type { JsonReport, ReportCredential, ReportFinding } from '../json/types.js';
import type { RenderOptions } from '../types.js';
import { liveCredentials } from './derive-estate.js';
import type { HtmlReportInput } from './queue-input.js';

export interface PageContext {
  input: HtmlReportInput;
  report: JsonReport;
  options: RenderOptions;
  /** The run's as-of: every "days ago" on the page is counted to it. */
  asOf: Date;
  /** Credentials not gone. */
  live: ReportCredential[];
  credentialsByUid: ReadonlyMap<string, ReportCredential>;
  peopleById: ReadonlyMap<string, Person>;
  openFindings: ReportFinding[];
}

export function pageContext(input: HtmlReportInput, options: RenderOptions): PageContext {
  const report = buildJsonReport(input);
  return {
    input,
    report,
    options,
    asOf: new Date(report.scan.asOf),
    live: liveCredentials(report),
    credentialsByUid: new Map(report.credentials.map((credential) => [credential.uid, credential])),
    peopleById: peopleByEmployeeId(input),
    openFindings: report.findings.filter((finding) => finding.status === 'open'),
  };
}
