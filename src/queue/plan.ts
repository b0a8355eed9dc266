/**
 * What `queue execute` would do now: for each approved or in-progress request, its next step, if
 * that step is due (its not-before time has passed) and not waiting for a person; for a request
 * still pending approval, only an immediate first step (DueAction.request.state says which).
 */
import type { Credential } from '../core/model.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import type { RequestStep, RevocationRequest } from './model.js';
import { listRequests } from './store.js';

export interface DueAction {
  request: RevocationRequest;
  step: RequestStep;
  /** The credential as last scanned; undefined if it is no longer in the inventory. */
  credential: Credential | undefined;
  /** A step left `started` by a run that stopped: verify before calling again. */
  recovering: boolean;
}

export interface ScheduledAction {
  request: RevocationRequest;
  step: RequestStep;
  notBefore: string;
}

/**
 * A request held back by "announce, then act" (not announced, not delivered, or not yet its day), or
 * held by a scan for a person to decide (its owner no longer resolves, or the queue was frozen).
 */
export interface HeldAction {
  request: RevocationRequest;
  step: RequestStep;
  reason: string;
  notBefore?: string;
}

export interface QueuePlan {
  due: DueAction[];
  /** Due by the queue's own schedule, but held until their notice allows (notifications configured). */
  held: HeldAction[];
  /** Next steps that are waiting for their time (delete after deleteAfterDays). */
  scheduled: ScheduledAction[];
  /** Requests that still need approvals (one whose immediate disable is due is also in `due`). */
  awaitingApproval: RevocationRequest[];
  /** Manual tasks waiting for `queue confirm`. */
  awaitingConfirmation: RevocationRequest[];
}

export function nextStep(request: RevocationRequest): RequestStep | undefined {
  return request.steps.find((step) => step.state !== 'done');
}

/** Whether "announce, then act" lets a request's next step run now, and if not, why. */
export type AnnounceVerdict =
  | { held: false }
  | { held: true; reason: string; noticeId?: number; notBefore?: string };

/**
 * The hold check of "announce, then act", passed in by the caller: src/notify/gate.ts's
 * `announceVerdict` when notifications are configured. The queue does not import notify; notify
 * imports the queue.
 */
export type AnnounceGate = (db: Db, request: RevocationRequest, now: Date) => AnnounceVerdict;

export interface PlanOptions {
  /** Hold requests until their notice was delivered and its day has come (notifications configured). */
  announce?: AnnounceGate;
}

export function planQueue(db: Db, now: Date, options: PlanOptions = {}): QueuePlan {
  const plan: QueuePlan = {
    due: [],
    held: [],
    scheduled: [],
    awaitingApproval: [],
    awaitingConfirmation: [],
  };
  for (const request of listRequests(db, {
    states: ['pending-approval', 'approved', 'in-progress', 'waiting-for-human'],
  })) {
    // A held request (src/queue/holds.ts) waits for a person or the next scan: no step is due.
    const heldStep = request.held && nextStep(request);
    if (heldStep) {
      plan.held.push({ request, step: heldStep, reason: request.held!.reason });
      continue;
    }
    const step = nextStep(request);
    if (request.state === 'pending-approval') {
      plan.awaitingApproval.push(request);
      // Only an immediate step (a leaver's first disable, revocation.leaver auto-disable) runs
      // before approval, and only its own: the steps after it wait for the approvals.
      if (!step?.immediate) continue;
    }
    if (request.state === 'waiting-for-human') {
      plan.awaitingConfirmation.push(request);
      continue;
    }
    if (!step || step.state === 'waiting-for-human') continue;
    if (step.notBefore && step.notBefore > now.toISOString()) {
      plan.scheduled.push({ request, step, notBefore: step.notBefore });
      continue;
    }
    if (options.announce) {
      const verdict = options.announce(db, request, now);
      if (verdict.held) {
        plan.held.push({
          request,
          step,
          reason: verdict.reason,
          ...(verdict.notBefore ? { notBefore: verdict.notBefore } : {}),
        });
        continue;
      }
    }
    plan.due.push({
      request,
      step,
      credential: credentialByUid(db, request.credentialUid)?.credential,
      recovering: step.state === 'started',
    });
  }
  return plan;
}
