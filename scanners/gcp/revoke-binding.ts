/**
 * Removes a leaver's `user:` member from every binding of a project IAM policy (step `delete`,
 * irreversible: the queue always asks for approval), and re-reads the policy to verify.
 *
 * The write is Google's read-modify-write: getIamPolicy (version 3, so conditions survive) → drop
 * the member from each binding, and a binding left with no member → setIamPolicy with the etag
 * read. Another writer in between makes setIamPolicy answer 409 ABORTED; the whole cycle is then
 * repeated, at most MAX_ATTEMPTS times. Nothing else in the policy changes. A dry run makes no call.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { GcpClients } from './clients.js';
import type { GcpProjectPolicy } from './emulator/estate.js';
import { describeGoogleError, gcpFailure, isEtagConflict } from './errors.js';
import { IAM_BINDING_KIND, memberAccess } from './leaver-bindings.js';

/** Read-modify-write cycles tried before a 409 ABORTED is reported as a failure. */
export const MAX_ATTEMPTS = 3;

interface Target {
  project: string;
  /** `user:EMAIL` */
  member: string;
}

function targetOf(credential: Credential): Target {
  if (credential.kind !== IAM_BINDING_KIND || !credential.externalId.startsWith('user:'))
    throw new Error(`gcp: ${credential.uid} is not a user binding this plugin listed`);
  return { project: credential.account, member: credential.externalId };
}

export function setPolicyCall(project: string, member: string, roles: readonly string[]): string {
  return `POST /v3/projects/${project}:setIamPolicy removing ${member} from ${roles.join(', ')}`;
}

/** The policy without `member` in any binding; bindings left empty are dropped. */
export function withoutMember(policy: GcpProjectPolicy, member: string): GcpProjectPolicy {
  const wanted = member.toLowerCase();
  const bindings = (policy.bindings ?? [])
    .map((binding) => ({
      ...binding,
      members: (binding.members ?? []).filter((entry) => entry.toLowerCase() !== wanted),
    }))
    .filter((binding) => binding.members.length > 0);
  return { ...policy, bindings };
}

async function readPolicy(clients: GcpClients, project: string, signal: AbortSignal) {
  const { data } = await clients.resourceManager.projects.getIamPolicy(
    { resource: `projects/${project}`, requestBody: { options: { requestedPolicyVersion: 3 } } },
    { signal },
  );
  return data;
}

export async function revokeBinding(
  clients: () => GcpClients,
  credential: Credential,
  step: RevokeStep,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  if (step !== 'delete') throw new Error(`gcp: step ${step} is not supported for a user binding; use delete`);
  const { project, member } = targetOf(credential);
  const listedRoles = (credential.attributes?.roles ?? '').split(', ').filter(Boolean);
  const planned = setPolicyCall(project, member, listedRoles);
  if (options.dryRun) return { outcome: 'planned', apiCall: planned };
  for (let attempt = 1; ; attempt++) {
    let policy: GcpProjectPolicy;
    try {
      policy = await readPolicy(clients(), project, options.signal);
    } catch (error) {
      throw gcpFailure(`POST /v3/projects/${project}:getIamPolicy`, project, error);
    }
    const { roles } = memberAccess(policy, member);
    if (roles.length === 0)
      return {
        outcome: 'already-revoked',
        apiCall: planned,
        detail: `${member} is in no binding of project ${project}`,
      };
    const apiCall = setPolicyCall(project, member, roles);
    try {
      await clients().resourceManager.projects.setIamPolicy(
        { resource: `projects/${project}`, requestBody: { policy: withoutMember(policy, member) } },
        { signal: options.signal },
      );
      return {
        outcome: 'revoked',
        apiCall,
        ...(attempt > 1 ? { detail: `after ${attempt - 1} concurrent policy change(s)` } : {}),
      };
    } catch (error) {
      if (options.signal.aborted) throw error;
      if (isEtagConflict(error) && attempt < MAX_ATTEMPTS) continue;
      const tried = isEtagConflict(error) ? ` (${MAX_ATTEMPTS} read-modify-write attempts)` : '';
      throw gcpFailure(`${apiCall}${tried}`, project, error);
    }
  }
}

/** Re-reads the project policy: the access remains while the member is in any binding. */
export async function verifyBinding(
  clients: GcpClients,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const { project, member } = targetOf(credential);
  try {
    const { roles } = memberAccess(await readPolicy(clients, project, signal), member);
    if (roles.length > 0)
      return { usable: true, exists: true, detail: `${member} still holds ${roles.join(', ')}` };
    return { usable: false, exists: false, detail: `${member} is in no binding of project ${project}` };
  } catch (error) {
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeGoogleError(error)}` };
  }
}
