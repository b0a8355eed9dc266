/**
 * The hr-change guard at scan time. When the HR change since the snapshot of an earlier scan
 * exceeds revocation.hrChangeGuardPercent (and at least hrChangeGuardMinPeople people changed), the
 * scan still records its findings but freezes the queue: its reconcile cancels nothing and starts
 * no request approved (src/queue/cancel-stale.ts), until someone acknowledges that snapshot —
 * `scan --accept-hr-change --by WHO --reason TEXT` here, or `queue execute --accept-hr-change`.
 *
 * Invariants: judged in the scan's transaction, after the run's snapshot is recorded; a frozen
 * run writes one `queue.frozen` record (target `run:N`), an acknowledgement one
 * `guard.acknowledged` record (target `hr-snapshot:N`), which also lets `queue execute` pass.
 */
import { appendAudit } from '../audit/append.js';
import { INDEXED_TARGET } from '../audit/targets.js';
import type { QueueFreeze } from '../queue/cancel-stale.js';
import {
  describeHrChange,
  type HrChangeLimits,
  hrChange,
  hrChangeExceeds,
  hrChangeFacts,
  isHrChangeAcknowledged,
} from '../queue/guards.js';
import type { Db } from '../store/open.js';

/** A person's acknowledgement given on the command line (`--by`, `--reason`). */
export interface Acceptance {
  by: string;
  reason: string;
  /** Facts for the acknowledgement's audit record: a verified signature (governance.signedDecisions). */
  attestation?: Record<string, unknown>;
}

export interface HrChangeVerdict {
  /** Set when this run froze the queue. */
  frozen?: QueueFreeze & { facts: Record<string, unknown> };
  /** The change exceeded the limits and was acknowledged (by this run or earlier). */
  acknowledged: boolean;
}

export function judgeHrChange(
  db: Db,
  run: { runId: number; snapshotId: number; asOf: Date; time: string },
  limits: HrChangeLimits,
  accept: Acceptance | undefined,
): HrChangeVerdict {
  const change = hrChange(db, run.snapshotId, run.asOf);
  if (!change || !hrChangeExceeds(change, limits)) return { acknowledged: false };
  if (isHrChangeAcknowledged(db, run.snapshotId)) return { acknowledged: true };
  if (accept) {
    appendAudit(db, {
      time: run.time,
      actor: accept.by,
      action: 'guard.acknowledged',
      target: `hr-snapshot:${run.snapshotId}`,
      reason: accept.reason,
      payload: {
        guard: 'hr-change',
        hrSnapshotId: run.snapshotId,
        runId: run.runId,
        command: 'scan',
        ...accept.attestation,
      },
    });
    return { acknowledged: true };
  }
  const facts = hrChangeFacts(change, limits);
  const reason = `${describeHrChange(change, limits)}. The queue is frozen: no request is cancelled or approved automatically until someone acknowledges this HR snapshot (nhiscan scan --accept-hr-change --by WHO --reason TEXT)`;
  appendAudit(db, {
    time: run.time,
    actor: 'scan',
    action: 'queue.frozen',
    target: `run:${run.runId}`,
    reason,
    payload: { runId: run.runId, guard: 'hr-change', ...facts },
  });
  return {
    frozen: { reason, hrSnapshotId: run.snapshotId, facts },
    acknowledged: false,
  };
}

/** Whether scan run `runId` froze the queue, and why (its `queue.frozen` record). */
export function queueFrozenBy(db: Db, runId: number): { reason: string; hrSnapshotId: number } | undefined {
  const row = db
    .prepare(
      `SELECT reason, payload FROM audit_log WHERE action = 'queue.frozen' AND target = ? AND ${INDEXED_TARGET} LIMIT 1`,
    )
    .get(`run:${runId}`) as { reason: string; payload: string } | undefined;
  if (!row) return undefined;
  return {
    reason: row.reason,
    hrSnapshotId: (JSON.parse(row.payload) as { currentSnapshotId: number }).currentSnapshotId,
  };
}
