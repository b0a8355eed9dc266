/**
 * After each scan, in the scan's transaction: cancel the open requests whose reason went away
 * (a rehire, an HR correction, a handover, the owner rotating the credential, a baseline entry),
 * then propose a request for each open finding that the revocation settings act on.
 *
 * A request's reason is judged as if the credential were still active when nhiscan itself has
 * disabled it: disabling a leaver's key must not cancel the delete that follows.
 */
import { PROPOSAL_RULES, type RevocationSettings } from '../config/schema.js';
import type { PolicySettings } from '../core/config-types.js';
import { daysSince } from '../core/dates.js';
import type { Credential, RuleId } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import { type RevokeStep, STEPS_NEEDING_APPROVAL } from '../core/plugin.js';
import { resolveOwner } from '../correlate/index.js';
import { applyBaseline, type Baseline } from '../policy/baseline.js';
import { findingUid } from '../policy/finding-uid.js';
import { evaluate } from '../policy/index.js';
import { recertificationOf } from '../policy/recertification.js';
import type { Suppression } from '../store/findings.js';
import type { StoredCredential } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { openRequestCondition } from './model.js';
import { approvalsFor, modeFor, type ProposalRule } from './settings.js';
import { getRequest, insertRequest, setRequestState } from './store.js';

const PROPOSAL_RULE_IDS: readonly string[] = PROPOSAL_RULES;

/** Which rule names a request when a credential has several findings. */
const RULE_PRIORITY: readonly ProposalRule[] = [
  'leaver-owned',
  'contractor-expired',
  'propagation-gap',
  'mover-recertify',
  'owner-unknown',
];

export interface ReconcileInput {
  runId: number;
  people: PeopleDirectory;
  policy: PolicySettings;
  revocation: RevocationSettings;
  baseline: Baseline | undefined;
  asOf: Date;
  now: string;
  credential: (uid: string) => StoredCredential | undefined;
  /** The provider steps for a credential of this source; undefined = a manual task. */
  stepsFor: (source: string, credential: Credential) => RevokeStep[] | undefined;
}

export interface ReconcileSummary {
  proposed: number;
  cancelled: number;
}

function disabledByUs(request: RevocationRequest): boolean {
  return request.steps.some(
    (step) => (step.step === 'disable' || step.step === 'disable-principal') && step.state === 'done',
  );
}

/** Why a request's reason no longer holds, or undefined when it still does. */
function reasonGone(
  request: RevocationRequest,
  stored: StoredCredential,
  input: ReconcileInput,
): string | undefined {
  if (request.rule === 'propagation-gap') return undefined;
  const credential =
    disabledByUs(request) && stored.credential.status === 'inactive'
      ? { ...stored.credential, status: 'active' as const }
      : stored.credential;
  if (credential.status !== 'active')
    return `credential is ${credential.status}: it was changed outside nhiscan`;
  const resolution = resolveOwner(credential, input.people);
  const fired = applyBaseline(
    evaluate(credential, resolution, input.people, input.policy, input.asOf),
    input.baseline,
    input.asOf,
  ).findings.find((finding) => finding.rule === request.rule);
  if (fired?.status === 'open') return undefined;
  if (fired?.suppression)
    return `accepted in the baseline by ${fired.suppression.approvedBy}: ${fired.suppression.reason}`;
  if (resolution.ownerEmployeeId !== request.ownerEmployeeId) {
    return `owner changed from ${request.ownerEmployeeId ?? 'nobody'} to ${resolution.ownerEmployeeId ?? 'nobody'} (handover or new owner signal)`;
  }
  switch (request.rule) {
    case 'leaver-owned':
      return `owner ${request.ownerEmployeeId} is no longer a leaver in HR (rehire or HR correction)`;
    case 'contractor-expired':
      return `owner ${request.ownerEmployeeId}'s contract is no longer expired in HR (extended or corrected)`;
    case 'mover-recertify':
      return `credential's department now matches owner ${request.ownerEmployeeId}'s department`;
    default:
      return `rule ${request.rule} no longer fires`;
  }
}

function cancelStale(db: Db, input: ReconcileInput): number {
  let cancelled = 0;
  // The run has just evaluated every live credential: when the request's finding is still open,
  // its reason holds and nothing needs loading. Only the rest are re-checked one by one.
  const open = db
    .prepare(
      `SELECT id, credential_uid AS credentialUid, rule FROM revocation_requests
        WHERE ${openRequestCondition()} ORDER BY id`,
    )
    .all() as { id: number; credentialUid: string; rule: RuleId }[];
  const findingState = db.prepare('SELECT status, suppression FROM findings WHERE uid = ?');
  for (const { id, credentialUid, rule } of open) {
    const finding = findingState.get(findingUid(rule, credentialUid)) as
      | { status: string; suppression: string | null }
      | undefined;
    if (finding?.status === 'open') continue;
    const request = getRequest(db, id)!;
    // A step in flight belongs to the executor: it verifies and finishes it after a crash.
    if (request.steps.some((step) => step.state === 'started')) continue;
    // The owner's answer: the finding is suppressed by a recertification.
    const recertification = recertificationOf(
      finding?.suppression ? (JSON.parse(finding.suppression) as Suppression) : null,
    );
    let reason = recertification
      ? `recertified by ${recertification.by} until ${recertification.until}: ${recertification.reason}`
      : undefined;
    if (!reason) {
      const stored = input.credential(request.credentialUid);
      if (stored?.state === 'unverified') continue; // could not look: keep the request as it is
      if (!stored || stored.state === 'gone') {
        const deletedByUs = request.steps.some((step) => step.step === 'delete' && step.state === 'done');
        if (deletedByUs) continue;
        reason = 'credential no longer exists in the provider (rotated or removed outside nhiscan)';
      } else {
        reason = reasonGone(request, stored, input);
      }
    }
    if (!reason) continue;
    setRequestState(db, request, {
      state: 'cancelled',
      reason,
      actor: 'nhiscan',
      action: 'request.cancelled',
      now: input.now,
      payload: { runId: input.runId, rule: request.rule },
    });
    cancelled++;
  }
  return cancelled;
}

