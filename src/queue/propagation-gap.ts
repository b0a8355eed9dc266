/**
 * propagation-gap: a revocation step reported success, but re-reading the provider shows the
 * credential still usable. The finding stays open (and the step pending) until a later step or
 * `queue verify` shows it unusable. For a manual step: a person confirmed it, but a complete scan of
 * the credential's source still lists it active (src/queue/manual-gaps.ts); a later scan closes it.
 */
import type { Finding } from '../core/model.js';
import { credentialLabel } from '../policy/describe.js';
import { propagationGapFinding } from '../policy/evaluate.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { openRequestCondition } from './model.js';
import { getRequest } from './store.js';

export const GAP_OUTCOME = 'propagation-gap';

export function gapFinding(
  db: Db,
  request: Pick<RevocationRequest, 'id' | 'credentialUid'>,
  step: { step: string; apiCall: string | null; detail: string | null },
): Finding {
  const stored = credentialByUid(db, request.credentialUid);
  const evidence = { requestId: request.id, step: step.step, apiCall: step.apiCall, reread: step.detail };
  if (step.step !== 'manual' || !stored)
    return propagationGapFinding(stored?.credential ?? request.credentialUid, evidence);
  const finding = propagationGapFinding(stored.credential, { ...evidence, source: stored.source });
  return {
    ...finding,
    title: `${credentialLabel(stored.credential)} is still listed active in ${stored.source} after its manual revocation was confirmed`,
  };
}

/** The propagation-gap findings that still hold: open requests with a step in the gap state. */
export function openGapFindings(db: Db): Finding[] {
  // Only the requests with a step in the gap are loaded: every scan asks, and a large estate has
  // thousands of open requests.
  const ids = db
    .prepare(
      `SELECT DISTINCT s.request_id FROM revocation_steps s JOIN revocation_requests q ON q.id = s.request_id
        WHERE s.outcome = ? AND ${openRequestCondition('q')} ORDER BY s.request_id`,
    )
    .pluck()
    .all(GAP_OUTCOME) as number[];
  const findings: Finding[] = [];
  for (const id of ids) {
    const request = getRequest(db, id)!;
    const step = request.steps.find((candidate) => candidate.outcome === GAP_OUTCOME);
    if (step) findings.push(gapFinding(db, request, step));
  }
  return findings;
}
