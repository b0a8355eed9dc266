/**
 * The `sarif` report format: SARIF 2.1.0 shaped for GitHub code scanning (upload with
 * github/codeql-action/upload-sarif). One run; one rule per rule id; one result per open finding.
 *
 * - Identity: `partialFingerprints.primaryLocationLineHash` is derived from the finding uid (GitHub
 *   uses only that key), so an alert follows its finding from run to run although every result
 *   points at the same line; `nhiscanFindingUid/v1` carries the uid itself.
 * - Location: line 1 of a repository file (`--sarif-location`, default nhiscan.yaml), plus a
 *   logical location naming the credential uid. The region is line 1 from column 1 with no
 *   `endColumn`: SARIF reads an absent endColumn as the end of the line, and the renderer never
 *   reads the file (it is in the CI checkout, not necessarily where the report is rendered), so
 *   the line's length is not known.
 * - Suppressed findings are left out: GitHub ignores SARIF `suppressions` and would open them as
 *   alerts. A baselined finding's alert therefore closes; when the entry expires the same
 *   fingerprint comes back and the alert re-opens, its message naming the expired entry.
 * - GitHub keeps only the first 5,000 results of a run (and rejects more than 25,000): results
 *   stop at SARIF_MAX_RESULTS, most severe first (report order); the rest are counted per rule in
 *   run.properties.resultsLeftOut(ByRule) and a tool notification pointing at the JSON report.
 * - Compliance: each result's `properties.compliance` is its finding's items (rules.ts has the
 *   rules' items, tags and helpUri).
 * - An incomplete scan is `executionSuccessful: false` with a notification per source problem.
 */
import { RULE_IDS, type RuleId, type Severity } from '../../src/core/model.js';
import { entryTarget, expiredEntryOf, expiredEntryText } from '../ci-context.js';
import { buildJsonReport, type JsonReportInput } from '../json/build.js';
import type { JsonReport, ReportCredential, ReportFinding } from '../json/types.js';
import type { RenderOptions } from '../types.js';
import { sarifDriver } from './driver.js';
import { DEFAULT_SARIF_LOCATION, sarifArtifactUri } from './location.js';
import { SARIF_RULES, type SarifLevel, sarifLevel } from './rules.js';

export { DEFAULT_SARIF_LOCATION, sarifArtifactUri } from './location.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub code scanning keeps only this many results of a run (and rejects a run of over 25,000). */
export const SARIF_MAX_RESULTS = 5_000;

interface Notification {
  level: SarifLevel;
  message: { text: string };
  descriptor: { id: string };
}

/** `nhi-59be47a4…` → 16 hex digits and an occurrence, the shape CodeQL gives this key. */
function lineHash(findingUid: string): string {
  return `${findingUid.replace(/^nhi-/, '').slice(0, 16)}:1`;
}

function result(
  finding: ReportFinding,
  ruleIndex: number,
  credential: ReportCredential | undefined,
  uri: string,
  report: JsonReport,
) {
  const expired = expiredEntryOf(finding, report.baseline?.expiredEntries ?? []);
  const title = finding.title.endsWith('.') ? finding.title : `${finding.title}.`;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: expired ? `${title} Its ${expiredEntryText(expired)}.` : title },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1, endLine: 1 },
        },
        logicalLocations: [
          {
            name: credential?.externalId ?? finding.credentialUid,
            fullyQualifiedName: finding.credentialUid,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: lineHash(finding.uid),
      'nhiscanFindingUid/v1': finding.uid,
    },
    properties: {
      findingUid: finding.uid,
      severity: finding.severity,
      credentialUid: finding.credentialUid,
      ...(credential ? { provider: credential.provider, account: credential.account } : {}),
      ...(credential?.owner.employeeId ? { ownerEmployeeId: credential.owner.employeeId } : {}),
      firstSeenAt: finding.firstSeenAt,
      evidence: finding.evidence,
      compliance: finding.compliance,
      ...(expired ? { expiredBaselineEntry: expired } : {}),
    },
  };
}

