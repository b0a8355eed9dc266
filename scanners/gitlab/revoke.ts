/**
 * Revokes exactly the GitLab credential named. Tokens and deploy keys have one step, `delete`
 * (GitLab has no way to disable one and undo it: a revoked token stays revoked, so the queue asks
 * for approval); a CI/CD variable's is `manual` (a person rotates its value). 404 means already
 * revoked. A dry run makes no call and only names the exact one.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeOptions, RevokeResult, RevokeStep } from '../../src/core/plugin.js';
import type { GitlabApi } from './clients.js';
import { gitlabFailure, isNotFound } from './errors.js';
import { VARIABLE_KIND } from './kinds.js';
import { type Target, targetOf } from './targets.js';

export const revocationSteps = (credential: Credential): RevokeStep[] =>
  credential.kind === VARIABLE_KIND ? ['manual'] : ['delete'];

const CONFIRM = 'then run `nhiscan queue confirm ID --by WHO --reason TEXT`';

function manualInstructions(target: Extract<Target, { kind: 'ci-variable' }>): string {
  return `Rotate the CI/CD variable ${target.key} (environment scope ${target.scope}) of project ${target.projectPath}: issue a new value at the service it unlocks, set it under Settings › CI/CD › Variables of the project, revoke the old value at that service, ${CONFIRM}. Do not delete the variable: pipelines using it would fail.`;
}

interface Call {
  apiCall: string;
  send(api: GitlabApi): Promise<unknown>;
}

function deleteCall(target: Exclude<Target, { kind: 'ci-variable' }>): Call {
  switch (target.kind) {
    case 'personal-access-token': {
      const group = target.inventoryGroupId;
      if (group === undefined)
        return {
          apiCall: `DELETE /personal_access_tokens/${target.tokenId}`,
          send: (api) => api.personalAccessTokens.remove({ tokenId: target.tokenId }),
        };
      // @gitbeaker/rest 43.8 has no method for the credentials inventory: the client's requester.
      const path = `groups/${group}/manage/personal_access_tokens/${target.tokenId}`;
      return { apiCall: `DELETE /${path}`, send: (api) => api.groups.requester.delete(path) };
    }
    case 'group-access-token':
      return {
        apiCall: `DELETE /groups/${target.groupId}/access_tokens/${target.tokenId}`,
        send: (api) => api.groupAccessTokens.revoke(target.groupId, target.tokenId),
      };
    case 'project-access-token':
      return {
        apiCall: `DELETE /projects/${target.projectId}/access_tokens/${target.tokenId}`,
        send: (api) => api.projectAccessTokens.revoke(target.projectId, target.tokenId),
      };
    case 'deploy-token':
      return {
        apiCall: `DELETE /${target.holder}s/${target.holderId}/deploy_tokens/${target.tokenId}`,
        send: (api) =>
          api.deployTokens.remove(
            target.tokenId,
            target.holder === 'group' ? { groupId: target.holderId } : { projectId: target.holderId },
          ),
      };
    case 'deploy-key':
      return {
        apiCall: `DELETE /projects/${target.projectId}/deploy_keys/${target.keyId}`,
        send: (api) => api.deployKeys.remove(target.projectId, target.keyId),
      };
  }
}

export async function revokeCredential(
  apiFor: (signal: AbortSignal) => GitlabApi,
  credential: Credential,
  step: RevokeStep,
  options: RevokeOptions,
): Promise<RevokeResult> {
  const target = targetOf(credential);
  if (target.kind === 'ci-variable') {
    if (step !== 'manual')
      throw new Error(
        `gitlab: ${credential.uid} is rotated by hand: step ${step} is refused; its only step is manual`,
      );
    return {
      outcome: options.dryRun ? 'planned' : 'waiting-for-human',
      apiCall: 'manual',
      manualTask: { instructions: manualInstructions(target) },
    };
  }
  if (step !== 'delete')
    throw new Error(`gitlab: step ${step} is not supported for ${credential.kind}; its only step is delete`);
  const call = deleteCall(target);
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await call.send(apiFor(options.signal));
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNotFound(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: '404 Not Found' };
    throw gitlabFailure(call.apiCall, error);
  }
}
