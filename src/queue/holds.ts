/**
 * Holds on open revocation requests. The scan never cancels a request because its owner no longer
 * resolves, nor while the queue is frozen by the hr-change guard: it holds it instead.
 *
 * Invariants: a held request keeps its state and steps; the executor's plan lists it under `held`
 * and takes no step of it. A hold ends when a scan finds the request's finding open again (nhiscan
 * releases it), when a person releases it (`queue release`: the scan then never holds that request
 * again) or cancels it (`queue cancel`), or when a scan cancels it for a reason that is not about
 * the owner vanishing. Every hold and release is an audit record, in one transaction with it.
 */
import { appendAudit } from '../audit/append.js';
import { InputError } from '../core/errors.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { getRequest, setRequestState } from './store.js';

type RequestRef = Pick<RevocationRequest, 'id' | 'credentialUid' | 'state'>;

export interface HoldChange {
  reason: string;
  actor: string;
  now: string;
  payload?: object;
}

/** Whether a person has released this request's hold (the scan must not hold it again). */
export function releasedByPerson(db: Db, requestId: number): boolean {
  const row = db
    .prepare('SELECT hold_released_by AS by FROM revocation_requests WHERE id = ?')
    .get(requestId) as { by: string | null } | undefined;
  return row?.by != null;
}

export function holdRequest(db: Db, request: RequestRef, change: HoldChange): void {
  db.transaction(() => {
    db.prepare(
      'UPDATE revocation_requests SET held_reason = ?, held_at = ?, updated_at = ? WHERE id = ?',
    ).run(change.reason, change.now, change.now, request.id);
    auditHold(db, 'request.held', request, change);
  })();
}

function auditHold(db: Db, action: string, request: RequestRef, change: HoldChange): void {
  appendAudit(db, {
    time: change.now,
    actor: change.actor,
    action,
    target: `request:${request.id}`,
    reason: change.reason,
    payload: {
      requestId: request.id,
      credentialUid: request.credentialUid,
      state: request.state,
      ...change.payload,
    },
  });
}

/** Ends a hold. `byPerson`: a person decided, so later scans leave the request unheld. */
export function releaseHold(db: Db, request: RequestRef, change: HoldChange & { byPerson: boolean }): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE revocation_requests SET held_reason = NULL, held_at = NULL, updated_at = ?,
              hold_released_by = CASE WHEN ? THEN ? ELSE hold_released_by END WHERE id = ?`,
    ).run(change.now, change.byPerson ? 1 : 0, change.actor, request.id);
    auditHold(db, 'request.released', request, change);
  })();
}

/** Cancels an open request and clears its hold, with a `request.cancelled` record. */
export function cancelRequest(db: Db, request: RequestRef, change: HoldChange): void {
  db.transaction(() => {
    db.prepare('UPDATE revocation_requests SET held_reason = NULL, held_at = NULL WHERE id = ?').run(
      request.id,
    );
    setRequestState(db, request, {
      state: 'cancelled',
      reason: change.reason,
      actor: change.actor,
      action: 'request.cancelled',
      now: change.now,
      ...(change.payload ? { payload: change.payload } : {}),
    });
  })();
}

function heldRequest(db: Db, id: number): RevocationRequest & { held: { reason: string } } {
  const request = getRequest(db, id);
  if (!request)
    throw new InputError(`no revocation request ${id}; see \`nhiscan queue list\``, { key: 'ID' });
  if (!request.held)
    throw new InputError(
      `request ${id} is ${request.state} and not held: only a held request can be released or cancelled here`,
      { key: 'ID' },
    );
  return request as RevocationRequest & { held: { reason: string } };
}

/** A person lets a held request go on: the executor takes its steps again. */
/** A person's decision on a held request; `payload`: extra facts for its audit record (a signature). */
export interface HeldDecision {
  requestId: number;
  by: string;
  reason: string;
  now: string;
  payload?: Record<string, unknown>;
}

export function releaseHeld(db: Db, input: HeldDecision) {
  return db.transaction(() => {
    const request = heldRequest(db, input.requestId);
    releaseHold(db, request, {
      reason: input.reason,
      actor: input.by,
      now: input.now,
      byPerson: true,
      payload: { hold: request.held.reason, ...input.payload },
    });
    return getRequest(db, request.id)!;
  })();
}

/** A person ends a held request: cancelled, whatever steps it has done (nothing is undone). */
export function cancelHeld(db: Db, input: HeldDecision) {
  return db.transaction(() => {
    const request = heldRequest(db, input.requestId);
    cancelRequest(db, request, {
      reason: `cancelled by ${input.by}: ${input.reason}`,
      actor: input.by,
      now: input.now,
      payload: { hold: request.held.reason, ...input.payload },
    });
    return getRequest(db, request.id)!;
  })();
}