/** Open findings left out of the results, per rule in rule-table order (rules with none omitted). */
function leftOutByRule(findings: readonly ReportFinding[]): Partial<Record<RuleId, number>> {
  const counts = new Map<RuleId, number>();
  for (const { rule } of findings) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return Object.fromEntries(
    RULE_IDS.flatMap((rule) => (counts.has(rule) ? [[rule, counts.get(rule)!]] : [])),
  );
}

function notifications(report: JsonReport, leftOut: Partial<Record<RuleId, number>>): Notification[] {
  const list: Notification[] = [];
  for (const source of report.scan.sources) {
    if (source.status === 'complete') continue;
    const problems =
      source.problems.length > 0 ? source.problems : [{ scope: 'source', reason: source.status }];
    for (const problem of problems) {
      list.push({
        level: 'error',
        message: {
          text: `Source ${source.name} (${source.type}) is ${source.status}: ${problem.scope}: ${problem.reason}. The scan is incomplete; findings there may be missing.`,
        },
        descriptor: { id: 'scan-incomplete' },
      });
    }
  }
  for (const entry of report.baseline?.expiredEntries ?? []) {
    list.push({
      level: 'warning',
      message: { text: `The ${expiredEntryText(entry)}: renew or remove it.` },
      descriptor: { id: 'baseline-entry-expired' },
    });
  }
  const perRule = Object.entries(leftOut);
  if (perRule.length > 0) {
    const total = perRule.reduce((sum, [, count]) => sum + count, 0);
    const rules = perRule.map(([rule, count]) => `${rule} ${count}`).join(', ');
    list.push({
      level: 'warning',
      message: {
        text: `${total} open finding(s) are not in this file (${rules}): GitHub code scanning keeps only the first ${SARIF_MAX_RESULTS} results of a run, so the file has the ${SARIF_MAX_RESULTS} most severe. The JSON report (--format json) lists every finding.`,
      },
      descriptor: { id: 'results-left-out' },
    });
  }
  return list;
}

/** The SARIF log as an object (tests validate it against the official schema). */
export function buildSarif(input: JsonReportInput, options: RenderOptions = {}) {
  const location = sarifArtifactUri(options.sarifLocation ?? DEFAULT_SARIF_LOCATION);
  if ('error' in location) throw new Error(`--sarif-location: ${location.error}`);
  const report = buildJsonReport(input);
  const credentials = new Map(report.credentials.map((credential) => [credential.uid, credential]));
  const ruleIndex = new Map(SARIF_RULES.map((rule, index) => [rule.id, index]));
  const open = report.findings.filter((finding) => finding.status === 'open');
  const kept = open.slice(0, SARIF_MAX_RESULTS);
  const leftOut = leftOutByRule(open.slice(SARIF_MAX_RESULTS));
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const finding of open) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: sarifDriver(report.tool.version) },
        automationDetails: { id: `nhiscan/run-${report.scan.runId}` },
        invocations: [
          {
            executionSuccessful: report.scan.status === 'complete',
            startTimeUtc: report.scan.startedAt,
            ...(report.scan.finishedAt ? { endTimeUtc: report.scan.finishedAt } : {}),
            toolExecutionNotifications: notifications(report, leftOut),
          },
        ],
        columnKind: 'utf16CodeUnits' as const,
        results: kept.map((finding) =>
          result(
            finding,
            ruleIndex.get(finding.rule)!,
            credentials.get(finding.credentialUid),
            location.uri,
            report,
          ),
        ),
        properties: {
          scanRunId: report.scan.runId,
          scanStatus: report.scan.status,
          asOf: report.scan.asOf,
          openFindings: open.length,
          openBySeverity: bySeverity,
          // Not uploaded as results: GitHub would open them as alerts (it ignores SARIF suppressions).
          suppressedFindings: report.summary.findings.suppressed,
          resultsLeftOut: open.length - kept.length,
          resultsLeftOutByRule: leftOut,
          expiredBaselineEntries: (report.baseline?.expiredEntries ?? []).map(entryTarget),
          ...(options.sinceLast
            ? { newSinceCompleteRun: options.sinceLast.previousCompleteRunId ?? 'none (first complete scan)' }
            : {}),
        },
      },
    ],
  };
}

export function renderSarif(input: JsonReportInput, options: RenderOptions = {}): string {
  return `${JSON.stringify(buildSarif(input, options), null, 2)}\n`;
}
