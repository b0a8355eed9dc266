/**
 * The scan's first reconcile half: each open request whose finding is no longer open is judged
 * again. It is cancelled, with an audit record and the reason, only when the reason really went
 * away: a rehire or HR correction, a handover to another owner who resolves, the credential gone or
 * changed outside nhiscan, a baseline entry or a recertification.
 *
 * Invariants:
 *  - a request is never cancelled because its owner no longer resolves to anyone in HR: it is held
 *    (`held: owner no longer resolvable`) for a person to decide, whatever its state (pending
 *    approval, approved, in progress, or half done);
 *  - while the queue is frozen (the hr-change guard tripped at this scan and nobody acknowledged
 *    it), nothing is cancelled and nothing released: what would be cancelled is held instead;
 *  - a held request whose finding is open again is released; one a person released is not held
 *    again; a request with a step in flight (`started`) belongs to the executor and is left alone;
 *  - the reason is judged as if the credential were still active when nhiscan itself disabled it,
 *    so disabling a leaver's key does not cancel the delete that follows.
 */
import type { PolicySettings } from '../core/config-types.js';
import type { RuleId, Suppression } from '../core/model.js';
import { hasLeft, type PeopleDirectory } from '../core/people.js';
import { resolveOwner } from '../correlate/index.js';
import { applyBaseline, type Baseline } from '../policy/baseline.js';
import { findingUid } from '../policy/finding-uid.js';
import { evaluate } from '../policy/index.js';
import { recertificationOf } from '../policy/recertification.js';
import type { StoredCredential } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import { cancelRequest, holdRequest, releasedByPerson, releaseHold } from './holds.js';
import { openRequestCondition, type RevocationRequest } from './model.js';
import { completeRotation, leaversLeftOn, ROTATION_RULE, recordedLeavers, rotatedAfter } from './rotation.js';
import { getRequest } from './store.js';

/** Why this scan froze the queue (src/scan/queue-freeze.ts). */
export interface QueueFreeze {
  reason: string;
  hrSnapshotId: number;
}

export interface StaleInput {
  runId: number;
  people: PeopleDirectory;
  policy: PolicySettings;
  baseline: Baseline | undefined;
  asOf: Date;
  now: string;
  credential: (uid: string) => StoredCredential | undefined;
  /** Set when the hr-change guard froze the queue at this scan. */
  freeze?: QueueFreeze;
}

export interface StaleSummary {
  cancelled: number;
  /** Rotation requests closed as done because the scan shows the secret rotated or replaced. */
  rotated: number;
  held: number;
  released: number;
}

export const OWNER_UNRESOLVABLE = 'held: owner no longer resolvable';

type Verdict =
  | { kind: 'keep' }
  | { kind: 'cancel'; reason: string }
  | { kind: 'hold'; reason: string }
  /** A rotation request whose secret a scan shows rotated or replaced. */
  | { kind: 'rotated'; reason: string };

const KEEP: Verdict = { kind: 'keep' };

function disabledByUs(request: RevocationRequest): boolean {
  return request.steps.some(
    (step) => (step.step === 'disable' || step.step === 'disable-principal') && step.state === 'done',
  );
}

