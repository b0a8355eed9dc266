/**
 * Rotation requests (rule leaver-shared-secret): a secret a leaver could read is rotated by a
 * person, never revoked by nhiscan. The request is one manual step; it closes by itself when a scan
 * sees the value set on or after the day the leavers left (GitHub's `updated_at`), or the
 * credential replaced (no longer listed). A reader who loses access later (removed from the
 * organization) does not undo the need: the value they could read is still valid.
 */
import { appendAudit } from '../audit/append.js';
import type { Credential } from '../core/model.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { getRequest, setRequestState, updateStep } from './store.js';

export const ROTATION_RULE = 'leaver-shared-secret';

/** What the person is asked to do; `queue confirm` stays possible for a secret no scan re-reads. */
export function rotationInstructions(credential: Credential, requestId: number): string {
  return `rotate ${credential.uid}: set a new value, move its users over and remove the old one; the request closes by itself when a scan sees the new value (or run: nhiscan queue confirm ${requestId} --by WHO --reason TEXT)`;
}

/** The people who had left, as the request's finding recorded them (`evidence.leavers`). */
export function recordedLeavers(
  db: Db,
  request: RevocationRequest,
): { employeeId: string; leftOn: string | null }[] {
  const evidenceOf = db
    .prepare('SELECT stored_text(evidence, credential_uid) FROM findings WHERE uid = ?')
    .pluck();
  const leavers: { employeeId: string; leftOn: string | null }[] = [];
  for (const uid of request.findingUids) {
    const evidence = evidenceOf.get(uid) as string | undefined;
    if (evidence === undefined) continue;
    const parsed = JSON.parse(evidence) as { leavers?: { employeeId: string; leftOn?: string | null }[] };
    for (const leaver of parsed.leavers ?? [])
      leavers.push({ employeeId: leaver.employeeId, leftOn: leaver.leftOn ?? null });
  }
  return leavers;
}

/** The leavers' departure days recorded in the request's finding. */
export function leaversLeftOn(db: Db, request: RevocationRequest): string[] {
  return recordedLeavers(db, request).flatMap((leaver) => (leaver.leftOn ? [leaver.leftOn] : []));
}

/**
 * Whether the credential's value was set on or after every recorded departure day: rotated. Unknown
 * (no value date, no recorded day) is not rotated.
 */
export function rotatedAfter(credential: Credential, leftOn: readonly string[]): string | undefined {
  const valueSetAt = credential.valueSetAt ?? credential.createdAt;
  if (valueSetAt === null || leftOn.length === 0) return undefined;
  const latest = [...leftOn].sort().at(-1)!;
  return valueSetAt.slice(0, 10) >= latest.slice(0, 10) ? valueSetAt : undefined;
}

/** Closes a rotation request as done: its manual step done (`rotated`), with audit records. */
export function completeRotation(
  db: Db,
  request: RevocationRequest,
  input: { runId: number; now: string; reason: string },
): void {
  for (const step of request.steps) {
    if (step.state === 'done') continue;
    updateStep(db, request.id, step.ordinal, {
      state: 'done',
      outcome: 'rotated',
      detail: input.reason,
      finishedAt: input.now,
    });
    appendAudit(db, {
      time: input.now,
      actor: 'nhiscan',
      action: 'step.verified',
      target: `request:${request.id}`,
      reason: `rotation seen by scan run ${input.runId}: ${input.reason}`,
      payload: {
        requestId: request.id,
        credentialUid: request.credentialUid,
        source: request.source,
        step: step.step,
        ordinal: step.ordinal,
        runId: input.runId,
      },
    });
  }
  setRequestState(db, getRequest(db, request.id)!, {
    state: 'done',
    reason: `rotated: ${input.reason}`,
    actor: 'nhiscan',
    action: 'request.done',
    now: input.now,
    payload: { runId: input.runId },
  });
}
