/**
 * `queue verify`: re-reads the provider for every step nhiscan reported done on a request that is
 * still open or finished, and for every step in a propagation gap. A done step whose credential is
 * still usable (disable) or still exists (delete) becomes a propagation gap: critical finding,
 * step back to pending, request open. A gap whose credential is now unusable is closed. A manual
 * task's gap is only reported here: the next complete scan of its source closes it.
 */

import { appendAudit } from '../audit/append.js';
import type { SourceConfig } from '../config/load.js';
import { addDays } from '../core/dates.js';
import type { Scanner, VerifyResult } from '../core/plugin.js';
import { findingUid } from '../policy/finding-uid.js';
import { raiseFinding, resolveFinding } from '../store/findings.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import { latestFinishedRun } from '../store/scan-runs.js';
import type { RequestStep, RevocationRequest } from './model.js';
import { GAP_OUTCOME, gapFinding } from './propagation-gap.js';
import { listRequests, setRequestState, updateStep } from './store.js';

export interface VerifyCheck {
  requestId: number;
  credentialUid: string;
  step: RequestStep['step'];
  ordinal: number;
  verdict: 'holds' | 'gap' | 'gap-closed' | 'still-gap' | 'unknown';
  detail: string;
}

export interface VerifyOptions {
  sources: readonly SourceConfig[];
  now: () => Date;
  actor: string;
  signal: AbortSignal;
}

function tookEffect(step: RequestStep['step'], verify: VerifyResult): boolean | 'unknown' {
  if (step === 'delete') return verify.exists === 'unknown' ? 'unknown' : verify.exists === false;
  return verify.usable === 'unknown' ? 'unknown' : verify.usable === false;
}

export async function verifyRequests(db: Db, options: VerifyOptions): Promise<VerifyCheck[]> {
  const scanners = new Map<string, Scanner>();
  const scannerFor = (name: string) => {
    if (!scanners.has(name)) {
      const source = options.sources.find((candidate) => candidate.name === name);
      if (source) scanners.set(name, source.plugin.create(source.options, { name, baseDir: source.baseDir }));
    }
    return scanners.get(name);
  };
  const checks: VerifyCheck[] = [];
  const runId = latestFinishedRun(db)?.id;
  const requests = listRequests(db, { states: ['approved', 'in-progress', 'waiting-for-human', 'done'] });
  for (const request of requests) {
    // A confirmed manual task its source still lists active: no provider to re-read, only a later
    // complete scan of the source closes it (src/queue/manual-gaps.ts).
    const manualGap = request.steps.find((step) => step.step === 'manual' && step.outcome === GAP_OUTCOME);
    if (manualGap) {
      checks.push({
        requestId: request.id,
        credentialUid: request.credentialUid,
        step: 'manual',
        ordinal: manualGap.ordinal,
        verdict: 'still-gap',
        detail: `${manualGap.detail ?? 'still listed active'}; a later complete scan of its source closes it`,
      });
      continue;
    }
    const revoker = scannerFor(request.source)?.revoker;
    const stored = credentialByUid(db, request.credentialUid);
    if (!revoker?.verify || !stored) continue;
    // The last step that claims success (or is in a gap) is the one whose effect must hold.
    const step = [...request.steps]
      .reverse()
      .find((candidate) => candidate.state === 'done' || candidate.outcome === GAP_OUTCOME);
    if (!step || step.step === 'manual') continue;
    const reread = await revoker.verify(stored.credential, {
      signal: options.signal,
      asOf: options.now(),
      baseDir: '.',
    });
    const effect = tookEffect(step.step, reread);
    const detail = reread.detail ?? '';
    const base = {
      requestId: request.id,
      credentialUid: request.credentialUid,
      step: step.step,
      ordinal: step.ordinal,
    };
    if (effect === 'unknown') {
      checks.push({ ...base, verdict: 'unknown', detail });
      continue;
    }
    const inGap = step.outcome === GAP_OUTCOME;
    if (effect && !inGap) {
      checks.push({ ...base, verdict: 'holds', detail });
      continue;
    }
    if (!effect && inGap) {
      checks.push({ ...base, verdict: 'still-gap', detail });
      continue;
    }
    const now = options.now().toISOString();
    if (effect && inGap) {
      db.transaction(() => {
        updateStep(db, request.id, step.ordinal, {
          state: 'done',
          outcome: 'verified-later',
          detail,
          finishedAt: now,
        });
        appendAudit(db, {
          time: now,
          actor: options.actor,
          action: 'step.verified',
          target: `request:${request.id}`,
          reason: `propagation gap closed: ${detail}`,
          payload: {
            requestId: request.id,
            credentialUid: request.credentialUid,
            step: step.step,
            ordinal: step.ordinal,
          },
        });
        if (runId !== undefined) {
          resolveFinding(
            db,
            findingUid('propagation-gap', request.credentialUid),
            runId,
            'propagation gap closed',
            now,
          );
        }
        const following = request.steps.find((candidate) => candidate.ordinal === step.ordinal + 1);
        if (following) {
          updateStep(db, request.id, following.ordinal, {
            notBefore: addDays(new Date(now), following.afterDays).toISOString(),
          });
        } else {
          setRequestState(db, request, {
            state: 'done',
            reason: 'all steps done and verified',
            actor: options.actor,
            action: 'request.done',
            now,
          });
        }
      })();
      checks.push({ ...base, verdict: 'gap-closed', detail });
      continue;
    }
    // Reported done, but the provider says the credential is still usable / still there.
    db.transaction(() => {
      updateStep(db, request.id, step.ordinal, { state: 'pending', outcome: GAP_OUTCOME, detail });
      if (request.state === 'done') reopen(db, request, options.actor, now, detail);
      appendAudit(db, {
        time: now,
        actor: options.actor,
        action: 'step.propagation-gap',
        target: `request:${request.id}`,
        reason: `${step.apiCall ?? step.step} was reported done, but a re-read shows: ${detail}`,
        payload: {
          requestId: request.id,
          credentialUid: request.credentialUid,
          step: step.step,
          ordinal: step.ordinal,
        },
      });
      if (runId !== undefined) raiseFinding(db, runId, gapFinding(db, request, { ...step, detail }), now);
    })();
    checks.push({ ...base, verdict: 'gap', detail });
  }
  return checks;
}

function reopen(db: Db, request: RevocationRequest, actor: string, now: string, detail: string): void {
  setRequestState(db, request, {
    state: 'in-progress',
    reason: `reopened: propagation gap (${detail})`,
    actor,
    action: 'request.reopened',
    now,
  });
}
