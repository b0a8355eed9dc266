/**
 * propagation-gap: a revocation step reported success, but re-reading the provider shows the
 * credential still usable. The finding stays open (and the step pending) until a later step or
 * `queue verify` shows it unusable.
 */
import type { Finding } from '../core/model.js';
import { propagationGapFinding } from '../policy/evaluate.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import type { RevocationRequest } from './model.js';
import { openRequests } from './store.js';

export const GAP_OUTCOME = 'propagation-gap';

export function gapFinding(
  db: Db,
  request: Pick<RevocationRequest, 'id' | 'credentialUid'>,
  step: { step: string; apiCall: string | null; detail: string | null },
): Finding {
  const stored = credentialByUid(db, request.credentialUid);
  return propagationGapFinding(stored?.credential ?? request.credentialUid, {
    requestId: request.id,
    step: step.step,
    apiCall: step.apiCall,
    reread: step.detail,
  });
}

/** The propagation-gap findings that still hold: open requests with a step in the gap state. */
export function openGapFindings(db: Db): Finding[] {
  const findings: Finding[] = [];
  for (const request of openRequests(db)) {
    const step = request.steps.find((candidate) => candidate.outcome === GAP_OUTCOME);
    if (step) findings.push(gapFinding(db, request, step));
  }
  return findings;
}
