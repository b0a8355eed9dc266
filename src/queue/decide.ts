/**
 * Approvals, rejections and confirmations of manual tasks. Every decision names who and why and
 * is an audit record. The actor is a person (src/governance/actor.ts), never one of the
 * credential's candidate owners; approvers are distinct people and never the requester; a
 * privileged request needs `privilegedApprovals` of them. A refused decision changes nothing
 * and leaves a `decision.refused` audit record.
 */
import { appendAudit } from '../audit/append.js';
import { InputError } from '../core/errors.js';
import type { ActorContext, PersonActor } from '../governance/actor.js';
import { governed } from '../governance/governed.js';
import { DecisionRefused } from '../governance/refusal.js';
import { nonOwnerDecider } from '../governance/separation.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { getRequest, recordDecision, setRequestState, updateStep } from './store.js';

export interface DecisionInput {
  requestId: number;
  /** Who decides, as given (--by, the reviewer): resolved to one HR person. */
  by: string;
  reason: string;
  now: string;
  governance: ActorContext;
  /** Extra facts for the decision's audit record (a verified signature). */
  attestation?: Record<string, unknown>;
}

function requireText(value: string, flag: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new InputError(`expected a non-empty value`, { key: flag });
  return trimmed;
}

function loadRequest(db: Db, id: number): RevocationRequest {
  const request = getRequest(db, id);
  if (!request)
    throw new InputError(`no revocation request ${id}; see \`nhiscan queue list\``, { key: 'ID' });
  return request;
}

/** The decider, checked against the credential's candidate owners. */
function decider(db: Db, input: DecisionInput, request: RevocationRequest, what: string): PersonActor {
  const credential = { uid: request.credentialUid, ownerEmployeeIds: [request.ownerEmployeeId] };
  return nonOwnerDecider(db, input.by, input.governance, credential, what);
}

/** Facts every decision's audit record carries about its actor. */
function actorFacts(actor: PersonActor, input: DecisionInput): Record<string, unknown> {
  return {
    employeeId: actor.person.employeeId,
    ...(actor.matchedBy !== 'email' ? { actorGiven: input.by.trim(), actorMatchedBy: actor.matchedBy } : {}),
    ...(input.attestation ?? {}),
  };
}

/** Refuses an approver who requested the request or already approved it (as any spelling). */
function refuseRepeatApprover(actor: PersonActor, request: RevocationRequest, input: DecisionInput): void {
  const { people } = input.governance;
  const same = (name: string) => {
    const match = people.resolve(name);
    return match.kind === 'person' ? people.sameHuman(match.person, actor.person) : false;
  };
  if (same(request.requester)) {
    throw new DecisionRefused(
      'requester',
      `${actor.person.name} (${actor.person.employeeId}) requested request ${request.id} and cannot also approve it`,
      '--by',
      actor.person.employeeId,
    );
  }
  if (request.decisions.some((decision) => decision.decision === 'approve' && same(decision.actor))) {
    throw new DecisionRefused(
      'same-approver',
      `${actor.person.name} (${actor.person.employeeId}) already approved request ${request.id}; it needs ${request.requiredApprovals} distinct people`,
      '--by',
      actor.person.employeeId,
    );
  }
}

export function approveRequest(db: Db, input: DecisionInput): RevocationRequest {
  const reason = requireText(input.reason, '--reason');
  return governed(db, input, 'approve', `request:${input.requestId}`, () => {
    const request = loadRequest(db, input.requestId);
    if (request.state !== 'pending-approval') {
      throw new InputError(
        `request ${request.id} is ${request.state}: only a pending-approval request can be approved`,
        { key: 'ID' },
      );
    }
    const actor = decider(db, input, request, 'approve its revocation');
    refuseRepeatApprover(actor, request, input);
    recordDecision(db, request.id, { actor: actor.id, decision: 'approve', reason, at: input.now });
    const approvals = request.decisions.filter((decision) => decision.decision === 'approve').length + 1;
    const complete = approvals >= request.requiredApprovals;
    appendAudit(db, {
      time: input.now,
      actor: actor.id,
      action: 'request.approved',
      target: `request:${request.id}`,
      reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        approvals,
        requiredApprovals: request.requiredApprovals,
        privileged: request.privileged,
        ...actorFacts(actor, input),
      },
    });
    if (complete) {
      setRequestState(db, request, {
        state: 'approved',
        reason: `approved by ${approvals} of ${request.requiredApprovals} required approvers`,
        actor: actor.id,
        action: 'request.state',
        now: input.now,
      });
    }
    return loadRequest(db, request.id);
  });
}

export function rejectRequest(db: Db, input: DecisionInput): RevocationRequest {
  const reason = requireText(input.reason, '--reason');
  return governed(db, input, 'reject', `request:${input.requestId}`, () => {
    const request = loadRequest(db, input.requestId);
    if (request.state !== 'pending-approval' && request.state !== 'approved') {
      throw new InputError(
        `request ${request.id} is ${request.state}: only a request that has not started can be rejected`,
        { key: 'ID' },
      );
    }
    // An immediate disable in flight (revocation.leaver auto-disable) belongs to the executor.
    const inFlight = request.steps.find((step) => step.state === 'started');
    if (inFlight) {
      throw new InputError(
        `request ${request.id} has its ${inFlight.step} in flight: run \`nhiscan queue execute --apply\` to finish it, then reject`,
        { key: 'ID' },
      );
    }
    const actor = decider(db, input, request, 'reject its revocation');
    recordDecision(db, request.id, { actor: actor.id, decision: 'reject', reason, at: input.now });
    setRequestState(db, request, {
      state: 'rejected',
      reason: `rejected by ${actor.id}: ${reason}`,
      actor: actor.id,
      action: 'request.rejected',
      now: input.now,
      payload: actorFacts(actor, input),
    });
    return loadRequest(db, request.id);
  });
}

/** A person confirms they did a manual task (inventory-file credentials, GitHub membership removal). */
export function confirmManualStep(db: Db, input: DecisionInput): RevocationRequest {
  const reason = requireText(input.reason, '--reason');
  return governed(db, input, 'confirm', `request:${input.requestId}`, () => {
    const request = loadRequest(db, input.requestId);
    const step = request.steps.find((candidate) => candidate.state === 'waiting-for-human');
    if (request.state !== 'waiting-for-human' || !step) {
      throw new InputError(
        `request ${request.id} is ${request.state}: there is no manual task waiting for confirmation`,
        { key: 'ID' },
      );
    }
    const actor = decider(db, input, request, 'confirm its revocation');
    recordDecision(db, request.id, { actor: actor.id, decision: 'confirm', reason, at: input.now });
    updateStep(db, request.id, step.ordinal, {
      state: 'done',
      outcome: 'confirmed',
      detail: `confirmed by ${actor.id}: ${reason}`,
      finishedAt: input.now,
    });
    appendAudit(db, {
      time: input.now,
      actor: actor.id,
      action: 'request.confirmed',
      target: `request:${request.id}`,
      reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        step: step.step,
        ordinal: step.ordinal,
        ...actorFacts(actor, input),
      },
    });
    const remaining = request.steps.filter((candidate) => candidate.ordinal > step.ordinal);
    setRequestState(db, request, {
      state: remaining.length === 0 ? 'done' : 'in-progress',
      reason: `manual ${step.step} confirmed by ${actor.id}`,
      actor: actor.id,
      action: remaining.length === 0 ? 'request.done' : 'request.state',
      now: input.now,
    });
    return loadRequest(db, request.id);
  });
}
