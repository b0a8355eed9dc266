/** The text of the details pane: what a reviewer needs in front of them to decide. Pure. */
import type { Person } from '../core/model.js';
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewItem } from './data.js';
import type { HistoryLine } from './history.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

export function requestSummary(request: RevocationRequest): string {
  const approvals = request.decisions.filter((decision) => decision.decision === 'approve').length;
  const needed = request.mode === 'auto' ? 'auto' : `approvals ${approvals}/${request.requiredApprovals}`;
  return `${request.state} · ${needed} · ${request.rule}${request.privileged ? ' · privileged' : ''}`;
}

/** A step that runs before any approval (a leaver's disable under auto-disable) says so. */
function stepsText(request: RevocationRequest): string {
  return request.steps
    .map(
      (step) =>
        `${step.step}${step.afterDays ? ` (+${step.afterDays} d)` : ''} ${step.state}${step.immediate && step.state === 'pending' ? ', no approval needed' : ''}`,
    )
    .join(' → ');
}

/**
 * The audit history on one line, newest first: at 80 columns the line is cut at its end, and the
 * latest decision is what a reviewer must not miss.
 */
function historyText(history: readonly HistoryLine[]): string {
  if (history.length === 0) return 'history     none';
  return `history     ${[...history]
    .reverse()
    .map(
      (entry) =>
        `${day(entry.time)} ${entry.actor} ${entry.action}${entry.reason ? `: ${entry.reason}` : ''}`,
    )
    .join(' | ')}`;
}

/**
 * The details pane of a finding, nine lines. Each line leads with what must stay visible at 80
 * columns (the confidence before the evidence list, the newest history first); its tail may be cut.
 */
export function detailLines(item: ReviewItem, history: readonly HistoryLine[], asOf: Date): string[] {
  const { credential, finding, resolution, owner } = item;
  const ownerText = owner
    ? `${owner.name} <${owner.email}>${item.ownerIsLeaver ? ` — leaver, left ${owner.terminationDate ?? `before ${day(asOf.toISOString())}`}` : ''}`
    : 'no known owner';
  const evidence = (resolution?.evidence ?? [])
    .map((entry) => `${entry.signal.kind} ${entry.signal.value} ${entry.matchedEmployeeId ? '✓' : '✗'}`)
    .join(', ');
  const lastUse = credential.lastUsedKnown
    ? credential.lastUsedAt
      ? day(credential.lastUsedAt)
      : 'never'
    : `unknown (${credential.lastUsedUnknownReason ?? 'not reported'})`;
  const request = item.request;
  return [
    `finding     ${finding.severity} ${finding.rule}: ${finding.title}`,
    `credential  ${credential.provider}/${credential.account} ${credential.kind} ${credential.externalId} · ${credential.status} · ${credential.principalName ?? '—'}`,
    `dates       created ${day(credential.createdAt)} · expires ${day(credential.expiresAt)} · last use ${lastUse}`,
    `owner       ${ownerText}`,
    `evidence    confidence ${(resolution?.confidence ?? 0).toFixed(2)} ${resolution?.outcome ?? 'none'}: ${evidence || 'no owner signals'}`,
    `privilege   ${credential.privileged ? credential.privilegedReasons.join('; ') : 'not privileged'}`,
    request
      ? `request     #${request.id} ${requestSummary(request)}`
      : 'request     none proposed (the revocation settings report this rule only, or it is not due)',
    request ? `steps       ${stepsText(request)}` : `source      ${item.source}`,
    historyText(history),
  ];
}

export function queueDetailLines(
  request: RevocationRequest,
  owner: Person | undefined,
  history: readonly HistoryLine[],
): string[] {
  const decisions = request.decisions.map(
    (decision) => `${decision.decision} by ${decision.actor}: ${decision.reason}`,
  );
  return [
    `request     #${request.id} ${requestSummary(request)}`,
    `credential  ${request.credentialUid} (source ${request.source})`,
    `reason      ${request.stateReason ?? '—'}`,
    `owner       ${owner ? `${owner.name} <${owner.email}> (${owner.employeeId})` : (request.ownerEmployeeId ?? 'no known owner')}`,
    `steps       ${stepsText(request)}`,
    `decisions   ${decisions.length > 0 ? decisions.join(' | ') : 'none yet'}`,
    `created     ${day(request.createdAt)} by ${request.requester}`,
    historyText(history),
  ];
}
