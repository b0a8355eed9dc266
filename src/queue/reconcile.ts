/**
 * After each scan, in the scan's transaction: cancel the open requests whose reason went away
 * (a rehire, an HR correction, a handover, the owner rotating the credential, a baseline entry) or
 * hold them when only their owner vanished (src/queue/cancel-stale.ts), then propose a request for
 * each open finding that the revocation settings act on. While the queue is frozen (the hr-change
 * guard tripped at this scan), nothing is cancelled and no new request starts approved.
 */
import { PROPOSAL_RULES, type RevocationSettings } from '../config/schema.js';
import type { PolicySettings } from '../core/config-types.js';
import { daysSince } from '../core/dates.js';
import type { Credential, RuleId } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import { type RevokeStep, STEPS_NEEDING_APPROVAL } from '../core/plugin.js';
import { resolveOwner } from '../correlate/index.js';
import type { Baseline } from '../policy/baseline.js';
import { presentTitle } from '../policy/day-counts.js';
import type { StoredCredential } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import { cancelStale, type QueueFreeze } from './cancel-stale.js';
import { awaitingVerification } from './manual-gaps.js';
import { openRequestCondition } from './model.js';
import { ROTATION_RULE } from './rotation.js';
import { approvalsFor, disablesAtOnce, modeFor, type ProposalRule } from './settings.js';
import { insertRequest } from './store.js';

const PROPOSAL_RULE_IDS: readonly string[] = PROPOSAL_RULES;

/** Which rule names a request when a credential has several findings. */
const RULE_PRIORITY: readonly ProposalRule[] = [
  'leaver-owned',
  'contractor-expired',
  'leaver-access-remains',
  'propagation-gap',
  'leaver-shared-secret',
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
  /** Set when the hr-change guard froze the queue at this scan: no cancellation, no automatic approval. */
  freeze?: QueueFreeze;
}

export interface ReconcileSummary {
  proposed: number;
  cancelled: number;
  /** Rotation requests closed because the scan shows the secret rotated or replaced. */
  rotated: number;
  /** Requests held (not cancelled) because their owner vanished, or because the queue is frozen. */
  held: number;
  /** Held requests whose finding is open again. */
  released: number;
}

interface OpenFindingRow {
  uid: string;
  rule: RuleId;
  credentialUid: string;
  title: string;
  firstSeenAt: string;
}

/**
 * Whether a rule was rejected for a credential after its finding last became open. The rejections
 * (few) are read once; the finding's history only for a credential and rule that have one, so a
 * proposal costs no extra round trip on PostgreSQL.
 */
function rejectionCheck(db: Db): (finding: OpenFindingRow, rule: RuleId) => boolean {
  const latestRejection = new Map<string, number>();
  const rejections = db
    .prepare(
      "SELECT credential_uid AS credentialUid, rule, MAX(created_run) AS run FROM revocation_requests WHERE state = 'rejected' GROUP BY credential_uid, rule",
    )
    .all() as { credentialUid: string; rule: string; run: number }[];
  for (const { credentialUid, rule, run } of rejections)
    latestRejection.set(`${credentialUid}\n${rule}`, run);
  const raisedRun = db.prepare(
    "SELECT MAX(run_id) AS run FROM finding_history WHERE finding_uid = ? AND to_status = 'open'",
  );
  return (finding, rule) => {
    const rejectedRun = latestRejection.get(`${finding.credentialUid}\n${rule}`);
    if (rejectedRun === undefined) return false;
    const raised = raisedRun.get(finding.uid) as { run: number | null };
    return rejectedRun >= (raised.run ?? 0);
  };
}

function proposeNew(db: Db, input: ReconcileInput): number {
  // Only the rules that propose revocation are read (over-age and stale, the bulk of a large
  // estate's findings, never do), and a credential that already has an open request is skipped
  // before it is loaded.
  const rows = db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, stored_text(f.title, f.credential_uid) AS title,
              r.started_at AS firstSeenAt
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
  // A confirmed manual task waits for a complete scan of its source, not for a fresh request.
  const confirmed = awaitingVerification(db);
  const rejectedSinceRaised = rejectionCheck(db);
  let proposed = 0;
  for (const [credentialUid, findings] of byCredential) {
    if (confirmed.has(credentialUid)) continue;
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
      return !rejectedSinceRaised(finding, rule);
    });
    if (actionable.length === 0) continue;
    const lead = RULE_PRIORITY.map((rule) => actionable.find((finding) => finding.rule === rule)).find(
      Boolean,
    )!;
    const rule = lead.rule as ProposalRule;
    // A secret a leaver could read is rotated by its owner (a person), never revoked by nhiscan.
    const providerSteps = rule === ROTATION_RULE ? undefined : input.stepsFor(stored.source, credential);
    const steps = providerSteps
      ? providerSteps.map((step, index) => ({
          step,
          afterDays: index > 0 && step === 'delete' ? input.revocation.deleteAfterDays : 0,
        }))
      : [{ step: 'manual' as const, afterDays: 0 }];
    let mode = modeFor(input.revocation, rule, credential.privileged) as 'auto' | 'approve';
    // An irreversible-only action (no disable first) needs approval, and so does a step
    // that reaches beyond this one credential (the whole principal, the owner's sessions).
    if (mode === 'auto' && steps[0]?.step === 'delete') mode = 'approve';
    if (mode === 'auto' && steps.some((entry) => STEPS_NEEDING_APPROVAL.includes(entry.step)))
      mode = 'approve';
    if (input.freeze) mode = 'approve'; // a frozen queue approves nothing by itself
    // revocation.leaver auto-disable: a leaver's reversible first disable runs before approval. A
    // first step that is not a disable (delete only, manual, a whole principal) waits like the rest.
    const immediate =
      mode === 'approve' &&
      !input.freeze &&
      steps[0]?.step === 'disable' &&
      disablesAtOnce(input.revocation, rule, credential.privileged);
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
        steps: steps.map((entry, index) => (immediate && index === 0 ? { ...entry, immediate } : entry)),
        // The request keeps the title as shown today (its day counts, if any, counted now).
        reason: presentTitle(lead.title, input.asOf),
      },
      input.now,
    );
    proposed++;
  }
  return proposed;
}

export function reconcileQueue(db: Db, input: ReconcileInput): ReconcileSummary {
  return db.transaction(() => {
    const { cancelled, rotated, held, released } = cancelStale(db, input);
    const proposed = proposeNew(db, input);
    return { proposed, cancelled, rotated, held, released };
  })();
}
