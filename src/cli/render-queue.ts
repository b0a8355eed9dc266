/** Text rendering of the revocation queue and of an execute run, for people at a terminal or in CI logs. */
import type { DueAction, ExecuteResult, ExecutorEvent, RevocationRequest } from '../queue/index.js';

function approvals(request: RevocationRequest): string {
  const given = request.decisions.filter((decision) => decision.decision === 'approve');
  if (request.mode === 'auto') return 'auto';
  return `${given.length}/${request.requiredApprovals} approvals${given.length ? ` (${given.map((decision) => decision.actor).join(', ')})` : ''}`;
}

function stepsLine(request: RevocationRequest): string {
  return request.steps
    .map((step) => {
      const when = step.state === 'pending' && step.notBefore ? ` after ${step.notBefore.slice(0, 10)}` : '';
      const delay =
        step.state === 'pending' && !step.notBefore && step.afterDays > 0 ? ` +${step.afterDays}d` : '';
      return `${step.step}:${step.outcome === 'propagation-gap' ? 'propagation-gap' : step.state}${step.immediate ? ' (no approval needed)' : ''}${when}${delay}`;
    })
    .join(' → ');
}

export function renderRequestList(requests: readonly RevocationRequest[]): string {
  if (requests.length === 0) return 'The revocation queue is empty.\n';
  const lines = requests.map(
    (request) =>
      `#${request.id}  ${request.state.padEnd(17)} ${request.rule}${request.privileged ? ' (privileged)' : ''}  ${request.credentialUid}\n` +
      `      owner ${request.ownerEmployeeId ?? 'unknown'} · ${approvals(request)} · steps ${stepsLine(request)}` +
      (request.stateReason ? `\n      ${request.stateReason}` : '') +
      (request.held ? `\n      HELD since ${request.held.since}: ${request.held.reason}` : ''),
  );
  return `${lines.join('\n')}\n`;
}

export function renderRequest(request: RevocationRequest): string {
  const lines = [
    `Request #${request.id}: ${request.state}${request.stateReason ? ` (${request.stateReason})` : ''}`,
    ...(request.held ? [`  HELD        since ${request.held.since}: ${request.held.reason}`] : []),
    `  credential  ${request.credentialUid} (source ${request.source})`,
    `  reason      ${request.rule}; findings ${request.findingUids.join(', ')}`,
    `  owner       ${request.ownerEmployeeId ?? 'unknown'}${request.privileged ? ' · privileged' : ''}`,
    `  approvals   ${approvals(request)} · requested by ${request.requester} at ${request.createdAt}`,
    '  steps',
    ...request.steps.map(
      (step) =>
        `    ${step.ordinal + 1}. ${step.step.padEnd(8)} ${step.state}${step.immediate ? ' · runs without approval' : ''}${step.notBefore ? ` not before ${step.notBefore}` : step.afterDays ? ` (${step.afterDays} days after the previous step)` : ''}${step.attempts ? ` · ${step.attempts} attempt(s)` : ''}${step.apiCall ? ` · ${step.apiCall}` : ''}${step.outcome ? ` · ${step.outcome}` : ''}${step.detail ? ` · ${step.detail}` : ''}`,
    ),
  ];
  if (request.decisions.length > 0) {
    lines.push('  decisions');
    for (const decision of request.decisions)
      lines.push(`    ${decision.at} ${decision.decision} by ${decision.actor}: ${decision.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function label(action: DueAction): string {
  return `#${action.request.id} ${action.step.step.padEnd(7)} ${action.request.credentialUid}`;
}

export function renderExecutorEvent(event: ExecutorEvent): string {
  switch (event.type) {
    case 'planned':
      return `plan     ${label(event.action)}  →  ${event.apiCall}${event.manual ? ` (manual: ${event.manual})` : ''}`;
    case 'started':
      return `started  ${label(event.action)}  →  ${event.apiCall}`;
    case 'recovered':
      return `recovered ${label(event.action)}: already done before the restart (${event.detail})`;
    case 'done':
      return `done     ${label(event.action)}: ${event.outcome}${event.verify?.detail ? `; re-read: ${event.verify.detail}` : ''}`;
    case 'waiting':
      return `manual   ${label(event.action)}: ${event.instructions}`;
    case 'gap':
      return `GAP      ${label(event.action)}: ${event.apiCall} reported success but the credential is still usable (${event.verify.detail ?? ''}): propagation-gap finding raised`;
    case 'failed':
      return `FAILED   ${label(event.action)}: ${event.error}`;
    case 'skipped':
      return `skipped  ${label(event.action)}: ${event.reason}`;
  }
}

export function renderExecuteSummary(result: ExecuteResult, apply: boolean): string {
  const lines: string[] = [];
  lines.push('Guards:');
  for (const verdict of result.guards)
    lines.push(`  ${verdict.ok ? 'ok     ' : 'REFUSE '} ${verdict.guard}: ${verdict.message}`);
  const { plan } = result;
  if (plan.scheduled.length)
    lines.push(
      `Scheduled: ${plan.scheduled.length} step(s) not yet due (next ${plan.scheduled
        .map((item) => item.notBefore)
        .sort()[0]
        ?.slice(0, 10)})`,
    );
  for (const item of plan.held)
    lines.push(`Held: #${item.request.id} ${item.step.step} ${item.request.credentialUid}: ${item.reason}`);
  if (plan.awaitingApproval.length) {
    const first = plan.due.filter((action) => action.request.state === 'pending-approval');
    lines.push(
      `Awaiting approval: ${plan.awaitingApproval.length} request(s): ${plan.awaitingApproval.map((request) => `#${request.id}`).join(' ')}` +
        (first.length
          ? ` (${first.map((action) => `#${action.request.id}`).join(' ')}: the ${first.length === 1 ? `${first[0]!.step.step} runs` : 'first disables run'} now, without approval; the rest waits)`
          : ''),
    );
  }
  if (plan.awaitingConfirmation.length)
    lines.push(
      `Awaiting manual confirmation: ${plan.awaitingConfirmation.map((request) => `#${request.id}`).join(' ')} (nhiscan queue confirm ID --by WHO --reason TEXT)`,
    );
  if (!apply) {
    lines.push(
      `Dry run: ${result.actions.length} action(s) planned${result.plan.due.length > result.actions.length ? ` of ${result.plan.due.length} due` : ''}; nothing was changed. Run with --apply to execute.`,
    );
    if (result.refused) lines.push('With --apply, the guards above would refuse this run.');
  } else if (result.refused) {
    lines.push('Refused: no provider was called. The refusal is in the audit log.');
  } else {
    const { counts } = result;
    lines.push(
      `Applied: ${counts.done} done, ${counts.recovered} recovered after a restart, ${counts.waiting} waiting for a person, ${counts.gaps} propagation gap(s), ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} left to another executor` : ''}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
