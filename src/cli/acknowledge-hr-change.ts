/**
 * `queue execute --accept-hr-change --by WHO --reason TEXT`: a person acknowledges the HR snapshot
 * change the hr-change guard refused. The person resolves like every decider; under
 * governance.signedDecisions the acknowledgement is signed like any decision. A `guard.acknowledged`
 * record for that snapshot lets the executor (and later scans) pass.
 */
import { appendAudit } from '../audit/append.js';
import type { GovernanceSettings } from '../config/schema.js';
import { InputError } from '../core/errors.js';
import { governanceContext } from '../governance/context.js';
import type { Db } from '../store/open.js';
import { latestFinishedRun } from '../store/scan-runs.js';
import { acceptanceOf } from './acceptance.js';
import { governedActor } from './governance.js';
import type { CliIo } from './io.js';
import { signedDecisionAttestation } from './signed-decision.js';

/** Records the acknowledgement; 'printed' when --print-decision printed its text instead. */
export function acknowledgeHrChange(
  io: CliIo,
  db: Db,
  settings: GovernanceSettings,
  flags: { by?: string; reason?: string; signature?: string; printDecision?: boolean },
  now: Date,
): 'recorded' | 'printed' {
  const { by, reason } = acceptanceOf('--accept-hr-change', flags.by, flags.reason);
  const run = latestFinishedRun(db);
  if (run?.hrSnapshotId == null)
    throw new InputError('no scanned HR snapshot to acknowledge', { key: '--accept-hr-change' });
  const target = `hr-snapshot:${run.hrSnapshotId}`;
  const attestation = signedDecisionAttestation(io, db, {
    settings,
    governance: governanceContext(db, settings, now),
    flags: { ...flags, by, reason },
    decision: 'accept-hr-change',
    target,
    now,
  });
  if (attestation === 'printed') return 'printed';
  const actor = governedActor(db, by, {
    settings,
    purpose: 'decide',
    decision: 'accept-hr-change',
    target,
    now,
  });
  appendAudit(db, {
    time: now.toISOString(),
    actor: actor.id,
    action: 'guard.acknowledged',
    target,
    reason,
    payload: { guard: 'hr-change', hrSnapshotId: run.hrSnapshotId, runId: run.id, ...attestation },
  });
  return 'recorded';
}
