/**
 * What the scan summary and the exit code need, and nothing more: the run, its sources, and the
 * findings counted by rule, severity and status. Read from the store with aggregate queries
 * (src/store/report-counts.ts), so a scan of 100,000 credentials prints its summary without loading
 * the estate into memory (the full report, --json, still does).
 */
import { buildJsonReport } from '../../reports/json/build.js';
import type { JsonReport, ReportBaselineEntry } from '../../reports/json/types.js';
import { type Person, RULE_IDS, type RuleId, SEVERITIES, type Severity } from '../core/model.js';
import { isLeaver } from '../core/people.js';
import { isExpired } from '../policy/evaluate.js';
import {
  type Db,
  type FindingCount,
  findingsResolvedInRun,
  liveCredentialCount,
  liveOwnedCredentials,
  scanRun,
  snapshotPeople,
  snapshotPeopleCount,
  unresolvedFindingCounts,
} from '../store/index.js';
import { collectReportInput } from './report-input.js';

export type { FindingCount };

export interface SummaryView {
  scan: JsonReport['scan'];
  summary: JsonReport['summary'];
  baseline?: JsonReport['baseline'];
  /** Open and suppressed findings, counted by rule, severity and status. */
  findingCounts: readonly FindingCount[];
}

/** The view of a full report (what --json and --since-last build). */
export function summaryViewOf(report: JsonReport): SummaryView {
  const counts = new Map<string, FindingCount>();
  for (const finding of report.findings) {
    if (finding.status === 'resolved') continue;
    const key = `${finding.rule} ${finding.severity} ${finding.status}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else
      counts.set(key, { rule: finding.rule, severity: finding.severity, status: finding.status, count: 1 });
  }
  return {
    scan: report.scan,
    summary: report.summary,
    ...(report.baseline ? { baseline: report.baseline } : {}),
    findingCounts: [...counts.values()],
  };
}

/** The same view, read from the store without loading credentials or findings one by one. */
export function summaryViewFromStore(
  db: Db,
  options: { generatedAt: Date; expiredBaselineEntries?: readonly ReportBaselineEntry[] },
): SummaryView {
  // The run, HR and sources sections come from the report builder itself (with no estate in it),
  // so both views say exactly the same about them.
  const frame = collectReportInput(db, { ...options, withEstate: false });
  const runId = frame.run.id;
  const asOf = new Date(frame.run.asOf);
  // collectReportInput refused a run without an HR snapshot.
  const snapshotId = scanRun(db, runId)!.hrSnapshotId!;
  const people = snapshotPeopleCount(db, snapshotId);
  const report = buildJsonReport(frame);

  const findingCounts = unresolvedFindingCounts(db);
  const resolved = findingsResolvedInRun(db, runId);
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  const ruleCounts = new Map<RuleId, number>();
  let open = 0;
  let suppressed = 0;
  for (const entry of findingCounts) {
    bySeverity[entry.severity] += entry.count;
    ruleCounts.set(entry.rule, (ruleCounts.get(entry.rule) ?? 0) + entry.count);
    if (entry.status === 'open') open += entry.count;
    else suppressed += entry.count;
  }
  const byRule: Partial<Record<RuleId, number>> = {};
  for (const rule of RULE_IDS) {
    const count = ruleCounts.get(rule);
    if (count) byRule[rule] = count;
  }

  return {
    scan: { ...report.scan, hr: { ...report.scan.hr, people } },
    summary: {
      credentials: liveCredentialCount(db),
      people,
      findings: { total: open + suppressed, open, suppressed, resolved, bySeverity, byRule },
      leaversWithLiveCredentials: leaversWithLiveCredentials(db, snapshotId, asOf),
    },
    ...(report.baseline ? { baseline: report.baseline } : {}),
    findingCounts,
  };
}

/** Leavers who still own a live, active, unexpired credential, by employee id (as the report says). */
function leaversWithLiveCredentials(
  db: Db,
  snapshotId: number,
  asOf: Date,
): JsonReport['summary']['leaversWithLiveCredentials'] {
  const leavers = new Map<string, Person>();
  for (const person of snapshotPeople(db, snapshotId))
    if (isLeaver(person, asOf)) leavers.set(person.employeeId, person);
  const live = new Map<string, number>();
  for (const row of liveOwnedCredentials(db)) {
    if (!leavers.has(row.owner) || row.status !== 'active') continue;
    if (isExpired({ status: row.status, expiresAt: row.expiresAt } as Parameters<typeof isExpired>[0], asOf))
      continue;
    live.set(row.owner, (live.get(row.owner) ?? 0) + 1);
  }
  return [...live]
    .map(([employeeId, credentials]) => {
      const person = leavers.get(employeeId)!;
      return {
        employeeId,
        email: person.email,
        name: person.name,
        terminationDate: person.terminationDate,
        credentials,
      };
    })
    .sort((a, b) => (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0));
}
