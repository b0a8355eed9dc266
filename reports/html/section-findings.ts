/**
 * Findings: open findings by severity and by rule (bar charts), then each finding in report order
 * (most severe first) as a `<details>` whose summary is one line and whose body holds the evidence,
 * opened by a click without any script. At most LIMITS.findings are listed; each evidence is cut at
 * LIMITS.evidenceCharacters, and both cuts say so.
 */
import { RULE_IDS, SEVERITIES } from '../../src/core/model.js';
import { complianceRefOf } from '../../src/policy/compliance.js';
import { RULES } from '../../src/policy/rules.js';
import type { ReportFinding } from '../json/types.js';
import type { PageContext } from './context.js';
import { count, type Html, html } from './escape.js';
import { LIMITS } from './limits.js';
import { andMore, code, day, section, severityBadge, uid } from './parts.js';
import { barChart } from './svg-charts.js';

function charts(context: PageContext): Html {
  const open = context.openFindings;
  const bySeverity = [...SEVERITIES].reverse().map((severity) => ({
    label: severity,
    value: open.filter((finding) => finding.severity === severity).length,
    tone: severity,
  }));
  const byRule = RULE_IDS.flatMap((rule) => {
    const findings = open.filter((finding) => finding.rule === rule);
    if (findings.length === 0) return [];
    // A rule's bar takes the fill of its worst open finding.
    const worst = [...SEVERITIES]
      .reverse()
      .find((severity) => findings.some((f) => f.severity === severity))!;
    return [{ label: rule, value: findings.length, tone: worst }];
  });
  return html`<div class="chart-row"><div><h3>Open findings by severity</h3>${barChart({
    id: 'chart-severity',
    title: 'Open findings by severity',
    unit: 'Open findings',
    bars: bySeverity,
  })}</div><div><h3>Open findings by rule</h3>${barChart({
    id: 'chart-rule',
    title: 'Open findings by rule (each bar filled as its most severe finding)',
    unit: 'Open findings',
    bars: byRule,
  })}</div></div>`;
}

function evidenceText(finding: ReportFinding): string {
  const text = JSON.stringify(finding.evidence, null, 2);
  return text.length > LIMITS.evidenceCharacters
    ? `${text.slice(0, LIMITS.evidenceCharacters)}\n… cut at ${count(LIMITS.evidenceCharacters)} characters; report.json has it whole`
    : text;
}

function owner(context: PageContext, finding: ReportFinding): Html {
  const person = context.credentialsByUid.get(finding.credentialUid)?.owner;
  if (!person?.employeeId)
    return html`none (${person?.outcome === 'unmatched' ? 'not in HR' : 'no owner resolved'})`;
  return html`${person.name ?? person.employeeId} (${person.employeeId}${person.email ? `, ${person.email}` : ''})`;
}

function findingDetails(context: PageContext, finding: ReportFinding, index: number): Html {
  const rule = RULES[finding.rule];
  const credential = context.credentialsByUid.get(finding.credentialUid);
  return html`<details class="finding" id="${`finding-${index + 1}`}"><summary>${severityBadge(finding.severity)} ${code(finding.rule)} ${finding.title}${
    finding.status === 'open' ? '' : html` <span class="status">(${finding.status})</span>`
  }</summary><div class="finding-body"><dl class="facts">
<dt>Credential</dt><dd>${uid(finding.credentialUid)}${credential ? ` — ${credential.kind} in ${credential.provider} ${credential.account}, ${credential.state}` : ''}</dd>
<dt>Owner</dt><dd>${owner(context, finding)}</dd>
<dt>Status</dt><dd>${finding.status}; first seen ${day(finding.firstSeenAt)}, last seen ${day(finding.lastSeenAt)}${finding.resolvedAt ? `, resolved ${day(finding.resolvedAt)}` : ''}</dd>
${finding.suppression ? html`<dt>Suppressed</dt><dd>${finding.suppression.reason} (approved by ${finding.suppression.approvedBy}, until ${finding.suppression.expires})</dd>` : ''}
<dt>Rule</dt><dd>${rule.label}: ${rule.description}</dd>
<dt>What to do</dt><dd>${rule.remediation}</dd>
<dt>Compliance</dt><dd>${finding.compliance.length ? finding.compliance.map((label) => `${label} ${complianceRefOf(label).name}`).join('; ') : '—'}</dd>
<dt>Finding uid</dt><dd>${uid(finding.uid)}</dd>
</dl><p class="evidence-label">Evidence</p><pre class="evidence">${evidenceText(finding)}</pre></div></details>`;
}

/** Open findings by severity and by rule. */
export function findingChartsSection(context: PageContext): Html {
  return section('findings', 'Findings', charts(context));
}

/** Every finding (up to the cap) with its evidence behind a click. */
export function findingListSection(context: PageContext): Html {
  const findings = context.report.findings;
  const shown = findings.slice(0, LIMITS.findings);
  return section(
    'finding-list',
    'Each finding and its evidence',
    html`<p>${count(findings.length)} findings (open, suppressed and resolved in this run), most severe first. Click a finding to see its evidence.</p>${
      shown.length
        ? shown.map((finding, index) => findingDetails(context, finding, index))
        : html`<p>No findings.</p>`
    }${andMore(shown.length, findings.length, 'findings')}`,
  );
}
