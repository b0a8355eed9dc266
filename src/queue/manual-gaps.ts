/**
 * Manual tasks are verified by the next complete scan of their source (docs/queue.md, "Verification
 * and propagation gaps"). Runs in the scan's transaction after the merge and before the evaluation,
 * which then keeps the gap finding open (openGapFindings) or lets it go.
 *
 * Invariants:
 *  - only a complete scan of the credential's source in this run is evidence; an unverified
 *    credential (a partial source, unsupported coverage) proves nothing either way;
 *  - a confirmed manual step of a done request whose credential the scan still lists active is a
 *    propagation gap: the step waits for a person again (outcome propagation-gap) and the request
 *    is reopened (waiting-for-human), so the scan proposes no fresh request for the credential;
 *  - a confirmed step whose credential is gone, inactive or expired is verified (verified-by-scan);
 *  - a gap closes the same way: the step is done (verified-later), the request done, the gap
 *    finding resolved;
 *  - only a credential's latest request is considered, so an older one is never reopened.
 */
import { appendAudit } from '../audit/append.js';
import { findingUid } from '../policy/finding-uid.js';
import { parseStoredCredential } from '../store/credential-data.js';
import { resolveFinding } from '../store/findings.js';
import type { Db } from '../store/open.js';
import type { StoredText } from '../store/stored-text.js';
import { openRequestCondition } from './model.js';
import { GAP_OUTCOME } from './propagation-gap.js';
import { leaversLeftOn, ROTATION_RULE, rotatedAfter } from './rotation.js';
import { getRequest, setRequestState, updateStep } from './store.js';

/** A confirmed manual step whose credential a later complete scan no longer listed active. */
export const VERIFIED_BY_SCAN = 'verified-by-scan';

interface Candidate {
  requestId: number;
  rule: string;
  ordinal: number;
  outcome: string;
  detail: string | null;
  credentialUid: string;
  credentialState: 'present' | 'gone' | 'unverified';
  source: string;
  provider: string;
  account: string;
  kind: string;
  /** Stored compressed (src/store/stored-text.ts); parseStoredCredential reads it. */
  data: StoredText;
}

export interface ManualTaskSummary {
  /** Confirmed manual tasks whose credential is still listed active: reopened, gap raised. */
  gaps: number;
  /** Confirmed manual tasks (or gaps) the scan shows done. */
  verified: number;
}

function candidates(db: Db, runId: number): Candidate[] {
  return db
    .prepare(
      `SELECT s.request_id AS requestId, q.rule, s.ordinal, s.outcome, s.detail, q.credential_uid AS credentialUid,
              c.state AS credentialState, c.source, c.provider, c.account, c.kind, c.data
         FROM revocation_steps s
         JOIN revocation_requests q ON q.id = s.request_id
         JOIN credentials c ON c.uid = q.credential_uid
         JOIN scan_sources r ON r.run_id = ? AND r.name = c.source AND r.status = 'complete'
        WHERE s.step = 'manual'
          AND ((q.state = 'done' AND s.state = 'done' AND s.outcome = 'confirmed')
               OR (s.outcome = ? AND ${openRequestCondition('q')}))
          AND NOT EXISTS (SELECT 1 FROM revocation_requests later
                           WHERE later.credential_uid = q.credential_uid AND later.id > q.id)
        ORDER BY s.request_id`,
    )
    .all(runId, GAP_OUTCOME) as Candidate[];
}

/** Credentials whose manual task a person confirmed and no complete scan has checked yet. */
export function awaitingVerification(db: Db): Set<string> {
  const uids = db
    .prepare(
      `SELECT q.credential_uid FROM revocation_steps s JOIN revocation_requests q ON q.id = s.request_id
        WHERE s.step = 'manual' AND s.outcome = 'confirmed' AND q.state = 'done'`,
    )
    .pluck()
    .all() as string[];
  return new Set(uids);
}

/** Verifies every confirmed manual task (and manual gap) against this run's complete sources. */
export function verifyManualTasks(db: Db, input: { runId: number; now: string }): ManualTaskSummary {
  const summary: ManualTaskSummary = { gaps: 0, verified: 0 };
  db.transaction(() => {
    for (const candidate of candidates(db, input.runId)) {
      if (candidate.credentialState === 'unverified') continue;
      const status = taskStatus(db, candidate);
      const inGap = candidate.outcome === GAP_OUTCOME;
      if (status === 'active') {
        if (inGap) continue; // still a gap: openGapFindings keeps its finding open
        reopen(db, candidate, input);
        summary.gaps++;
      } else {
        verify(db, candidate, status, inGap, input);
        summary.verified++;
      }
    }
  })();
  return summary;
}

