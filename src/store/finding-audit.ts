/**
 * A scan's finding changes, audited in batches: one `findings.changed` record per AUDIT_BATCH
 * changes (and one for the rest), not one record per finding. A first scan of a large estate
 * raises a finding for most credentials; a record each made the audit log mostly noise and cost
 * more than the evaluation itself. Every change is still in the hash chain.
 */
import { appendAudit } from '../audit/append.js';
import type { FindingStatus } from '../core/model.js';
import type { Db } from './open.js';

/** The most finding changes one `findings.changed` audit record carries. */
const AUDIT_BATCH = 500;

/** One finding's change in a `findings.changed` audit record. */
export interface FindingChange {
  findingUid: string;
  from: FindingStatus | null;
  to: FindingStatus;
  reason: string;
  rule: string;
  credentialUid: string;
  severity: string;
}

/** `3 raised, 1 resolved`: the batch's changes counted by kind, in a fixed order. */
function describeChanges(changes: readonly FindingChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const kind =
      change.to === 'resolved'
        ? 'resolved'
        : change.to === 'suppressed'
          ? 'suppressed'
          : change.from === null
            ? 'raised'
            : 'reopened';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return ['raised', 'reopened', 'suppressed', 'resolved']
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}`)
    .join(', ');
}

export interface FindingAuditBatches {
  add(change: FindingChange): void;
  /** Writes the changes not yet written. */
  flush(): void;
}

/** Batches for run `runId`; without `auditTime` nothing is audited. */
export function findingAuditBatches(
  db: Db,
  runId: number,
  auditTime: string | undefined,
): FindingAuditBatches {
  const pending: FindingChange[] = [];
  const flush = () => {
    if (auditTime === undefined || pending.length === 0) return;
    appendAudit(db, {
      time: auditTime,
      actor: 'scan',
      action: 'findings.changed',
      target: `run:${runId}`,
      reason: describeChanges(pending),
      payload: { runId, changes: pending.splice(0) },
    });
  };
  return {
    add(change) {
      if (auditTime === undefined) return;
      pending.push(change);
      if (pending.length >= AUDIT_BATCH) flush();
    },
    flush,
  };
}
