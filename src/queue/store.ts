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
}

const REQUEST_COLUMNS = `id, credential_uid AS credentialUid, source, rule, finding_uids AS findingUids,
  owner_employee_id AS ownerEmployeeId, privileged, mode, required_approvals AS requiredApprovals, state,
  state_reason AS stateReason, requester, created_at AS createdAt, created_run AS createdRunId, updated_at AS updatedAt`;

const STEP_COLUMNS = `ordinal, step, after_days AS afterDays, not_before AS notBefore, state, attempts,
  api_call AS apiCall, outcome, detail, started_at AS startedAt, finished_at AS finishedAt`;

function hydrate(db: Db, row: RequestRow): RevocationRequest {
  return {
    ...row,
    findingUids: JSON.parse(row.findingUids) as string[],
    privileged: row.privileged === 1,
    steps: db
      .prepare(`SELECT ${STEP_COLUMNS} FROM revocation_steps WHERE request_id = ? ORDER BY ordinal`)
      .all(row.id) as RequestStep[],
    decisions: db
      .prepare(
        'SELECT actor, decision, reason, at FROM revocation_decisions WHERE request_id = ? ORDER BY at, actor',
      )
      .all(row.id) as Decision[],
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
  steps: { step: RevokeStep; afterDays: number }[];
  /** Why, in words: the finding's title. */
  reason: string;
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
        request.mode === 'auto'
          ? `approved automatically by the revocation settings for ${request.rule} (standard tier)`
          : null,
        request.requester,
        now,
        request.runId,
        now,
      );
    const id = Number(lastInsertRowid);
    const insertStep = db.prepare(
      "INSERT INTO revocation_steps (request_id, ordinal, step, after_days, state) VALUES (?, ?, ?, ?, 'pending')",
    );
    for (const [ordinal, step] of request.steps.entries())
      insertStep.run(id, ordinal, step.step, step.afterDays);
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
    db.prepare('UPDATE revocation_requests SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?').run(
      change.state,
      change.reason,
      change.now,
      request.id,
    );
    appendAudit(db, {
      time: change.now,
      actor: change.actor,
      action: change.action,
      target: `request:${request.id}`,
      reason: change.reason,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        from: request.state,
        to: change.state,
        ...change.payload,
      },
    });
  })();
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
