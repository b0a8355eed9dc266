/**
 * The `junit` report format: JUnit XML as GitLab (`artifacts:reports:junit`) and Jenkins (junit
 * step) read it. What a test case means:
 *
 * - Suite `nhiscan.sources`: one case per configured source. It errors when the source was only
 *   partly read or failed ("could not look" is never a pass).
 * - Suite `nhiscan.<rule>` for every rule id, in rule-table order:
 *   - one failing case per open finding (classname `nhiscan.<rule>`, name = credential uid), its
 *     body the finding's facts and evidence;
 *   - one skipped case per finding suppressed by the baseline, with the entry's reason;
 *   - both carry the finding's compliance items (`owasp-nhi:NHI1 Improper Offboarding`) in their
 *     body text: the only place junit-10.xsd leaves for free text on a case;
 *   - one passing case named `all other credentials`: every other live credential was evaluated
 *     against the rule and passed it. So a rule that did not fire shows as one green case, and
 *     the file grows with the findings, not with the inventory (rules × credentials would be
 *     enormous and say nothing more).
 * - Suite `nhiscan.baseline`, only when baseline entries have expired: one failing case per entry.
 *
 * Names are stable from run to run (GitLab compares cases by classname and name between branches).
 * The document is valid against the Jenkins xUnit plugin's junit-10.xsd (test/schemas/junit/): so
 * `<testsuites>` has no `skipped` attribute (each `<testsuite>` has one; GitLab and Jenkins count
 * the cases themselves).
 * At most MAX_LISTED findings are listed, most severe first; a rule whose findings were cut short
 * gets one more case, `more findings`, failing when any of the unlisted ones is open.
 */
import { RULE_IDS, type RuleId } from '../../src/core/model.js';
import { complianceRefOf } from '../../src/policy/compliance.js';
import { RULES } from '../../src/policy/rules.js';
import { entryTarget, expiredEntryOf, expiredEntryText } from '../ci-context.js';
import { buildJsonReport, type JsonReportInput } from '../json/build.js';
import type { JsonReport, ReportCredential, ReportFinding } from '../json/types.js';
import type { RenderOptions } from '../types.js';
import { openTag, xmlText } from './xml.js';

/** Findings listed as test cases; GitLab refuses report files over 30 MB. */
export const MAX_LISTED = 20_000;
/** Evidence longer than this is cut in a failure body. */
const MAX_EVIDENCE_CHARS = 4_000;
export const OTHER_CREDENTIALS = 'all other credentials';

type Outcome =
  | { kind: 'pass'; out?: string }
  | { kind: 'failure' | 'error'; message: string; type: string; body: string }
  | { kind: 'skipped'; message: string; body?: string };

interface Case {
  name: string;
  outcome: Outcome;
}

interface Suite {
  name: string;
  cases: Case[];
  properties?: [string, string][];
}

function ownerLine(credential: ReportCredential | undefined): string | undefined {
  const owner = credential?.owner;
  if (!owner?.employeeId) return undefined;
  return `owner: ${owner.name ?? '?'} <${owner.email ?? '?'}> (${owner.employeeId}, ${owner.outcome}, confidence ${owner.confidence})`;
}

