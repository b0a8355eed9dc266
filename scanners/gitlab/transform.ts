/**
 * Pure payload → model transforms for GitLab tokens, keys and variables. Only ids, names, dates,
 * scopes and fingerprints are read: a token's secret is never in a listing, and a CI/CD variable
 * reaches here without its value (list-group.ts drops it on receipt).
 */
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';
import type {
  DeployKey,
  DeployToken,
  GitlabUser,
  PersonalAccessToken,
  ProjectVariable,
  ResourceAccessToken,
} from './emulator/estate.js';
import {
  DEPLOY_KEY_KIND,
  DEPLOY_TOKEN_KIND,
  type GitlabKind,
  GROUP_TOKEN_KIND,
  PAT_KIND,
  PROJECT_TOKEN_KIND,
  VARIABLE_KIND,
} from './kinds.js';
import { deployKeyReasons, roleReasons, scopeReasons } from './privilege.js';

/** A variable as kept: everything but its value. */
export type VariableMetadata = Omit<ProjectVariable, 'value'>;

/** The group or project a record belongs to. */
export interface Holder {
  type: 'group' | 'project';
  id: number;
  /** `acme/platform`, `acme/platform/api`. */
  path: string;
}

export const NO_DEPLOY_TOKEN_USE =
  'GitLab’s deploy token API gives no last use (nor creation date), so last use is unknown';
export const NO_DEPLOY_KEY_USE = 'GitLab’s deploy key API gives no last use, so last use is unknown';
export const NO_VARIABLE_USE =
  'a CI/CD variable is read by pipelines, which GitLab does not record per variable';

const uid = (account: string, kind: GitlabKind, id: string) => `gitlab:${account}:${kind}:${id}`;

export const userPrincipalUid = (account: string, userId: number) => `gitlab:${account}:user:${userId}`;
export const botPrincipalUid = (account: string, userId: number) => `gitlab:${account}:bot-user:${userId}`;

/** Revoked tokens are listed by GitLab but can never work again: they are not credentials any more. */
const statusOf = (token: { active: boolean }): Credential['status'] => (token.active ? 'active' : 'expired');

const base = (account: string, kind: GitlabKind, externalId: string) => ({
  uid: uid(account, kind, externalId),
  provider: 'gitlab',
  account,
  kind,
  externalId,
  department: null,
});

export function userPrincipal(account: string, user: Pick<GitlabUser, 'id' | 'username'>): Principal {
  return {
    uid: userPrincipalUid(account, user.id),
    provider: 'gitlab',
    account,
    kind: 'user',
    name: user.username,
  };
}

export function botPrincipal(account: string, userId: number, holder: Holder): Principal {
  return {
    uid: botPrincipalUid(account, userId),
    provider: 'gitlab',
    account,
    kind: 'bot-user',
    name: `bot user ${userId} of ${holder.type} ${holder.path}`,
  };
}

export function patCredential(
  account: string,
  token: PersonalAccessToken,
  user: Pick<GitlabUser, 'id' | 'username'>,
  ownerSignals: OwnerSignal[],
  /** The top-level group whose credentials inventory listed it (GitLab.com), which revokes it. */
  inventoryGroupId?: number,
): Credential {
  const reasons = scopeReasons(token.scopes);
  return {
    ...base(account, PAT_KIND, String(token.id)),
    principalUid: userPrincipalUid(account, user.id),
    principalName: user.username,
    status: statusOf(token),
    createdAt: token.created_at,
    expiresAt: token.expires_at ?? null,
    lastUsedAt: token.last_used_at ?? null,
    lastUsedKnown: true,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    ownerSignals,
    attributes: {
      name: token.name,
      scopes: (token.scopes ?? []).join(' '),
      user_id: String(user.id),
      ...(inventoryGroupId === undefined ? {} : { group_id: String(inventoryGroupId) }),
    },
  };
}

/**
 * A group or project access token. GitLab's REST API names no creator for these, so they carry no
 * owner signal: their owner is unknown unless a person claims them.
 */
export function accessTokenCredential(
  account: string,
  holder: Holder,
  token: ResourceAccessToken,
): Credential {
  const reasons = [...scopeReasons(token.scopes), ...roleReasons(token.access_level)];
  const kind = holder.type === 'group' ? GROUP_TOKEN_KIND : PROJECT_TOKEN_KIND;
  return {
    ...base(account, kind, String(token.id)),
    principalUid: botPrincipalUid(account, token.user_id),
    principalName: `bot user ${token.user_id} of ${holder.type} ${holder.path}`,
    status: statusOf(token),
    createdAt: token.created_at,
    expiresAt: token.expires_at ?? null,
    lastUsedAt: token.last_used_at ?? null,
    lastUsedKnown: true,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    ownerSignals: [],
    attributes: {
      name: token.name,
      scopes: (token.scopes ?? []).join(' '),
      access_level: String(token.access_level),
      [`${holder.type}_id`]: String(holder.id),
      [`${holder.type}_path`]: holder.path,
    },
  };
}

export function deployTokenCredential(account: string, holder: Holder, token: DeployToken): Credential {
  const reasons = scopeReasons(token.scopes);
  return {
    ...base(account, DEPLOY_TOKEN_KIND, String(token.id)),
    principalUid: null,
    principalName: token.username,
    status: token.expired ? 'expired' : 'active',
    createdAt: null,
    expiresAt: token.expires_at ?? null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_DEPLOY_TOKEN_USE,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    ownerSignals: [],
    attributes: {
      name: token.name,
      username: token.username,
      scopes: (token.scopes ?? []).join(' '),
      [`${holder.type}_id`]: String(holder.id),
      [`${holder.type}_path`]: holder.path,
    },
  };
}

/** A deploy key as enabled in one project: `externalId` is `projectId/keyId`. */
export function deployKeyCredential(account: string, project: Holder, key: DeployKey): Credential {
  const reasons = deployKeyReasons(key.can_push);
  return {
    ...base(account, DEPLOY_KEY_KIND, `${project.id}/${key.id}`),
    principalUid: null,
    principalName: null,
    status: 'active',
    createdAt: key.created_at,
    expiresAt: key.expires_at ?? null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_DEPLOY_KEY_USE,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    ownerSignals: [],
    hint: key.fingerprint_sha256 ?? key.fingerprint,
    attributes: {
      title: key.title,
      can_push: String(key.can_push ?? false),
      project_id: String(project.id),
      project_path: project.path,
    },
  };
}

/**
 * A project's CI/CD variable as a shared secret: no owner, read by the project's Maintainers and
 * Owners (`readers`). GitLab gives neither a creation date nor when the value was set: a reader who
 * left always counts (its value may predate their leaving).
 */
export function variableCredential(
  account: string,
  project: Holder,
  variable: VariableMetadata,
  readers: OwnerSignal[],
): Credential {
  return {
    ...base(account, VARIABLE_KIND, `${project.id}/${variable.key}:${variable.environment_scope}`),
    principalUid: null,
    principalName: null,
    status: 'active',
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_VARIABLE_USE,
    privileged: false,
    privilegedReasons: [],
    ownerSignals: [],
    attributes: {
      key: variable.key,
      environment_scope: variable.environment_scope,
      protected: String(variable.protected),
      masked: String(variable.masked),
      variable_type: variable.variable_type,
      project_id: String(project.id),
      project_path: project.path,
    },
    nature: 'shared-secret',
    readers,
    valueSetAt: null,
  };
}
