/**
 * Pure transforms from GitHub payloads to the nhiscan model. Only ids, dates, scopes, permissions
 * and hints are kept: a token's last eight characters, an SSH key's fingerprint, a deploy key's
 * SHA256 fingerprint computed here. The deploy key's public key itself is never kept.
 */
import { createHash } from 'node:crypto';
import type { Credential, Principal } from '../../src/core/model.js';
import { compactPermissions, installationPrincipalUid } from './app-installations.js';
import { type GithubCredentialKind, githubCredentialUid } from './kinds.js';
import { creatorSignals, holderSignals, type IdentityDirectory, type SamlIdentity } from './owners.js';
import type {
  CredentialAuthorizationPayload,
  DeployKeyPayload,
  FineGrainedGrantPayload,
  InstallationPayload,
  RepositoryPayload,
} from './payloads.js';
import { deployKeyReasons, fineGrainedReasons, scopeReasons } from './privilege.js';

export interface OrgContext {
  org: string;
  identities: IdentityDirectory;
}

export function userPrincipalUid(org: string, login: string): string {
  return `github:${org}:user/${login}`;
}

export function repositoryPrincipalUid(org: string, repo: string): string {
  return `github:${org}/${repo}`;
}

/**
 * `SSH key` → ssh-key; `OAuth app token` (or a GitHub App's user token) → oauth-app-token; a token
 * of any other description → personal-access-token. GitHub documents `credential_type` only as a
 * human-readable description, so it is matched loosely.
 */
export function authorizationKind(
  credentialType: string,
): Extract<GithubCredentialKind, 'personal-access-token' | 'ssh-key' | 'oauth-app-token'> {
  if (/ssh/i.test(credentialType)) return 'ssh-key';
  return /\b(oauth|app)\b/i.test(credentialType) ? 'oauth-app-token' : 'personal-access-token';
}

/**
 * OpenSSH's `SHA256:…` fingerprint of a public key line (`ssh-ed25519 AAAA… comment`); undefined
 * unless the blob is SSH wire format naming the same key type.
 */
