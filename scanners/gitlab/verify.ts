/**
 * Re-reads a credential after a revocation: a token is usable while it is active and not revoked
 * (a revoked token can never work again: it counts as gone); a deploy token or key, while it is
 * there; 404 is gone. A CI/CD variable is re-read from the project's list, its value dropped on
 * receipt. A failed re-read is `unknown`, never a verdict.
 */
import type { Credential } from '../../src/core/model.js';
import type { VerifyResult } from '../../src/core/plugin.js';
import type { GitlabApi } from './clients.js';
import type { DeployToken, ProjectVariable } from './emulator/estate.js';
import { describeGitlabError, isNotFound } from './errors.js';
import { inventoryPage } from './list-inventory.js';
import { type ExpandedPage, pagesOf } from './paginate.js';
import { type Target, targetOf } from './targets.js';

function tokenState(token: { active: boolean; revoked: boolean }): VerifyResult {
  if (token.revoked) return { usable: false, exists: false, detail: 'revoked' };
  if (!token.active) return { usable: false, exists: true, detail: 'inactive (expired)' };
  return { usable: true, exists: true, detail: 'active' };
}

async function variableState(
  api: GitlabApi,
  target: Extract<Target, { kind: 'ci-variable' }>,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const pages = pagesOf(
    async (page) => {
      const answer = (await api.projectVariables.all(
        target.projectId,
        page,
      )) as unknown as ExpandedPage<ProjectVariable>;
      // The API sends each value: keep only the names.
      const data = answer.data.map(({ key, environment_scope }) => ({ key, environment_scope }));
      return { data, paginationInfo: answer.paginationInfo };
    },
    100,
    signal,
  );
  for await (const page of pages)
    if (page.some((variable) => variable.key === target.key && variable.environment_scope === target.scope))
      return { usable: true, exists: true, detail: 'the variable exists; a rotation shows at the next scan' };
  return { usable: false, exists: false, detail: 'the variable no longer exists' };
}

/** A credentials-inventory PAT: no single GET exists, so the group's inventory is read for it. */
async function inventoryState(
  api: GitlabApi,
  groupId: number,
  tokenId: number,
  signal: AbortSignal,
): Promise<VerifyResult> {
  for await (const page of pagesOf((page) => inventoryPage(api, groupId, page), 100, signal)) {
    const token = page.find((candidate) => candidate.id === tokenId);
    if (token) return tokenState(token);
  }
  return { usable: false, exists: false, detail: `not in the credentials inventory of group ${groupId}` };
}

async function read(api: GitlabApi, target: Target, signal: AbortSignal): Promise<VerifyResult> {
  switch (target.kind) {
    case 'personal-access-token':
      if (target.inventoryGroupId !== undefined)
        return inventoryState(api, target.inventoryGroupId, target.tokenId, signal);
      return tokenState(await api.personalAccessTokens.show({ tokenId: target.tokenId }));
    case 'group-access-token':
      return tokenState(await api.groupAccessTokens.show(target.groupId, target.tokenId));
    case 'project-access-token':
      return tokenState(await api.projectAccessTokens.show(target.projectId, target.tokenId));
    case 'deploy-token': {
      const token = (await api.deployTokens.show(
        target.tokenId,
        target.holder === 'group' ? { groupId: target.holderId } : { projectId: target.holderId },
      )) as unknown as DeployToken;
      if (token.revoked) return { usable: false, exists: false, detail: 'revoked' };
      return token.expired
        ? { usable: false, exists: true, detail: 'expired' }
        : { usable: true, exists: true, detail: 'active' };
    }
    case 'deploy-key':
      await api.deployKeys.show(target.projectId, target.keyId);
      return { usable: true, exists: true, detail: 'the key is still enabled in the project' };
    case 'ci-variable':
      return variableState(api, target, signal);
  }
}

export async function verifyCredential(
  api: GitlabApi,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const target = targetOf(credential);
  try {
    return await read(api, target, signal);
  } catch (error) {
    if (isNotFound(error)) return { usable: false, exists: false, detail: '404 Not Found' };
    if (signal.aborted) throw error;
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeGitlabError(error)}` };
  }
}
