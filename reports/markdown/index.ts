/**
 * The `markdown` report format: a summary for a CI job page (`>> $GITHUB_STEP_SUMMARY` on GitHub,
 * which takes at most 1 MiB per step). Every table is capped and says "and N more"; every cell is
 * one escaped line of bounded length, so the size is bounded whatever the estate, and a last
 * guard cuts at a line boundary below MAX_BYTES all the same.
 */
import { RULE_IDS, SEVERITIES, type Severity } from '../../src/core/model.js';
import { FRAMEWORKS } from '../../src/policy/compliance.js';
import { RULES } from '../../src/policy/rules.js';
import { entryTarget, expiredEntryOf } from '../ci-context.js';
import { buildJsonReport, type JsonReportInput } from '../json/build.js';
import type { JsonReport, ReportCredential, ReportFinding } from '../json/types.js';
import type { RenderOptions } from '../types.js';
import { complianceRows } from './compliance.js';
import { mdCode, mdTable, mdText } from './escape.js';

/** GitHub's step-summary limit is 1 MiB; stay clearly below it. */
export const MAX_BYTES = 1_000_000;
export const LIMITS = {
  findings: 50,
  leavers: 25,
  sources: 30,
  problemsPerSource: 3,
  expiredEntries: 20,
  complianceItems: 30,
};

const SEVERITY_MARK: Readonly<Record<Severity, string>> = {
  critical: '🟥 critical',
  high: '🟧 high',
  medium: '🟨 medium',
  low: '🟦 low',
  info: '⬜ info',
};

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

function andMore(shown: number, total: number, what: string, where: string): string[] {
  return total > shown ? ['', `_…and ${total - shown} more ${what} (${where})._`] : [];
}

function owner(credential: ReportCredential | undefined): string {
  const person = credential?.owner;
  if (!person?.employeeId) return person?.outcome === 'unmatched' ? '_not in HR_' : '_none_';
  return `${mdText(person.name ?? person.employeeId, 60)} (${mdText(person.employeeId, 20)})`;
}

function warnings(report: JsonReport): string[] {
  const lines: string[] = [];
  if (report.scan.status !== 'complete') {
    const incomplete = report.scan.sources.filter((source) => source.status !== 'complete');
    lines.push(
      '> [!WARNING]',
      `> **The scan is incomplete (${report.scan.status}, exit 3)**: ${incomplete
        .slice(0, LIMITS.sources)
        .map((source) => `${mdText(source.name, 60)} is ${source.status}`)
        .join(', ')}. Findings from what could not be read may be missing; this is not a clean result.`,
      '',
    );
  }
  const expired = report.baseline?.expiredEntries ?? [];
  if (expired.length > 0) {
    lines.push(
      '> [!WARNING]',
      `> **${plural(expired.length, 'baseline entry', 'baseline entries')} expired** and no longer suppress${expired.length === 1 ? 'es' : ''}: renew or remove ${expired.length === 1 ? 'it' : 'them'}.`,
      '>',
    );
    for (const entry of expired.slice(0, LIMITS.expiredEntries)) {
      lines.push(
        `> - ${mdCode(entryTarget(entry), 80, false)} expired ${mdText(entry.expires, 30)}: ${mdText(entry.reason, 120)} (approved by ${mdText(entry.approvedBy, 60)})`,
      );
    }
    if (expired.length > LIMITS.expiredEntries) {
      lines.push(`> - …and ${expired.length - LIMITS.expiredEntries} more (see the JSON report)`);
    }
    lines.push('');
  }
  return lines;
}

function rulesTable(report: JsonReport): string[] {
  const current = report.findings.filter((finding) => finding.status !== 'resolved');
  const rows = RULE_IDS.flatMap((rule) => {
    const findings = current.filter((finding) => finding.rule === rule);
    if (findings.length === 0) return [];
    const open = findings.filter((finding) => finding.status === 'open');
    const worst = [...SEVERITIES].reverse().find((severity) => open.some((f) => f.severity === severity));
    return [
      [
        mdCode(rule),
        mdText(RULES[rule].label),
        String(open.length),
        String(findings.length - open.length),
        worst ? SEVERITY_MARK[worst] : '—',
      ],
    ];
  });
  if (rows.length === 0) return [];
  return [
    '### Findings by rule',
    '',
    ...mdTable(['Rule', 'What', 'Open', 'Suppressed', 'Worst open'], rows),
    '',
  ];
}

function complianceTable(report: JsonReport): string[] {
  const rows = complianceRows(report);
  if (rows.length === 0) return [];
  const shown = rows.slice(0, LIMITS.complianceItems);
  return [
    '### Compliance: framework items with findings',
    '',
    ...mdTable(
      ['Framework', 'Item', 'Open', 'Suppressed', 'Rules'],
      shown.map((row) => [
        mdText(FRAMEWORKS[row.framework].name, 80),
        `${mdCode(row.id, 20)} ${mdText(row.name, 200)}`,
        String(row.open),
        String(row.suppressed),
        row.rules.map((rule) => mdCode(rule)).join(', '),
      ]),
    ),
    ...andMore(shown.length, rows.length, 'framework items', "the JSON report has every finding's items"),
    '',
  ];
}

