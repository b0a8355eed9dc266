/**
 * The revocation queue as the HTML report shows it (reports/html/queue-input.ts), read from the
 * store: every request with its steps and decisions (src/queue/store.ts), and for each step done,
 * whether a re-read of the provider showed it took effect (the step's audit records). Only the
 * formats in QUEUE_FORMATS get it: the JSON report's bytes never depend on the queue.
 */
import type {
  HtmlReportInput,
  ReportPlannedAction,
  ReportQueueInput,
  ReportQueueRequest,
} from '../../reports/html/queue-input.js';
import type { JsonReportInput } from '../../reports/json/build.js';
import { type ListedAuditRecord, listAuditRecords } from '../audit/list.js';
import type { VerifyResult } from '../core/plugin.js';
import { stepTookEffect } from '../queue/execute-steps.js';
import type { ExecutorEvent } from '../queue/execute-types.js';
import type { RequestStep, RevocationRequest } from '../queue/model.js';
import { listRequests } from '../queue/store.js';
import type { Db } from '../store/open.js';

/** The report formats that show the queue. */
export const QUEUE_FORMATS: readonly string[] = ['html'];

/** Outcomes a step is given only after a re-read showed it took effect. */
const VERIFIED_OUTCOMES = new Set(['verified-later', 'verified-after-restart']);
/** Audit actions that close a step, each with the re-read (`verify`) it was closed on, if any. */
const STEP_CLOSING_ACTIONS = new Set(['step.done', 'step.recovered', 'step.verified']);
/** Request targets per audit query (SQLite's bound-parameter limit is far above it). */
const TARGETS_PER_QUERY = 500;

export function showsQueue(formatId: string): boolean {
  return QUEUE_FORMATS.includes(formatId);
}

/** The input with the queue added when `formatId` shows it; the same input otherwise. */
export function withReportQueue(db: Db, formatId: string, input: JsonReportInput): HtmlReportInput {
  return showsQueue(formatId) ? { ...input, queue: collectReportQueue(db) } : input;
}

export function collectReportQueue(db: Db, plan?: ReportQueueInput['plan']): ReportQueueInput {
  const requests = listRequests(db);
  const closings = stepClosings(db, requests);
  return {
    requests: requests.map((request) => reportRequest(request, closings.get(request.id) ?? [])),
    ...(plan ? { plan } : {}),
  };
}

/** A dry run's plan, from the executor's `planned` events (`executeQueue` with apply: false). */
export function plannedActions(asOf: Date, events: readonly ExecutorEvent[]): ReportQueueInput['plan'] {
  const actions: ReportPlannedAction[] = [];
  for (const event of events) {
    if (event.type !== 'planned') continue;
    actions.push({
      requestId: event.action.request.id,
      ordinal: event.action.step.ordinal,
      step: event.action.step.step,
      apiCall: event.apiCall,
    });
  }
  return { asOf: asOf.toISOString(), actions };
}

function reportRequest(
  request: RevocationRequest,
  closings: readonly ListedAuditRecord[],
): ReportQueueRequest {
  return {
    id: request.id,
    credentialUid: request.credentialUid,
    source: request.source,
    rule: request.rule,
    ownerEmployeeId: request.ownerEmployeeId,
    privileged: request.privileged,
    mode: request.mode,
    requiredApprovals: request.requiredApprovals,
    state: request.state,
    stateReason: request.stateReason,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    approvedAt: approvedAt(request),
    held: request.held ? { ...request.held } : null,
    steps: request.steps.map((step) => ({
      ordinal: step.ordinal,
      step: step.step,
      state: step.state,
      immediate: step.immediate,
      afterDays: step.afterDays,
      notBefore: step.notBefore,
      apiCall: step.apiCall,
      outcome: step.outcome,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      verifiedAt: verifiedAt(step, closings),
    })),
    decisions: request.decisions.map(({ actor, decision, reason, at }) => ({ actor, decision, reason, at })),
  };
}

/** An auto request is approved when made; an approve one at the approval that completed the count. */
function approvedAt(request: RevocationRequest): string | null {
  if (request.mode === 'auto' || request.requiredApprovals <= 0) return request.createdAt;
  const approvals = request.decisions
    .filter((decision) => decision.decision === 'approve')
    .map((decision) => decision.at)
    .sort();
  return approvals[request.requiredApprovals - 1] ?? null;
}

/** The last record that closed the step decides: a re-read that showed the step took effect. */
function verifiedAt(step: RequestStep, closings: readonly ListedAuditRecord[]): string | null {
  if (step.state !== 'done') return null;
  if (step.outcome !== null && VERIFIED_OUTCOMES.has(step.outcome)) return step.finishedAt;
  const last = closings.filter((record) => payloadOf(record).ordinal === step.ordinal).at(-1);
  if (!last) return null;
  if (last.action === 'step.verified') return last.time;
  const verify = payloadOf(last).verify as VerifyResult | undefined;
  return verify && stepTookEffect(step.step, verify) === true ? last.time : null;
}

function payloadOf(record: ListedAuditRecord): Record<string, unknown> {
  return typeof record.payload === 'string' ? {} : record.payload;
}

/** The step-closing audit records of the requests with a step done, by request id, in log order. */
function stepClosings(db: Db, requests: readonly RevocationRequest[]): Map<number, ListedAuditRecord[]> {
  const byRequest = new Map<number, ListedAuditRecord[]>();
  const targets = requests
    .filter((request) => request.steps.some((step) => step.state === 'done'))
    .map((request) => `request:${request.id}`);
  for (let start = 0; start < targets.length; start += TARGETS_PER_QUERY) {
    const chunk = targets.slice(start, start + TARGETS_PER_QUERY);
    for (const record of listAuditRecords(db, { limit: 0, targets: chunk })) {
      if (!STEP_CLOSING_ACTIONS.has(record.action)) continue;
      const id = Number((record.target ?? '').slice('request:'.length));
      const list = byRequest.get(id);
      if (list) list.push(record);
      else byRequest.set(id, [record]);
    }
  }
  return byRequest;
}
