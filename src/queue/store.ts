/**
 * Persistence of revocation requests, their steps and the decisions on them. Every function that
 * changes state also appends the matching audit record, inside one transaction with the change.
 */
import { appendAudit } from '../audit/append.js';
import type { RuleId } from '../core/model.js';
import type { RevokeStep } from '../core/plugin.js';
import type { Db } from '../store/open.js';
import {
  type Decision,
  OPEN_STATES,
  openRequestCondition,
  type RequestState,
  type RequestStep,
  type RevocationRequest,
  type StepState,
} from './model.js';

interface RequestRow {
  id: number;
  credentialUid: string;
  source: string;
  rule: RuleId;
  findingUids: string;
  ownerEmployeeId: string | null;
  privileged: number;
  mode: 'auto' | 'approve';
  requiredApprovals: number;
  state: RequestState;
  stateReason: string | null;
  requester: string;
  createdAt: string;
  createdRunId: number | null;
  updatedAt: string;
  heldReason: string | null;
  heldAt: string | null;
}

const REQUEST_COLUMNS = `id, credential_uid AS credentialUid, source, rule, finding_uids AS findingUids,
  owner_employee_id AS ownerEmployeeId, privileged, mode, required_approvals AS requiredApprovals, state,
  state_reason AS stateReason, requester, created_at AS createdAt, created_run AS createdRunId, updated_at AS updatedAt,
  held_reason AS heldReason, held_at AS heldAt`;

const STEP_COLUMNS = `ordinal, step, after_days AS afterDays, not_before AS notBefore, immediate, state, attempts,
  api_call AS apiCall, outcome, detail, started_at AS startedAt, finished_at AS finishedAt`;

type StepRow = Omit<RequestStep, 'immediate'> & { immediate: number };

function hydrate(db: Db, { heldReason, heldAt, ...row }: RequestRow): RevocationRequest {
  return {
    ...row,
    findingUids: JSON.parse(row.findingUids) as string[],
    privileged: row.privileged === 1,
    steps: (
      db
        .prepare(`SELECT ${STEP_COLUMNS} FROM revocation_steps WHERE request_id = ? ORDER BY ordinal`)
        .all(row.id) as StepRow[]
    ).map((step) => ({ ...step, immediate: step.immediate === 1 })),
    decisions: db
      .prepare(
        'SELECT actor, decision, reason, at FROM revocation_decisions WHERE request_id = ? ORDER BY at, actor',
      )
      .all(row.id) as Decision[],
    // A hold means something only while the request is open.
    ...(heldReason !== null && OPEN_STATES.includes(row.state)
      ? { held: { reason: heldReason, since: heldAt ?? row.updatedAt } }
      : {}),
  };
}

