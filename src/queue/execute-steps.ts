/**
 * What the executor judges about one step, apart from running it: whether a re-read shows the step
 * took effect, the facts every step record carries, and which step of the request comes next in the
 * same run. Which provider errors are worth a retry is the scanner's to say (`revoker.isTransient`).
 */

import type { Credential } from '../core/model.js';
import type { RevokeStep, ScanContext, Scanner, VerifyResult } from '../core/plugin.js';
import { redact } from '../core/redact.js';
import type { Db } from '../store/open.js';
import type { RequestStep, RevocationRequest } from './model.js';
import type { DueAction } from './plan.js';
import { ROTATION_RULE, rotationInstructions } from './rotation.js';
import { getRequest } from './store.js';

/** Plugins write `queue confirm ID`: name the actual request. */
export function forRequest(instructions: string, requestId: number): string {
  return instructions.replaceAll('queue confirm ID', `queue confirm ${requestId}`);
}

/** What a person is told for a manual step: rotate the secret (leaver-shared-secret) or revoke by hand. */
export function manualInstructions(request: RevocationRequest, credential: Credential): string {
  return request.rule === ROTATION_RULE
    ? rotationInstructions(credential, request.id)
    : `revoke ${credential.uid} by hand, then run: nhiscan queue confirm ${request.id} --by WHO --reason TEXT`;
}

/** Whether a re-read shows the step took effect: disable → unusable; delete → gone. */
export function stepTookEffect(step: RevokeStep, verify: VerifyResult): boolean | 'unknown' {
  if (step === 'delete') return verify.exists === 'unknown' ? 'unknown' : verify.exists === false;
  return verify.usable === 'unknown' ? 'unknown' : verify.usable === false;
}

/** The facts every step record carries (docs/audit.md: the OCSF export reads these names). */
export function stepFacts(action: DueAction): Record<string, unknown> {
  return {
    requestId: action.request.id,
    credentialUid: action.request.credentialUid,
    source: action.request.source,
    provider: action.credential?.provider ?? null,
    account: action.credential?.account ?? null,
    principal: action.credential?.principalName ?? null,
    rule: action.request.rule,
    privileged: action.request.privileged,
    step: action.step.step,
    ordinal: action.step.ordinal,
  };
}

/** The request's next step when it may run in this same run (approved or in progress, and due). */
export function followingAction(
  db: Db,
  request: RevocationRequest,
  step: RequestStep,
  now: Date,
): DueAction | undefined {
  const current = getRequest(db, request.id);
  if (!current || (current.state !== 'in-progress' && current.state !== 'approved')) return undefined;
  const next = current.steps.find((candidate) => candidate.ordinal === step.ordinal + 1);
  if (!next || next.state === 'done' || (next.notBefore && next.notBefore > now.toISOString()))
    return undefined;
  return { request: current, step: next, credential: undefined, recovering: next.state === 'started' };
}

/** A provider's own words (`detail`) are stored and printed: secret shapes in them are masked first. */
export function withRedactedDetail<T extends { detail?: string }>(result: T): T {
  return result.detail === undefined ? result : { ...result, detail: redact(result.detail) };
}

/**
 * The provider's re-read of a credential after a step; undefined when its revoker has no `verify`.
 * A re-read that fails is `unknown`, never "gone"; cancellation still propagates.
 */
export async function rereadCredential(
  scanner: Scanner,
  credential: Credential,
  context: ScanContext,
): Promise<VerifyResult | undefined> {
  const revoker = scanner.revoker;
  if (!revoker?.verify) return undefined;
  try {
    return withRedactedDetail(await revoker.verify(credential, context));
  } catch (error) {
    if (context.signal.aborted) throw error;
    return {
      usable: 'unknown',
      exists: 'unknown',
      detail: `re-read failed: ${redact((error as Error).message)}`,
    };
  }
}
