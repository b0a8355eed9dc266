/**
 * Leavers: who still holds live credentials (named, with email, termination date and count), and
 * each leaver's way from termination to disable through the revocation queue, as a table (exact
 * dates) and a timeline chart (the first LIMITS.timelineRows, longest gone first).
 */
import type { PageContext } from './context.js';
import { type LeaverView, leaverViews, timelineRow } from './derive-leavers.js';
import { count, type Html, html } from './escape.js';
import { LIMITS } from './limits.js';
import { andMore, dateCell, plural, section, table } from './parts.js';
import { timelineChart } from './svg-timeline.js';

function progress(leaver: LeaverView): string {
  if (leaver.daysSinceTermination === null) return 'no termination date';
  if (leaver.daysToDisable !== null) return `disabled after ${leaver.daysToDisable} d`;
  return `${leaver.daysSinceTermination} d since termination, nothing disabled`;
}

function leaversTable(leavers: readonly LeaverView[]): Html {
  return table(
    'Leavers, longest gone first: live credentials and the way to disable',
    [
      'Leaver',
      'Terminated',
      'Live credentials',
      'Requests',
      'Request created',
      'Approved',
      'Disabled',
      'Verified',
      'Progress',
    ],
    leavers.map((leaver) => [
      html`<strong>${leaver.name}</strong><br>${leaver.email}<br>${leaver.employeeId}`,
      leaver.terminationDate ? dateCell(leaver.terminationDate) : 'terminated (no date)',
      count(leaver.liveCredentials),
      leaver.requestIds.length ? leaver.requestIds.map((id) => `#${id}`).join(' ') : '—',
      dateCell(leaver.createdAt),
      dateCell(leaver.approvedAt),
      leaver.disabledAt
        ? dateCell(leaver.disabledAt)
        : leaver.plannedAt
          ? html`planned (dry run) ${dateCell(leaver.plannedAt)}`
          : '—',
      dateCell(leaver.verifiedAt),
      progress(leaver),
    ]),
    [2],
  );
}

export function leaversSection(context: PageContext): Html {
  const leavers = leaverViews(context.input, context.report);
  const holding = context.report.summary.leaversWithLiveCredentials.length;
  const shown = leavers.slice(0, LIMITS.leavers);
  const rows = leavers.flatMap((leaver) => timelineRow(leaver) ?? []);
  const drawn = rows.slice(0, LIMITS.timelineRows);
  return section(
    'leavers',
    'Leavers who still hold live credentials',
    html`<p><strong>${plural(holding, 'leaver')} still hold${holding === 1 ? 's' : ''} live credentials</strong>${
      leavers.length > holding
        ? ` (and ${plural(leavers.length - holding, 'leaver')} whose credentials the revocation queue has taken on, with none live any more)`
        : ''
    }.${context.input.queue ? '' : ' The revocation queue was not read for this report: only the days since termination are shown.'}</p>${
      leavers.length
        ? html`${leaversTable(shown)}${andMore(shown.length, leavers.length, 'leavers')}<h3>From termination to disable</h3>${timelineChart(
            {
              id: 'chart-leaver-timeline',
              title: 'Each leaver from termination to disable',
              origin: 'termination',
              rows: drawn,
            },
          )}${
            rows.length > drawn.length
              ? html`<p class="more">The timeline draws the first ${count(drawn.length)} of ${count(rows.length)} leavers; the table above lists them.</p>`
              : ''
          }`
        : html`<p>No leaver holds a live credential.</p>`
    }`,
  );
}