function findingsTable(report: JsonReport): string[] {
  const open = report.findings.filter((finding) => finding.status === 'open');
  if (open.length === 0) return [];
  const credentials = new Map(report.credentials.map((credential) => [credential.uid, credential]));
  const expired = report.baseline?.expiredEntries ?? [];
  const row = (finding: ReportFinding) => {
    const entry = expiredEntryOf(finding, expired);
    return [
      SEVERITY_MARK[finding.severity],
      mdCode(finding.rule),
      mdCode(finding.credentialUid, 90),
      owner(credentials.get(finding.credentialUid)),
      mdText(finding.title, 160) + (entry ? ` ⚠️ baseline entry expired ${mdText(entry.expires, 30)}` : ''),
      mdText(finding.compliance.join(', '), 200),
    ];
  };
  const shown = open.slice(0, LIMITS.findings);
  return [
    '### Open findings, most severe first',
    '',
    ...mdTable(['Severity', 'Rule', 'Credential', 'Owner', 'Finding', 'Compliance'], shown.map(row)),
    // Not "the SARIF alerts": SARIF stops at 5,000 results, the JSON report never does.
    ...andMore(shown.length, open.length, 'open findings', 'the JSON report lists them all'),
    '',
  ];
}

function leaversTable(report: JsonReport): string[] {
  const leavers = report.summary.leaversWithLiveCredentials;
  if (leavers.length === 0) return [];
  const shown = leavers.slice(0, LIMITS.leavers);
  return [
    '### Leavers still holding live credentials',
    '',
    ...mdTable(
      ['Employee', 'Name', 'Left', 'Live credentials'],
      shown.map((leaver) => [
        mdText(leaver.employeeId, 30),
        mdText(leaver.name, 60),
        mdText(leaver.terminationDate ?? 'terminated', 30),
        String(leaver.credentials),
      ]),
    ),
    ...andMore(shown.length, leavers.length, 'leavers', 'the JSON report lists them all'),
    '',
  ];
}

function sourcesTable(report: JsonReport): string[] {
  const sources = report.scan.sources;
  const shown = sources.slice(0, LIMITS.sources);
  const problems = (list: readonly { scope: string; reason: string }[]) => {
    if (list.length === 0) return '';
    const text = list
      .slice(0, LIMITS.problemsPerSource)
      .map((problem) => mdText(`${problem.scope}: ${problem.reason}`, 120))
      .join('; ');
    return list.length > LIMITS.problemsPerSource
      ? `${text}; …and ${list.length - LIMITS.problemsPerSource} more`
      : text;
  };
  return [
    '### Sources',
    '',
    ...mdTable(
      ['Source', 'Type', 'Status', 'Credentials', 'Could not read'],
      shown.map((source) => [
        mdText(source.name, 60),
        mdText(source.type, 30),
        source.status === 'complete' ? 'complete' : `**${source.status}**`,
        String(source.credentials),
        problems(source.problems),
      ]),
    ),
    ...andMore(shown.length, sources.length, 'sources', 'the JSON report lists them all'),
    '',
  ];
}

/** Keeps whole lines while the text stays under `max` bytes, then says what was cut. */
export function capBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  const note = '\n_…the summary was cut here to stay under the 1 MiB step-summary limit._\n';
  const budget = max - Buffer.byteLength(note);
  const lines = text.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    const next = Buffer.byteLength(line) + 1;
    if (size + next > budget) break;
    kept.push(line);
    size += next;
  }
  return `${kept.join('\n')}${note}`;
}

export function renderMarkdown(input: JsonReportInput, options: RenderOptions = {}): string {
  const report = buildJsonReport(input);
  const { scan, summary } = report;
  const findings = summary.findings;
  const severities = [...SEVERITIES]
    .reverse()
    .filter((severity) => report.findings.some((f) => f.status === 'open' && f.severity === severity))
    .map((severity) => {
      const count = report.findings.filter((f) => f.status === 'open' && f.severity === severity).length;
      return `${severity} ${count}`;
    });
  const lines = [
    `## nhiscan scan #${scan.runId} as of ${mdText(scan.asOf.slice(0, 10), 10)}: ${scan.status === 'complete' ? 'complete' : `⚠️ ${scan.status}`}`,
    '',
    ...warnings(report),
  ];
  if (options.sinceLast) {
    const since = options.sinceLast.previousCompleteRunId;
    lines.push(
      since === null
        ? '_Only findings new since the last complete scan: there was none before, so every finding is new._'
        : `_Only findings new since complete scan #${since} (first raised, or raised again, after it)._`,
      '',
    );
  }
  lines.push(
    `**${plural(findings.open, 'open finding')}**${severities.length ? ` (${severities.join(', ')})` : ''} · ${findings.suppressed} suppressed by the baseline · ${findings.resolved} resolved in this run`,
    '',
    `${plural(summary.credentials, 'live credential')} · ${plural(summary.people, 'person', 'people')} in HR (${mdText(scan.hr.source, 80)}) · ${plural(summary.leaversWithLiveCredentials.length, 'leaver')} still holding live credentials`,
    '',
    ...rulesTable(report),
    ...complianceTable(report),
    ...findingsTable(report),
    ...leaversTable(report),
    ...sourcesTable(report),
    `<sub>nhiscan ${mdText(report.tool.version, 20)} · report generated ${mdText(report.generatedAt, 30)}</sub>`,
    '',
  );
  return capBytes(lines.join('\n'), MAX_BYTES);
}