function evidenceText(evidence: Record<string, unknown>): string {
  const text = JSON.stringify(evidence, null, 2);
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}\n… (cut)` : text;
}

/** `compliance:` and one `framework:id name` line per item; nothing when there is none. */
function complianceLines(labels: readonly string[]): string[] {
  if (labels.length === 0) return [];
  return ['compliance:', ...labels.map((label) => `  ${label} ${complianceRefOf(label).name}`)];
}

function findingCase(
  finding: ReportFinding,
  report: JsonReport,
  credential: ReportCredential | undefined,
): Case {
  if (finding.status === 'suppressed' && finding.suppression) {
    const { reason, approvedBy, expires } = finding.suppression;
    const message = `suppressed by the baseline until ${expires}: ${reason} (approved by ${approvedBy})`;
    return {
      name: finding.credentialUid,
      outcome: {
        kind: 'skipped',
        message,
        body: [message, '', ...complianceLines(finding.compliance)].join('\n'),
      },
    };
  }
  const expired = expiredEntryOf(finding, report.baseline?.expiredEntries ?? []);
  const lines = [
    finding.title,
    '',
    `rule: ${finding.rule} (${RULES[finding.rule].label})`,
    `severity: ${finding.severity}`,
    `finding: ${finding.uid}`,
    `credential: ${finding.credentialUid}`,
    ownerLine(credential),
    `first seen: ${finding.firstSeenAt}`,
    expired ? `baseline: ${expiredEntryText(expired)}` : undefined,
    `what to do: ${RULES[finding.rule].remediation}`,
    ...complianceLines(finding.compliance),
    'evidence:',
    evidenceText(finding.evidence),
  ].filter((line): line is string => line !== undefined);
  return {
    name: finding.credentialUid,
    outcome: { kind: 'failure', message: finding.title, type: finding.severity, body: lines.join('\n') },
  };
}

function sourcesSuite(report: JsonReport): Suite {
  const { scan } = report;
  return {
    name: 'nhiscan.sources',
    properties: [
      ['nhiscan.version', report.tool.version],
      ['scan.runId', String(scan.runId)],
      ['scan.asOf', scan.asOf],
      ['scan.status', scan.status],
      ['hr.source', scan.hr.source],
      ['hr.people', String(scan.hr.people)],
    ],
    cases: scan.sources.map((source): Case => {
      const name = `${source.name} (${source.type})`;
      if (source.status === 'complete') {
        return { name, outcome: { kind: 'pass', out: `${source.credentials} credentials read` } };
      }
      const problems = source.problems.map((problem) => `${problem.scope}: ${problem.reason}`);
      return {
        name,
        outcome: {
          kind: 'error',
          type: source.status,
          message: `${source.name} is ${source.status}: the scan is incomplete (exit 3)`,
          body: [`${source.credentials} credentials read; could not read:`, ...problems].join('\n'),
        },
      };
    }),
  };
}

function ruleSuites(report: JsonReport, options: RenderOptions): Suite[] {
  const credentials = new Map(report.credentials.map((credential) => [credential.uid, credential]));
  const current = report.findings.filter((finding) => finding.status !== 'resolved');
  const listed = new Set(current.slice(0, MAX_LISTED));
  const byRule = new Map<RuleId, ReportFinding[]>(RULE_IDS.map((rule) => [rule, []]));
  for (const finding of current) byRule.get(finding.rule)!.push(finding);
  const live = report.summary.credentials;
  return RULE_IDS.map((rule): Suite => {
    const findings = byRule.get(rule)!;
    const cases = findings
      .filter((finding) => listed.has(finding))
      .map((finding) => findingCase(finding, report, credentials.get(finding.credentialUid)));
    const unlisted = findings.filter((finding) => !listed.has(finding));
    if (unlisted.length > 0) {
      const open = unlisted.filter((finding) => finding.status === 'open').length;
      const text = `${unlisted.length} more finding(s) of this rule are not listed (${open} open): the report lists at most ${MAX_LISTED}, most severe first. The JSON report has them all.`;
      cases.push({
        name: 'more findings',
        outcome:
          open > 0
            ? { kind: 'failure', type: 'more', message: text, body: text }
            : { kind: 'skipped', message: text },
      });
    }
    const affected = new Set(findings.map((finding) => finding.credentialUid)).size;
    const others = Math.max(live - affected, 0);
    cases.push({
      name: OTHER_CREDENTIALS,
      outcome: {
        kind: 'pass',
        out: options.sinceLast
          ? `${others} of ${live} live credentials have no finding of this rule that is new since the last complete scan.`
          : `${others} of ${live} live credentials were evaluated against ${rule} and pass it.`,
      },
    });
    return { name: `nhiscan.${rule}`, cases };
  });
}

function baselineSuite(report: JsonReport): Suite | undefined {
  const expired = report.baseline?.expiredEntries ?? [];
  if (expired.length === 0) return undefined;
  return {
    name: 'nhiscan.baseline',
    cases: expired.map((entry) => ({
      name: entryTarget(entry),
      outcome: {
        kind: 'failure',
        type: 'baseline-entry-expired',
        message: `baseline entry expired on ${entry.expires}; it no longer suppresses`,
        body: `The ${expiredEntryText(entry)}. Renew it (nhiscan baseline add) or remove it.`,
      },
    })),
  };
}

function count(suite: Suite, kind: Outcome['kind']): number {
  return suite.cases.filter((item) => item.outcome.kind === kind).length;
}

/** A suite's counts; `<testsuites>` takes all but `skipped` (junit-10.xsd has none there). */
function counts(suites: readonly Suite[]) {
  const sum = (kind: Outcome['kind']) => suites.reduce((total, suite) => total + count(suite, kind), 0);
  return {
    tests: suites.reduce((total, suite) => total + suite.cases.length, 0),
    failures: sum('failure'),
    errors: sum('error'),
    skipped: sum('skipped'),
  };
}

function renderCase(classname: string, item: Case): string[] {
  const open = `    ${openTag('testcase', { classname, name: item.name, time: '0' })}`;
  const { outcome } = item;
  switch (outcome.kind) {
    case 'pass':
      return outcome.out
        ? [`${open}>`, `      <system-out>${xmlText(outcome.out)}</system-out>`, '    </testcase>']
        : [`${open}/>`];
    case 'skipped': {
      const tag = `      ${openTag('skipped', { message: outcome.message })}`;
      return [
        `${open}>`,
        outcome.body === undefined ? `${tag}/>` : `${tag}>${xmlText(outcome.body)}</skipped>`,
        '    </testcase>',
      ];
    }
    case 'failure':
    case 'error':
      return [
        `${open}>`,
        `      ${openTag(outcome.kind, { message: outcome.message, type: outcome.type })}>${xmlText(outcome.body)}</${outcome.kind}>`,
        '    </testcase>',
      ];
  }
}

function renderSuite(suite: Suite): string[] {
  const lines = [`  ${openTag('testsuite', { name: suite.name, ...counts([suite]), time: '0' })}>`];
  if (suite.properties) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties)
      lines.push(`      ${openTag('property', { name, value })}/>`);
    lines.push('    </properties>');
  }
  for (const item of suite.cases) lines.push(...renderCase(suite.name, item));
  lines.push('  </testsuite>');
  return lines;
}

export function renderJunit(input: JsonReportInput, options: RenderOptions = {}): string {
  const report = buildJsonReport(input);
  const suites = [sourcesSuite(report), ...ruleSuites(report, options)];
  const baseline = baselineSuite(report);
  if (baseline) suites.push(baseline);
  const { skipped: _inSuitesOnly, ...total } = counts(suites);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${openTag('testsuites', { name: 'nhiscan', ...total, time: '0' })}>`,
    ...suites.flatMap(renderSuite),
    '</testsuites>',
    '',
  ].join('\n');
}