interface OpenFindingRow {
  uid: string;
  rule: RuleId;
  credentialUid: string;
  title: string;
  firstSeenAt: string;
}

/** True when this rule was rejected for this credential after the finding last became open. */
function rejectedSinceRaised(db: Db, finding: OpenFindingRow, rule: RuleId): boolean {
  const raisedRun = db
    .prepare("SELECT MAX(run_id) AS run FROM finding_history WHERE finding_uid = ? AND to_status = 'open'")
    .get(finding.uid) as { run: number | null };
  const rejected = db
    .prepare(
      "SELECT 1 FROM revocation_requests WHERE credential_uid = ? AND rule = ? AND state = 'rejected' AND created_run >= ? LIMIT 1",
    )
    .get(finding.credentialUid, rule, raisedRun.run ?? 0);
  return rejected !== undefined;
}

function proposeNew(db: Db, input: ReconcileInput): number {
  // Only the rules that propose revocation are read (over-age and stale, the bulk of a large
  // estate's findings, never do), and a credential that already has an open request is skipped
  // before it is loaded.
  const rows = db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.title, r.started_at AS firstSeenAt
         FROM findings f JOIN scan_runs r ON r.id = f.first_seen_run
        WHERE f.status = 'open' AND f.rule IN (${PROPOSAL_RULE_IDS.map(() => '?').join(',')})
          AND NOT EXISTS (SELECT 1 FROM revocation_requests q WHERE q.credential_uid = f.credential_uid
                          AND ${openRequestCondition('q')})
        ORDER BY f.credential_uid`,
    )
    .all(...PROPOSAL_RULE_IDS) as OpenFindingRow[];
  const byCredential = new Map<string, OpenFindingRow[]>();
  for (const row of rows) {
    const list = byCredential.get(row.credentialUid);
    if (list) list.push(row);
    else byCredential.set(row.credentialUid, [row]);
  }
  let proposed = 0;
  for (const [credentialUid, findings] of byCredential) {
    const stored = input.credential(credentialUid);
    if (stored?.state !== 'present') continue;
    const credential = stored.credential;
    if (credential.status !== 'active' && !findings.some((finding) => finding.rule === 'propagation-gap'))
      continue;
    const actionable = findings.filter((finding) => {
      const rule = finding.rule as ProposalRule;
      if (modeFor(input.revocation, rule, credential.privileged) === 'report') return false;
      if (rule === 'owner-unknown') {
        const age = daysSince(finding.firstSeenAt, input.asOf);
        if (age < (input.revocation.ownerUnknownAfterDays ?? Number.POSITIVE_INFINITY)) return false;
      }
      return !rejectedSinceRaised(db, finding, rule);
    });
    if (actionable.length === 0) continue;
    const lead = RULE_PRIORITY.map((rule) => actionable.find((finding) => finding.rule === rule)).find(
      Boolean,
    )!;
    const rule = lead.rule as ProposalRule;
    const providerSteps = input.stepsFor(stored.source, credential);
    const steps = providerSteps
      ? providerSteps.map((step, index) => ({
          step,
          afterDays: index > 0 && step === 'delete' ? input.revocation.deleteAfterDays : 0,
        }))
      : [{ step: 'manual' as const, afterDays: 0 }];
    let mode = modeFor(input.revocation, rule, credential.privileged) as 'auto' | 'approve';
    // DESIGN: an irreversible-only action (no disable first) needs approval, and so does a step
    // that reaches beyond this one credential (the whole principal, the owner's sessions).
    if (mode === 'auto' && steps[0]?.step === 'delete') mode = 'approve';
    if (mode === 'auto' && steps.some((entry) => STEPS_NEEDING_APPROVAL.includes(entry.step)))
      mode = 'approve';
    insertRequest(
      db,
      {
        credentialUid,
        source: stored.source,
        provider: credential.provider,
        rule,
        findingUids: actionable.map((finding) => finding.uid),
        ownerEmployeeId: resolveOwner(credential, input.people).ownerEmployeeId,
        privileged: credential.privileged,
        mode,
        requiredApprovals: mode === 'auto' ? 0 : approvalsFor(input.revocation, credential.privileged),
        requester: 'nhiscan',
        runId: input.runId,
        steps,
        reason: lead.title,
      },
      input.now,
    );
    proposed++;
  }
  return proposed;
}

export function reconcileQueue(db: Db, input: ReconcileInput): ReconcileSummary {
  return db.transaction(() => {
    const cancelled = cancelStale(db, input);
    const proposed = proposeNew(db, input);
    return { proposed, cancelled };
  })();
}