/**
 * What the scan shows of the task's credential: `gone`, `inactive`, `expired` (done), or `active`
 * (not done). A rotation (leaver-shared-secret) is done when the value was set on or after the day
 * the leavers left (`rotated`), not when the secret stops working: a rotated secret stays active.
 */
function taskStatus(db: Db, candidate: Candidate): string {
  if (candidate.credentialState === 'gone') return 'gone';
  const credential = parseStoredCredential({ ...candidate, uid: candidate.credentialUid }, candidate.data);
  if (candidate.rule !== ROTATION_RULE) return credential.status;
  const request = getRequest(db, candidate.requestId)!;
  return rotatedAfter(credential, leaversLeftOn(db, request)) ? 'rotated' : 'active';
}

function facts(candidate: Candidate, runId: number) {
  return {
    requestId: candidate.requestId,
    credentialUid: candidate.credentialUid,
    source: candidate.source,
    step: 'manual',
    ordinal: candidate.ordinal,
    runId,
  };
}

function reopen(db: Db, candidate: Candidate, input: { runId: number; now: string }): void {
  const request = getRequest(db, candidate.requestId)!;
  const rotation = candidate.rule === ROTATION_RULE;
  const seen = rotation
    ? `complete scan run ${input.runId} of source ${candidate.source} still lists it with a value set before the leavers left`
    : `complete scan run ${input.runId} of source ${candidate.source} still lists it active`;
  const detail = `${candidate.detail ?? 'confirmed'}; but ${seen}`;
  updateStep(db, request.id, candidate.ordinal, {
    state: 'waiting-for-human',
    outcome: GAP_OUTCOME,
    detail,
  });
  appendAudit(db, {
    time: input.now,
    actor: 'nhiscan',
    action: 'step.propagation-gap',
    target: `request:${request.id}`,
    reason: `the manual revocation was confirmed (${candidate.detail ?? 'confirmed'}), but ${seen}`,
    payload: facts(candidate, input.runId),
  });
  setRequestState(db, request, {
    state: 'waiting-for-human',
    reason: rotation
      ? `reopened: ${candidate.credentialUid} was confirmed rotated, but ${seen}; rotate it, then run nhiscan queue confirm ${request.id} --by WHO --reason TEXT (or let the next scan see the new value)`
      : `reopened: propagation gap, ${candidate.credentialUid} is still listed active after its manual revocation was confirmed; revoke it by hand, then run nhiscan queue confirm ${request.id} --by WHO --reason TEXT`,
    actor: 'nhiscan',
    action: 'request.reopened',
    now: input.now,
    payload: { runId: input.runId },
  });
}

function verify(
  db: Db,
  candidate: Candidate,
  status: string,
  inGap: boolean,
  input: { runId: number; now: string },
): void {
  const seen = `complete scan run ${input.runId} of source ${candidate.source} ${status === 'gone' ? 'no longer lists it' : `lists it ${status}`}`;
  updateStep(db, candidate.requestId, candidate.ordinal, {
    state: 'done',
    outcome: inGap ? 'verified-later' : VERIFIED_BY_SCAN,
    detail: `${candidate.detail ?? 'confirmed'}; ${seen}`,
    ...(inGap ? { finishedAt: input.now } : {}),
  });
  appendAudit(db, {
    time: input.now,
    actor: 'nhiscan',
    action: 'step.verified',
    target: `request:${candidate.requestId}`,
    reason: inGap ? `propagation gap closed: ${seen}` : `manual revocation verified: ${seen}`,
    payload: { ...facts(candidate, input.runId), credentialStatus: status },
  });
  if (!inGap) return;
  resolveFinding(
    db,
    findingUid('propagation-gap', candidate.credentialUid),
    input.runId,
    `propagation gap closed: ${seen}`,
    input.now,
  );
  const request = getRequest(db, candidate.requestId)!;
  if (request.steps.every((step) => step.state === 'done')) {
    setRequestState(db, request, {
      state: 'done',
      reason: `all steps done and verified: ${seen}`,
      actor: 'nhiscan',
      action: 'request.done',
      now: input.now,
    });
  }
}
