/** The revocation queue's records (docs/queue.md "States"), as stored in migration 2 and later. */
import type { RuleId } from '../core/model.js';
import type { RevokeStep } from '../core/plugin.js';

/** Every request state: the open ones first, as docs/queue.md lists them, then the final ones. */
export const REQUEST_STATES = [
  'pending-approval',
  'approved',
  'in-progress',
  'waiting-for-human',
  'done',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States a request can still move out of; at most one open request per credential. */
export const OPEN_STATES: readonly RequestState[] = [
  'pending-approval',
  'approved',
  'in-progress',
  'waiting-for-human',
];

/**
 * SQL for "the request is open", written as the condition of the partial unique index on
 * revocation_requests(credential_uid) (migration 2), so that SQLite answers it from that index
 * instead of scanning the queue. `alias` is the table's alias in the query, if any.
 */
export function openRequestCondition(alias = ''): string {
  const column = alias ? `${alias}.state` : 'state';
  return `${column} NOT IN ('done', 'rejected', 'cancelled', 'failed')`;
}

export type StepState = 'pending' | 'started' | 'done' | 'failed' | 'waiting-for-human';

export interface RequestStep {
  ordinal: number;
  step: RevokeStep;
  /** Days after the previous step is done before this one may run (delete after deleteAfterDays). */
  afterDays: number;
  /** Earliest time this step may run; set when the previous step is done. */
  notBefore: string | null;
  /**
   * Runs without waiting for approvals or a notice (a leaver's reversible first `disable` under
   * `revocation.leaver: auto-disable`): while the request is pending-approval, only this step is due.
   */
  immediate: boolean;
  state: StepState;
  attempts: number;
  apiCall: string | null;
  outcome: string | null;
  detail: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Decision {
  actor: string;
  decision: 'approve' | 'reject' | 'confirm';
  reason: string;
  at: string;
}

export interface RevocationRequest {
  id: number;
  credentialUid: string;
  source: string;
  /** The rule that raised it; `findingUids` are the findings that were its reason. */
  rule: RuleId;
  findingUids: string[];
  ownerEmployeeId: string | null;
  privileged: boolean;
  mode: 'auto' | 'approve';
  requiredApprovals: number;
  state: RequestState;
  stateReason: string | null;
  requester: string;
  createdAt: string;
  createdRunId: number | null;
  updatedAt: string;
  steps: RequestStep[];
  decisions: Decision[];
  /**
   * Present only while an open request is held (src/queue/holds.ts): the executor takes no step of
   * it until a person releases or cancels it, or a scan finds its reason whole again.
   */
  held?: { reason: string; since: string };
}
