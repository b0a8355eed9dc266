/**
 * The revocation queue as the store holds it: requests by state (a bar chart), the dry-run plan
 * when one was made for this report, and each request with its credential, rule, owner,
 * approvals and steps (at most LIMITS.requests, in id order).
 */
import { REQUEST_STATES } from '../../src/queue/model.js';
import type { PageContext } from './context.js';
import { count, type Html, type HtmlValue, html } from './escape.js';
import { LIMITS } from './limits.js';
import { andMore, code, dateCell, day, plural, section, stateBadge, table, uid } from './parts.js';
import type { ReportPlannedAction, ReportQueueRequest, ReportQueueStep } from './queue-input.js';
import { barChart } from './svg-charts.js';

const GOOD_STATES: readonly string[] = ['done', 'approved'];

function stepLine(step: ReportQueueStep, planned: ReportPlannedAction | undefined): Html {
  const when =
    step.state === 'done'
      ? ` ${day(step.finishedAt)}${step.verifiedAt ? `, verified ${day(step.verifiedAt)}` : step.step === 'manual' ? ' (confirmed by a person)' : ', not verified'}`
      : step.notBefore
        ? `, not before ${day(step.notBefore)}`
        : step.afterDays > 0
          ? `, ${step.afterDays} d after the previous step`
          : '';
  return html`<li>${code(step.step)} ${stateBadge(step.state, step.state === 'done')}${when}${
    step.immediate ? ' (runs before approval)' : ''
  }${planned ? html` — <strong>planned (dry run)</strong>: ${uid(planned.apiCall)}` : step.apiCall ? html` — ${uid(step.apiCall)}` : ''}${
    step.outcome && step.state !== 'done' ? ` (${step.outcome})` : ''
  }</li>`;
}

function requestRow(
  context: PageContext,
  request: ReportQueueRequest,
  planned: ReadonlyMap<string, ReportPlannedAction>,
): HtmlValue[] {
  const owner = request.ownerEmployeeId ? context.peopleById.get(request.ownerEmployeeId) : undefined;
  const approvals = request.decisions.filter((decision) => decision.decision === 'approve');
  return [
    html`#${request.id}`,
    html`${uid(request.credentialUid)}${request.privileged ? html` <span class="tag">privileged</span>` : ''}`,
    code(request.rule),
    owner ? html`${owner.name} (${owner.employeeId})` : (request.ownerEmployeeId ?? '—'),
    html`${stateBadge(request.state, GOOD_STATES.includes(request.state))}${
      request.held ? html`<br><span class="tag">held</span> ${request.held.reason}` : ''
    }${request.stateReason ? html`<br><span class="reason">${request.stateReason}</span>` : ''}`,
    request.mode === 'auto'
      ? 'automatic'
      : html`${count(approvals.length)} of ${count(request.requiredApprovals)}${
          approvals.length
            ? html`<br>${approvals.map((decision) => `${decision.actor} ${day(decision.at)}`).join(', ')}`
            : ''
        }`,
    dateCell(request.createdAt),
    html`<ol class="steps">${request.steps.map((step) => stepLine(step, planned.get(`${request.id} ${step.ordinal}`)))}</ol>`,
  ];
}

export function queueSection(context: PageContext): Html {
  const queue = context.input.queue;
  if (!queue)
    return section(
      'queue',
      'Revocation queue',
      html`<p>The revocation queue was not read for this report.</p>`,
    );
  const { requests, plan } = queue;
  const planned = new Map(
    (plan?.actions ?? []).map((action) => [`${action.requestId} ${action.ordinal}`, action]),
  );
  const shown = requests.slice(0, LIMITS.requests);
  return section(
    'queue',
    'Revocation queue',
    html`<p>${plural(requests.length, 'request')} in the queue.</p>${
      plan
        ? html`<p class="note">Dry-run plan as of ${day(plan.asOf)}: ${plural(plan.actions.length, 'step')} would run now; nothing was changed.</p>`
        : ''
    }${barChart({
      id: 'chart-queue-states',
      title: 'Revocation requests by state',
      unit: 'Requests',
      bars: REQUEST_STATES.map((state) => ({
        label: state,
        value: requests.filter((request) => request.state === state).length,
        tone: GOOD_STATES.includes(state) ? 'neutral' : 'unknown',
      })),
    })}${
      requests.length
        ? table(
            'Revocation requests, in id order',
            ['Request', 'Credential', 'Rule', 'Owner', 'State', 'Approvals', 'Created', 'Steps'],
            shown.map((request) => requestRow(context, request, planned)),
          )
        : html`<p>The queue is empty.</p>`
    }${andMore(shown.length, requests.length, 'requests')}`,
  );
}