export function getRequest(db: Db, id: number): RevocationRequest | undefined {
  const row = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM revocation_requests WHERE id = ?`).get(id) as
    | RequestRow
    | undefined;
  return row ? hydrate(db, row) : undefined;
}

export function listRequests(
  db: Db,
  options: { states?: readonly RequestState[] } = {},
): RevocationRequest[] {
  const states = options.states;
  const rows = (
    states
      ? db
          .prepare(
            `SELECT ${REQUEST_COLUMNS} FROM revocation_requests WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY id`,
          )
          .all(...states)
      : db.prepare(`SELECT ${REQUEST_COLUMNS} FROM revocation_requests ORDER BY id`).all()
  ) as RequestRow[];
  return rows.map((row) => hydrate(db, row));
}

export function openRequests(db: Db): RevocationRequest[] {
  return listRequests(db, { states: OPEN_STATES });
}

export function openRequestFor(db: Db, credentialUid: string): RevocationRequest | undefined {
  const row = db
    .prepare(
      `SELECT ${REQUEST_COLUMNS} FROM revocation_requests WHERE credential_uid = ? AND ${openRequestCondition()}`,
    )
    .get(credentialUid) as RequestRow | undefined;
  return row ? hydrate(db, row) : undefined;
}

export interface NewRequest {
  credentialUid: string;
  source: string;
  provider: string;
  rule: RuleId;
  findingUids: string[];
  ownerEmployeeId: string | null;
  privileged: boolean;
  mode: 'auto' | 'approve';
  requiredApprovals: number;
  requester: string;
  runId: number | null;
  /** `immediate`: runs before approval (only ever a leaver's reversible first disable). */
  steps: { step: RevokeStep; afterDays: number; immediate?: boolean }[];
  /** Why, in words: the finding's title. */
  reason: string;
}

/** The state reason a new request starts with: why it is approved already, or what runs before approval. */
function proposedReason(request: NewRequest): string | null {
  if (request.mode === 'auto')
    return `approved automatically by the revocation settings for ${request.rule} (standard tier)`;
  const first = request.steps[0];
  if (!first?.immediate) return null;
  const now = `the ${first.step} runs at once, without approval (revocation.leaver: auto-disable)`;
  const rest = request.steps.slice(1).map((entry) => entry.step);
  if (rest.length === 0) return now;
  return `${now}; ${rest.join(' and ')} ${rest.length === 1 ? 'waits' : 'wait'} for ${request.requiredApprovals} approval(s)`;
}

export function insertRequest(db: Db, request: NewRequest, now: string): number {
  return db.transaction(() => {
    const state: RequestState = request.mode === 'auto' ? 'approved' : 'pending-approval';
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO revocation_requests (credential_uid, source, rule, finding_uids, owner_employee_id, privileged, mode,
           required_approvals, state, state_reason, requester, created_at, created_run, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        request.credentialUid,
        request.source,
        request.rule,
        JSON.stringify(request.findingUids),
        request.ownerEmployeeId,
        request.privileged ? 1 : 0,
        request.mode,
        request.requiredApprovals,
        state,
        proposedReason(request),
        request.requester,
        now,
        request.runId,
        now,
      );
    const id = Number(lastInsertRowid);
    const insertStep = db.prepare(
      "INSERT INTO revocation_steps (request_id, ordinal, step, after_days, immediate, state) VALUES (?, ?, ?, ?, ?, 'pending')",
    );
    for (const [ordinal, step] of request.steps.entries())
      insertStep.run(id, ordinal, step.step, step.afterDays, step.immediate ? 1 : 0);
    appendAudit(db, {
      time: now,
      actor: request.requester,
      action: 'request.proposed',
      target: `request:${id}`,
      reason: request.reason,
      payload: {
        requestId: id,
        credentialUid: request.credentialUid,
        source: request.source,
        provider: request.provider,
        rule: request.rule,
        findingUids: request.findingUids,
        ownerEmployeeId: request.ownerEmployeeId,
        privileged: request.privileged,
        mode: request.mode,
        requiredApprovals: request.requiredApprovals,
        state,
        steps: request.steps,
      },
    });
    return id;
  })();
}

/** Moves a request to a new state and records it (action e.g. `request.cancelled`). */
export function setRequestState(
  db: Db,
  request: Pick<RevocationRequest, 'id' | 'credentialUid' | 'state'>,
  change: {
    state: RequestState;
    reason: string;
    actor: string;
    action: string;
    now: string;
    payload?: object;
  },
): void {
  db.transaction(() => {
    const left = change.state === 'rejected' || change.state === 'cancelled' ? leftDisabled(db, request) : [];
    const reason = left.length
      ? `${change.reason} (nothing is undone: ${left.map((entry) => `the ${entry.step} done ${entry.at.slice(0, 10)}`).join(' and ')} stays in effect, the credential stays disabled; re-enable it by hand if that is wanted)`
      : change.reason;
    db.prepare('UPDATE revocation_requests SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?').run(
      change.state,
      reason,
      change.now,
      request.id,
    );
    appendAudit(db, {
      time: change.now,
      actor: change.actor,
      action: change.action,
      target: `request:${request.id}`,
      reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        from: request.state,
        to: change.state,
        ...change.payload,
        ...(left.length ? { leftDisabled: left } : {}),
      },
    });
  })();
}

/**
 * The reversible steps nhiscan did on a request that ends before its delete: a rejection or a
 * cancellation undoes nothing, so the credential (or its principal) stays disabled. Empty when the
 * credential is gone.
 */
function leftDisabled(
  db: Db,
  request: Pick<RevocationRequest, 'id' | 'credentialUid'>,
): { step: RevokeStep; at: string }[] {
  const credential = db.prepare('SELECT state FROM credentials WHERE uid = ?').get(request.credentialUid) as
    | { state: string }
    | undefined;
  if (credential?.state === 'gone') return [];
  const steps = db
    .prepare(
      'SELECT step, state, finished_at AS at FROM revocation_steps WHERE request_id = ? ORDER BY ordinal',
    )
    .all(request.id) as { step: RevokeStep; state: StepState; at: string | null }[];
  if (steps.some((step) => step.step === 'delete' && step.state === 'done')) return [];
  return steps
    .filter((step) => (step.step === 'disable' || step.step === 'disable-principal') && step.state === 'done')
    .map((step) => ({ step: step.step, at: step.at ?? '' }));
}

export function recordDecision(db: Db, requestId: number, decision: Decision): void {
  db.prepare(
    'INSERT INTO revocation_decisions (request_id, actor, decision, reason, at) VALUES (?, ?, ?, ?, ?)',
  ).run(requestId, decision.actor, decision.decision, decision.reason, decision.at);
}

export function updateStep(
  db: Db,
  requestId: number,
  ordinal: number,
  fields: Partial<
    Pick<RequestStep, 'state' | 'notBefore' | 'apiCall' | 'outcome' | 'detail' | 'startedAt' | 'finishedAt'>
  > & {
    incrementAttempts?: boolean;
  },
): void {
  const columns: Record<string, string> = {
    state: 'state',
    notBefore: 'not_before',
    apiCall: 'api_call',
    outcome: 'outcome',
    detail: 'detail',
    startedAt: 'started_at',
    finishedAt: 'finished_at',
  };
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (field in fields) {
      sets.push(`${column} = ?`);
      values.push((fields as Record<string, unknown>)[field] ?? null);
    }
  }
  if (fields.incrementAttempts) sets.push('attempts = attempts + 1');
  if (sets.length === 0) return;
  db.prepare(`UPDATE revocation_steps SET ${sets.join(', ')} WHERE request_id = ? AND ordinal = ?`).run(
    ...values,
    requestId,
    ordinal,
  );
}

export type { StepState };