/** Whether the request's reason still holds for a credential nhiscan can see. */
function judgeLive(request: RevocationRequest, stored: StoredCredential, input: StaleInput): Verdict {
  if (request.rule === 'propagation-gap') return KEEP;
  const credential =
    disabledByUs(request) && stored.credential.status === 'inactive'
      ? { ...stored.credential, status: 'active' as const }
      : stored.credential;
  if (credential.status !== 'active')
    return { kind: 'cancel', reason: `credential is ${credential.status}: it was changed outside nhiscan` };
  const resolution = resolveOwner(credential, input.people);
  const fired = applyBaseline(
    evaluate(credential, resolution, input.people, input.policy, input.asOf),
    input.baseline,
    input.asOf,
  ).findings.find((finding) => finding.rule === request.rule);
  if (fired?.status === 'open') return KEEP;
  if (fired?.suppression)
    return {
      kind: 'cancel',
      reason: `accepted in the baseline by ${fired.suppression.approvedBy}: ${fired.suppression.reason}`,
    };
  if (resolution.ownerEmployeeId !== request.ownerEmployeeId) {
    // Nobody is not a new owner: a vanished owner is no evidence that the credential is safe.
    if (resolution.ownerEmployeeId === null)
      return {
        kind: 'hold',
        reason: `${OWNER_UNRESOLVABLE}: ${request.ownerEmployeeId} no longer matches anyone in HR; release it (queue release) or cancel it (queue cancel)`,
      };
    return {
      kind: 'cancel',
      reason: `owner changed from ${request.ownerEmployeeId ?? 'nobody'} to ${resolution.ownerEmployeeId} (handover or new owner signal)`,
    };
  }
  switch (request.rule) {
    case 'leaver-owned':
    case 'leaver-access-remains':
      return {
        kind: 'cancel',
        reason: `owner ${request.ownerEmployeeId} is no longer a leaver in HR (rehire or HR correction)`,
      };
    case 'contractor-expired':
      return {
        kind: 'cancel',
        reason: `owner ${request.ownerEmployeeId}'s contract is no longer expired in HR (extended or corrected)`,
      };
    case 'mover-recertify':
      return {
        kind: 'cancel',
        reason: `credential's department now matches owner ${request.ownerEmployeeId}'s department`,
      };
    default:
      return { kind: 'cancel', reason: `rule ${request.rule} no longer fires` };
  }
}

/**
 * A rotation request (leaver-shared-secret) is done when the secret is replaced or its value was
 * set on or after the day the leavers left; it is cancelled only when none of them is a leaver any
 * more (a rehire, an HR correction) or a baseline entry accepts it. A reader losing access later
 * (removed from the organization) changes nothing: the value they could read is still valid.
 */
function judgeRotation(
  db: Db,
  request: RevocationRequest,
  stored: StoredCredential | undefined,
  input: StaleInput,
): Verdict {
  if (stored?.state === 'unverified') return KEEP;
  if (!stored || stored.state === 'gone')
    return { kind: 'rotated', reason: 'the secret was replaced: the provider no longer lists it' };
  const rotatedAt = rotatedAfter(stored.credential, leaversLeftOn(db, request));
  if (rotatedAt)
    return {
      kind: 'rotated',
      reason: `the value was set ${rotatedAt}, on or after the day the leavers left`,
    };
  const credential = stored.credential;
  const fired = applyBaseline(
    evaluate(credential, resolveOwner(credential, input.people), input.people, input.policy, input.asOf),
    input.baseline,
    input.asOf,
  ).findings.find((finding) => finding.rule === request.rule);
  if (fired?.suppression)
    return {
      kind: 'cancel',
      reason: `accepted in the baseline by ${fired.suppression.approvedBy}: ${fired.suppression.reason}`,
    };
  if (fired) return KEEP;
  const stillLeavers = leaversStill(db, request, input);
  return stillLeavers
    ? KEEP
    : { kind: 'cancel', reason: 'none of the leavers who could read the secret is a leaver in HR any more' };
}

/** Whether any person recorded in the request's finding is still a leaver or expired contractor. */
function leaversStill(db: Db, request: RevocationRequest, input: StaleInput): boolean {
  return recordedLeavers(db, request).some(({ employeeId }) => {
    const person = input.people.byEmployeeId(employeeId);
    return !person || hasLeft(person, input.asOf);
  });
}

