/**
 * The revocation queue as the HTML report reads it: plain data, read from the store by
 * src/report/report-queue.ts. Only ids, states, rule ids and times (and the reasons people gave),
 * never secret material. The JSON report and the other formats never read it.
 */
import type { RevokeStep } from '../../src/core/plugin.js';
import type { RevocationRequest, StepState } from '../../src/queue/model.js';
import type { JsonReportInput } from '../json/build.js';

/** The report input with the queue: what `renderHtmlReport` takes. Without `queue`, the page says it was not read. */
export type HtmlReportInput = JsonReportInput & { queue?: ReportQueueInput };

export interface ReportQueueInput {
  /** Every request, in id order. */
  requests: ReportQueueRequest[];
  /** A dry-run plan made right before the report (the demo): the steps it would take now. */
  plan?: { asOf: string; actions: ReportPlannedAction[] };
}

export interface ReportPlannedAction {
  requestId: number;
  ordinal: number;
  step: RevokeStep;
  /** The exact provider call it names ("manual" for a task for a person). */
  apiCall: string;
}

export interface ReportQueueRequest
  extends Pick<
    RevocationRequest,
    | 'id'
    | 'credentialUid'
    | 'source'
    | 'rule'
    | 'ownerEmployeeId'
    | 'privileged'
    | 'mode'
    | 'requiredApprovals'
    | 'state'
    | 'stateReason'
    | 'createdAt'
    | 'updatedAt'
  > {
  /** When it was approved: its creation for an `auto` request, else the approval that completed the count; null while not. */
  approvedAt: string | null;
  /** Set while an open request is held for a person (src/queue/holds.ts). */
  held: { reason: string; since: string } | null;
  steps: ReportQueueStep[];
  decisions: { actor: string; decision: 'approve' | 'reject' | 'confirm'; reason: string; at: string }[];
}

export interface ReportQueueStep {
  ordinal: number;
  step: RevokeStep;
  state: StepState;
  /** Runs before approval (a leaver's reversible first disable under `revocation.leaver: auto-disable`). */
  immediate: boolean;
  afterDays: number;
  notBefore: string | null;
  apiCall: string | null;
  outcome: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /**
   * When a re-read of the provider showed the step took effect (the executor's read after the
   * call, a read after a restart, or `queue verify` closing a gap); null when none did (not done
   * yet, a manual task a person confirmed, or the provider could not say).
   */
  verifiedAt: string | null;
}
