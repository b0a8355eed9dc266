/**
 * Approvals, rejections and confirmations of manual tasks. Every decision names who and why and
 * is an audit record. Approvers are distinct people; never the credential's owner, never the
 * requester. A privileged request needs `privilegedApprovals` of them.
 */
import { appendAudit } from '../audit/append.js';
import { InputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { normalizeIdentifier } from '../core/people.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { getRequest, recordDecision, setRequestState, updateStep } from './store.js';

export interface DecisionInput {
  requestId: number;
  by: string;
  reason: string;
  now: string;
  /** The request owner's HR record (from the latest snapshot), to refuse self-approval. */
  owner: Person | undefined;
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

/** Every identifier that names this person: employee id, email, aliases (without `github:` style prefixes too). */
function identifiersOf(person: Person): Set<string> {
  const ids = new Set<string>();
  for (const value of [person.employeeId, person.email, ...person.aliases]) {
    const normalized = normalizeIdentifier(value);
    ids.add(normalized);
    const colon = normalized.indexOf(':');
    if (colon > 0) ids.add(normalized.slice(colon + 1));
    const at = normalized.indexOf('@');
    if (at > 0) ids.add(normalized.slice(0, at));
  }
  return ids;
}

function isOwner(actor: string, owner: Person | undefined): boolean {
  if (!owner) return false;
  const ids = identifiersOf(owner);
  const normalized = normalizeIdentifier(actor);
  return (
    ids.has(normalized) || (normalized.includes('@') && ids.has(normalized.slice(0, normalized.indexOf('@'))))
  );
}

export function approveRequest(db: Db, input: DecisionInput): RevocationRequest {
  const by = requireText(input.by, '--by');
  const reason = requireText(input.reason, '--reason');
  return db.transaction(() => {
    const request = loadRequest(db, input.requestId);
    if (request.state !== 'pending-approval') {
      throw new InputError(
        `request ${request.id} is ${request.state}: only a pending-approval request can be approved`,
        {
          key: 'ID',
        },
      );
    }
    if (isOwner(by, input.owner)) {
      throw new InputError(
        `${by} owns credential ${request.credentialUid} and cannot approve its revocation; ask another approver`,
        { key: '--by' },
      );
    }
    if (normalizeIdentifier(by) === normalizeIdentifier(request.requester)) {
      throw new InputError(`${by} requested request ${request.id} and cannot also approve it`, {
        key: '--by',
      });
    }
    const earlier = request.decisions.find(
      (decision) =>
        decision.decision === 'approve' && normalizeIdentifier(decision.actor) === normalizeIdentifier(by),
    );
    if (earlier) {
      throw new InputError(
        `${by} already approved request ${request.id}; it needs ${request.requiredApprovals} distinct approvers`,
        { key: '--by' },
      );
    }
    recordDecision(db, request.id, { actor: by, decision: 'approve', reason, at: input.now });
    const approvals = request.decisions.filter((decision) => decision.decision === 'approve').length + 1;
    const complete = approvals >= request.requiredApprovals;
    appendAudit(db, {
      time: input.now,
      actor: by,
      action: 'request.approved',
      target: `request:${request.id}`,
      reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        approvals,
        requiredApprovals: request.requiredApprovals,
        privileged: request.privileged,
      },
    });
    if (complete) {
      setRequestState(db, request, {
        state: 'approved',
        reason: `approved by ${approvals} of ${request.requiredApprovals} required approvers`,
        actor: by,
        action: 'request.state',
        now: input.now,
      });
    }
    return loadRequest(db, request.id);
  })();
}

export function rejectRequest(db: Db, input: DecisionInput): RevocationRequest {
  const by = requireText(input.by, '--by');
  const reason = requireText(input.reason, '--reason');
  return db.transaction(() => {
    const request = loadRequest(db, input.requestId);
    if (request.state !== 'pending-approval' && request.state !== 'approved') {
      throw new InputError(
        `request ${request.id} is ${request.state}: only a request that has not started can be rejected`,
        { key: 'ID' },
      );
    }
    recordDecision(db, request.id, { actor: by, decision: 'reject', reason, at: input.now });
    setRequestState(db, request, {
      state: 'rejected',
      reason: `rejected by ${by}: ${reason}`,
      actor: by,
      action: 'request.rejected',
      now: input.now,
    });
    return loadRequest(db, request.id);
  })();
}

/** A person confirms they did a manual task (inventory-file credentials, GitHub membership removal). */
export function confirmManualStep(db: Db, input: DecisionInput): RevocationRequest {
  const by = requireText(input.by, '--by');
  const reason = requireText(input.reason, '--reason');
  return db.transaction(() => {
    const request = loadRequest(db, input.requestId);
    const step = request.steps.find((candidate) => candidate.state === 'waiting-for-human');
    if (request.state !== 'waiting-for-human' || !step) {
      throw new InputError(
        `request ${request.id} is ${request.state}: there is no manual task waiting for confirmation`,
        { key: 'ID' },
      );
    }
    recordDecision(db, request.id, { actor: by, decision: 'confirm', reason, at: input.now });
    updateStep(db, request.id, step.ordinal, {
      state: 'done',
      outcome: 'confirmed',
      detail: `confirmed by ${by}: ${reason}`,
      finishedAt: input.now,
    });
    appendAudit(db, {
      time: input.now,
      actor: by,
      action: 'request.confirmed',
      target: `request:${request.id}`,
      reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        step: step.step,
        ordinal: step.ordinal,
      },
    });
    const remaining = request.steps.filter((candidate) => candidate.ordinal > step.ordinal);
    setRequestState(db, request, {
      state: remaining.length === 0 ? 'done' : 'in-progress',
      reason: `manual ${step.step} confirmed by ${by}`,
      actor: by,
      action: remaining.length === 0 ? 'request.done' : 'request.state',
      now: input.now,
    });
    return loadRequest(db, request.id);
  })();
}