function judge(
  db: Db,
  request: RevocationRequest,
  finding: { status: string; suppression: string | null } | undefined,
  input: StaleInput,
): Verdict {
  // The owner's answer: the finding is suppressed by a recertification.
  const recertification = recertificationOf(
    finding?.suppression ? (JSON.parse(finding.suppression) as Suppression) : null,
  );
  if (recertification)
    return {
      kind: 'cancel',
      reason: `recertified by ${recertification.by} until ${recertification.until}: ${recertification.reason}`,
    };
  const stored = input.credential(request.credentialUid);
  if (request.rule === ROTATION_RULE) return judgeRotation(db, request, stored, input);
  if (stored?.state === 'unverified') return KEEP; // could not look: keep the request as it is
  if (!stored || stored.state === 'gone') {
    // A person account is listed only while its owner is a leaver: unlisted after a rehire.
    const owner = request.ownerEmployeeId ? input.people.byEmployeeId(request.ownerEmployeeId) : undefined;
    if (request.rule === 'leaver-access-remains' && owner && !hasLeft(owner, input.asOf))
      return {
        kind: 'cancel',
        reason: `owner ${request.ownerEmployeeId} is no longer a leaver in HR (rehire or HR correction)`,
      };
    const deletedByUs = request.steps.some((step) => step.step === 'delete' && step.state === 'done');
    return deletedByUs
      ? KEEP
      : {
          kind: 'cancel',
          reason: 'credential no longer exists in the provider (rotated or removed outside nhiscan)',
        };
  }
  return judgeLive(request, stored, input);
}

export function cancelStale(db: Db, input: StaleInput): StaleSummary {
  const summary: StaleSummary = { cancelled: 0, rotated: 0, held: 0, released: 0 };
  // The run has just evaluated every live credential: when the request's finding is still open,
  // its reason holds and nothing needs loading. Only the rest are re-checked one by one.
  const open = db
    .prepare(
      `SELECT id, credential_uid AS credentialUid, rule, held_reason AS heldReason FROM revocation_requests
        WHERE ${openRequestCondition()} ORDER BY id`,
    )
    .all() as { id: number; credentialUid: string; rule: RuleId; heldReason: string | null }[];
  const findingState = db.prepare('SELECT status, suppression FROM findings WHERE uid = ?');
  const payload = { runId: input.runId };
  for (const { id, credentialUid, rule, heldReason } of open) {
    const finding = findingState.get(findingUid(rule, credentialUid)) as
      | { status: string; suppression: string | null }
      | undefined;
    if (finding?.status === 'open') {
      if (heldReason !== null && !input.freeze) {
        releaseHold(db, getRequest(db, id)!, {
          reason: `the ${rule} finding is open again: the request's reason holds (owner resolves in HR)`,
          actor: 'nhiscan',
          now: input.now,
          byPerson: false,
          payload: { ...payload, hold: heldReason },
        });
        summary.released++;
      }
      continue;
    }
    const request = getRequest(db, id)!;
    // A step in flight belongs to the executor: it verifies and finishes it after a crash.
    if (request.steps.some((step) => step.state === 'started')) continue;
    const verdict = judge(db, request, finding, input);
    if (verdict.kind === 'keep') continue;
    if (verdict.kind === 'rotated') {
      completeRotation(db, request, { runId: input.runId, now: input.now, reason: verdict.reason });
      summary.rotated++;
      continue;
    }
    if (verdict.kind === 'cancel' && !input.freeze) {
      cancelRequest(db, request, {
        reason: verdict.reason,
        actor: 'nhiscan',
        now: input.now,
        payload: { ...payload, rule: request.rule },
      });
      summary.cancelled++;
      continue;
    }
    const reason =
      verdict.kind === 'cancel'
        ? `held: the queue is frozen by the hr-change guard at HR snapshot ${input.freeze!.hrSnapshotId}; would cancel: ${verdict.reason}`
        : verdict.reason;
    // Already held for this reason, or a person said go on.
    if (heldReason === reason || releasedByPerson(db, id)) continue;
    holdRequest(db, request, {
      reason,
      actor: 'nhiscan',
      now: input.now,
      payload: { ...payload, rule: request.rule, ...(input.freeze ? { frozen: true } : {}) },
    });
    summary.held++;
  }
  return summary;
}