export function sshFingerprint(publicKey: string): string | undefined {
  const [type, body] = publicKey.trim().split(/\s+/);
  if (!type || !body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  const blob = Buffer.from(body, 'base64');
  if (blob.length < 4) return undefined;
  const typeLength = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLength).toString('latin1') !== type) return undefined;
  const digest = createHash('sha256').update(blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** GitHub's `2026-01-02T03:04:05Z` as `2026-01-02T03:04:05.000Z`, like every other source. */
function iso(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

function holder(org: string, login: string) {
  return { principalUid: userPrincipalUid(org, login), principalName: login };
}

/** A SAML credential authorization: a classic token or an SSH key authorized for the organization. */
export function authorizationCredential(
  context: OrgContext,
  authorization: CredentialAuthorizationPayload,
): Credential {
  const { org } = context;
  const kind = authorizationKind(authorization.credential_type);
  const id = String(authorization.credential_id);
  const uid = githubCredentialUid(org, kind, id);
  const reasons = kind === 'ssh-key' ? [] : scopeReasons(authorization.scopes);
  const hint = kind === 'ssh-key' ? authorization.fingerprint : authorization.token_last_eight;
  return {
    uid,
    provider: 'github',
    account: org,
    kind,
    externalId: id,
    ...holder(org, authorization.login),
    status: 'active',
    // When the credential was authorized for this organization (GitHub gives no creation date here).
    createdAt: iso(authorization.credential_authorized_at),
    expiresAt: iso(authorization.authorized_credential_expires_at),
    // credential_accessed_at is null when the credential never accessed the organization: known.
    lastUsedAt: iso(authorization.credential_accessed_at),
    lastUsedKnown: true,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    department: null,
    ownerSignals: holderSignals(
      org,
      authorization.login,
      context.identities,
      `${uid} credential authorization`,
    ),
    ...(hint ? { hint } : {}),
  };
}

/** A fine-grained personal access token granted access to the organization (`id` is the pat_id). */
export function fineGrainedTokenCredential(context: OrgContext, grant: FineGrainedGrantPayload): Credential {
  const { org } = context;
  const id = String(grant.id);
  const uid = githubCredentialUid(org, 'fine-grained-pat', id);
  const reasons = fineGrainedReasons(grant.permissions);
  return {
    uid,
    provider: 'github',
    account: org,
    kind: 'fine-grained-pat',
    externalId: id,
    ...holder(org, grant.owner.login),
    status: grant.token_expired ? 'expired' : 'active',
    // When the token was granted access to the organization.
    createdAt: iso(grant.access_granted_at),
    expiresAt: iso(grant.token_expires_at),
    // token_last_used_at is null when the token was never used: known.
    lastUsedAt: iso(grant.token_last_used_at),
    lastUsedKnown: true,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    department: null,
    ownerSignals: holderSignals(org, grant.owner.login, context.identities, `${uid} token owner`),
  };
}

export const DEPLOY_KEY_LAST_USE_UNKNOWN =
  'GitHub returned no last_used for this deploy key (servers before the field existed): unknown, not never used';

/** A repository deploy key. `last_used` absent = unknown; null = never used; a date = known. */
export function deployKeyCredential(context: OrgContext, repo: string, key: DeployKeyPayload): Credential {
  const { org } = context;
  const id = String(key.id);
  const uid = githubCredentialUid(org, 'deploy-key', id, repo);
  const fullName = `${org}/${repo}`;
  const reasons = deployKeyReasons(key, fullName);
  const known = key.last_used !== undefined;
  const hint = sshFingerprint(key.key);
  return {
    uid,
    provider: 'github',
    account: org,
    kind: 'deploy-key',
    externalId: id,
    principalUid: repositoryPrincipalUid(org, repo),
    principalName: fullName,
    status: key.enabled === false ? 'inactive' : 'active',
    createdAt: iso(key.created_at),
    expiresAt: null,
    lastUsedAt: known ? iso(key.last_used) : null,
    lastUsedKnown: known,
    ...(known ? {} : { lastUsedUnknownReason: DEPLOY_KEY_LAST_USE_UNKNOWN }),
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    department: null,
    ownerSignals: creatorSignals(org, key.added_by, context.identities, `${uid} deploy key`),
    ...(hint ? { hint } : {}),
  };
}

export type MemberRole = 'admin' | 'member' | 'outside-collaborator';

export function userPrincipal(
  org: string,
  login: string,
  role: MemberRole,
  identity?: SamlIdentity,
): Principal {
  return {
    uid: userPrincipalUid(org, login),
    provider: 'github',
    account: org,
    kind: 'github-user',
    name: login,
    tags: {
      role,
      ...(identity?.nameId ? { 'saml.nameId': identity.nameId } : {}),
    },
  };
}

export function repositoryPrincipal(org: string, repo: RepositoryPayload): Principal {
  return {
    uid: repositoryPrincipalUid(org, repo.name),
    provider: 'github',
    account: org,
    kind: 'github-repository',
    name: `${org}/${repo.name}`,
    tags: { visibility: repo.private ? 'private' : 'public', ...(repo.archived ? { archived: 'true' } : {}) },
  };
}

/** A GitHub App installed on the organization (its record is app-installations.ts's). */
export function installationPrincipal(org: string, installation: InstallationPayload): Principal {
  const permissions = compactPermissions(installation.permissions);
  return {
    uid: installationPrincipalUid(org, installation.id),
    provider: 'github',
    account: org,
    kind: 'github-app-installation',
    name: installation.app_slug,
    tags: {
      appId: String(installation.app_id),
      createdAt: iso(installation.created_at) ?? '',
      repositorySelection: installation.repository_selection,
      permissions,
    },
  };
}
