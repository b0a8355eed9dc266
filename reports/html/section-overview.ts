/**
 * The top of the page: the headline numbers, and how complete the scan was — the run's status,
 * each source's status and what it could not read, the HR snapshot's date, a frozen queue and
 * expired baseline entries. An incomplete scan is said first, in words, before any number.
 */

import { SEVERITIES } from '../../src/core/model.js';
import { OPEN_STATES } from '../../src/queue/model.js';
import { entryTarget } from '../ci-context.js';
import type { PageContext } from './context.js';
import { count, type Html, html } from './escape.js';
import { LIMITS } from './limits.js';
import { andMore, code, day, plural, section, severityBadge, stateBadge, table, uid } from './parts.js';

function headline(context: PageContext): Html {
  const { summary } = context.report;
  const bySeverity = [...SEVERITIES].reverse().map((severity) => ({
    severity,
    open: context.openFindings.filter((finding) => finding.severity === severity).length,
  }));
  const openRequests = context.input.queue?.requests.filter((request) => OPEN_STATES.includes(request.state));
  return html`<div class="cards">
<div class="card"><span class="card-number">${count(summary.credentials)}</span><span class="card-label">credentials</span></div>
<div class="card"><span class="card-number">${count(summary.people)}</span><span class="card-label">people in HR</span></div>
<div class="card"><span class="card-number">${count(summary.findings.open)}</span><span class="card-label">open findings</span><ul class="card-list">${bySeverity.map(
    ({ severity, open }) => html`<li>${severityBadge(severity)} ${count(open)}</li>`,
  )}</ul></div>
<div class="card${summary.leaversWithLiveCredentials.length ? ' card-alert' : ''}"><span class="card-number">${count(summary.leaversWithLiveCredentials.length)}</span><span class="card-label">leavers with live credentials</span></div>
${openRequests ? html`<div class="card"><span class="card-number">${count(openRequests.length)}</span><span class="card-label">open revocation requests</span></div>` : ''}
</div>
<p>${count(summary.findings.suppressed)} suppressed by the baseline · ${count(summary.findings.resolved)} resolved in this run.</p>`;
}

function warnings(context: PageContext): Html {
  const { scan, baseline } = context.report;
  const incomplete = scan.sources.filter((source) => source.status !== 'complete');
  const expired = baseline?.expiredEntries ?? [];
  const sinceLast = context.options.sinceLast;
  return html`${
    scan.status !== 'complete'
      ? html`<p class="warning" role="note"><strong>Warning: the scan is incomplete (${scan.status}).</strong> ${
          incomplete.length
            ? `${incomplete.map((source) => `${source.name} is ${source.status}`).join(', ')}. `
            : ''
        }Findings from what could not be read may be missing: this is not a clean result.</p>`
      : ''
  }${
    scan.queueFrozen
      ? html`<p class="warning" role="note"><strong>Warning: the revocation queue is frozen</strong> (HR snapshot #${scan.queueFrozen.hrSnapshotId}): ${scan.queueFrozen.reason}</p>`
      : ''
  }${
    expired.length
      ? html`<div class="warning" role="note"><p><strong>Warning: ${plural(expired.length, 'baseline entry', 'baseline entries')} expired</strong> and no longer suppress; renew or remove them.</p><ul>${expired
          .slice(0, LIMITS.expiredBaselineEntries)
          .map(
            (entry) =>
              html`<li>${uid(entryTarget(entry))} expired ${entry.expires}: ${entry.reason} (approved by ${entry.approvedBy})</li>`,
          )}</ul>${andMore(Math.min(expired.length, LIMITS.expiredBaselineEntries), expired.length, 'expired entries')}</div>`
      : ''
  }${
    sinceLast
      ? html`<p class="note">${
          sinceLast.previousCompleteRunId === null
            ? 'Only findings new since the last complete scan: there was none before, so every finding is new.'
            : `Only findings new since complete scan #${sinceLast.previousCompleteRunId} (first raised, or raised again, after it).`
        }</p>`
      : ''
  }`;
}

function sourcesTable(context: PageContext): Html {
  const sources = context.report.scan.sources;
  const shown = sources.slice(0, LIMITS.sources);
  return html`${table(
    'Sources, as the run left them',
    ['Source', 'Type', 'Status', 'Credentials', 'Could not read'],
    shown.map((source) => [
      source.name,
      source.type,
      stateBadge(source.status, source.status === 'complete'),
      count(source.credentials),
      source.problems.length === 0
        ? '—'
        : html`<ul class="problems">${source.problems
            .slice(0, LIMITS.problemsPerSource)
            .map((problem) => html`<li>${uid(problem.scope)}: ${problem.reason}</li>`)}</ul>${
            source.problems.length > LIMITS.problemsPerSource
              ? html`<span class="more">…and ${count(source.problems.length - LIMITS.problemsPerSource)} more</span>`
              : ''
          }`,
    ]),
    [3],
  )}${andMore(shown.length, sources.length, 'sources')}`;
}

export function overviewSection(context: PageContext): Html {
  const { scan } = context.report;
  return html`${section('overview', 'Overview', html`${warnings(context)}${headline(context)}`)}${section(
    'completeness',
    'Scan completeness',
    html`<dl class="facts">
<dt>Scan run</dt><dd>#${scan.runId}: ${stateBadge(scan.status, scan.status === 'complete')}</dd>
<dt>As of</dt><dd>${scan.asOf}</dd>
<dt>Started / finished</dt><dd>${scan.startedAt} / ${scan.finishedAt ?? 'not finished'}</dd>
<dt>HR snapshot</dt><dd>${scan.hr.source}: data as of ${day(scan.hr.asOf)}, imported ${scan.hr.importedAt}, ${plural(scan.hr.people, 'person', 'people')} (sha256 ${code(scan.hr.sha256.slice(0, 16))}…)</dd>
</dl>${sourcesTable(context)}`,
  )}`;
}
