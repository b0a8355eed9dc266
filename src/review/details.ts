/** The text of the details pane: what a reviewer needs in front of them to decide. Pure. */
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewItem } from './data.js';
import type { HistoryLine } from './history.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

export function requestSummary(request: RevocationRequest): string {
  const approvals = request.decisions.filter((decision) => decision.decision === 'approve').length;
  const needed = request.mode === 'auto' ? 'auto' : `approvals ${approvals}/${request.requiredApprovals}`;
  return `${request.state} · ${needed} · ${request.rule}${request.privileged ? ' · privileged' : ''}`;
}

function stepsText(request: RevocationRequest): string {
  return request.steps
    .map((step) => `${step.step}${step.afterDays ? ` (+${step.afterDays} d)` : ''} ${step.state}`)
    .join(' → ');
}

function historyText(history: readonly HistoryLine[]): string {
  if (history.length === 0) return 'history     none';
  return `history     ${history
    .slice(-2)
    .map(
      (entry) =>
        `${day(entry.time)} ${entry.actor} ${entry.action}${entry.reason ? `: ${entry.reason}` : ''}`,
    )
    .join(' | ')}`;
}

export function detailLines(item: ReviewItem, history: readonly HistoryLine[], asOf: Date): string[] {
  const { credential, finding, resolution, owner } = item;
  const ownerText = owner
    ? `${owner.name} <${owner.email}>${item.ownerIsLeaver ? ` — leaver, left ${owner.terminationDate ?? `before ${day(asOf.toISOString())}`}` : ''}`
    : 'no known owner';
  const evidence = (resolution?.evidence ?? [])
    .slice(0, 3)
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
    `owner       ${ownerText} · confidence ${(resolution?.confidence ?? 0).toFixed(2)} ${resolution?.outcome ?? 'none'}`,
    `evidence    ${evidence || 'no owner signals'}`,
    `privilege   ${credential.privileged ? credential.privilegedReasons.join('; ') : 'not privileged'}`,
    request
      ? `request     #${request.id} ${requestSummary(request)}`
      : 'request     none proposed (the revocation settings report this rule only, or it is not due)',
    request ? `steps       ${stepsText(request)}` : `source      ${item.source}`,
    historyText(history),
  ];
}

export function queueDetailLines(request: RevocationRequest, history: readonly HistoryLine[]): string[] {
  const decisions = request.decisions.map(
    (decision) => `${decision.decision} by ${decision.actor}: ${decision.reason}`,
  );
  return [
    `request     #${request.id} ${requestSummary(request)}`,
    `credential  ${request.credentialUid} (source ${request.source})`,
    `reason      ${request.stateReason ?? '—'}`,
    `owner       ${request.ownerEmployeeId ?? 'no known owner'}`,
    `steps       ${stepsText(request)}`,
    `decisions   ${decisions.length > 0 ? decisions.join(' | ') : 'none yet'}`,
    `created     ${day(request.createdAt)} by ${request.requester}`,
    historyText(history),
  ];
}
