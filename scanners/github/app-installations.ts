/**
 * GitHub App installations of an organization as `app-installation` records (GET
 * /orgs/{org}/installations, read anyway for the principals). GitHub's installation object names
 * no installer and the REST API gives no last use, so the record has no owner signal and an
 * unknown last use (README.md says why). Suspended installations are `inactive`. Pure.
 */
import type { Credential } from '../../src/core/model.js';
import { githubCredentialUid } from './kinds.js';
import type { InstallationPayload } from './payloads.js';

export const INSTALLATION_LAST_USE_UNKNOWN =
  'GitHub does not report when a GitHub App installation last used its access: unknown, not unused';

/**
 * App permissions that make an installation privileged at `write` (or `admin`): writing code or
 * workflows, administering repositories or the organization, its members, secrets, hooks, runners
 * and tokens. Any permission at `admin` is privileged too.
 */
export const APP_PRIVILEGED_WRITE = [
  'contents',
  'workflows',
  'administration',
  'secrets',
  'environments',
  'repository_hooks',
  'members',
  'organization_administration',
  'organization_secrets',
  'organization_hooks',
  'organization_self_hosted_runners',
  'organization_personal_access_tokens',
  'organization_custom_roles',
  'organization_custom_org_roles',
] as const;

/** `name:level` pairs sorted by name, e.g. `contents:write,metadata:read`. */
export function compactPermissions(permissions: InstallationPayload['permissions']): string {
  return Object.entries(permissions)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, level]) => `${name}:${level}`)
    .join(',');
}

export function installationReasons(permissions: InstallationPayload['permissions']): string[] {
  const sensitive: readonly string[] = APP_PRIVILEGED_WRITE;
  return compactPermissions(permissions)
    .split(',')
    .filter((pair) => {
      const [name = '', level = ''] = pair.split(':');
      return level === 'admin' || (level === 'write' && sensitive.includes(name));
    })
    .map((pair) => `app permission ${pair}`);
}

export function installationPrincipalUid(org: string, id: number): string {
  return `github:${org}:installation/${id}`;
}

/** One installation of a GitHub App on the organization. */
export function installationCredential(org: string, installation: InstallationPayload): Credential {
  const id = String(installation.id);
  const reasons = installationReasons(installation.permissions);
  const suspendedAt = installation.suspended_at ? new Date(installation.suspended_at).toISOString() : null;
  return {
    uid: githubCredentialUid(org, 'app-installation', id),
    provider: 'github',
    account: org,
    kind: 'app-installation',
    externalId: id,
    principalUid: installationPrincipalUid(org, installation.id),
    principalName: installation.app_slug,
    status: suspendedAt ? 'inactive' : 'active',
    createdAt: new Date(installation.created_at).toISOString(),
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: INSTALLATION_LAST_USE_UNKNOWN,
    privileged: reasons.length > 0,
    privilegedReasons: reasons,
    department: null,
    // The installation object names no installer (see README.md): nobody is known to own it.
    ownerSignals: [],
    attributes: {
      app_slug: installation.app_slug,
      repository_selection: installation.repository_selection,
      permissions: compactPermissions(installation.permissions),
      target_type: installation.target_type,
      ...(suspendedAt ? { suspended_at: suspendedAt } : {}),
    },
    // An installation holds no secret of the organization's (its tokens are minted by the app).
    nature: 'grant',
  };
}
