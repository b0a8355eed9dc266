/**
 * Which GitHub credentials are privileged, and why. Pure. Documented in ./README.md.
 *
 * - Classic token scopes (credential authorizations): admin:org, admin:enterprise,
 *   admin:repo_hook, delete_repo.
 * - Fine-grained tokens: any permission at `admin`; `write` on the permissions that control the
 *   organization, its members, its tokens and its secrets, or that let a repository's settings,
 *   secrets, webhooks or Actions workflows be changed (FINE_GRAINED_PRIVILEGED_WRITE). `contents:
 *   write` and the like are everyday access, not privilege.
 * - Deploy keys: write access (read_only false).
 */
import type { DeployKeyPayload, FineGrainedGrantPayload } from './payloads.js';

export const PRIVILEGED_SCOPES = ['admin:org', 'admin:enterprise', 'admin:repo_hook', 'delete_repo'] as const;

/**
 * Write access to these fine-grained permissions makes a token privileged, by category. Organization
 * permission names are compared without their `organization_` prefix, as GitHub writes them both
 * ways (`administration` in a grant's `organization` category, `organization_administration` for Apps).
 */
export const FINE_GRAINED_PRIVILEGED_WRITE = {
  organization: [
    'administration',
    'members',
    'custom_roles',
    'custom_org_roles',
    'hooks',
    'personal_access_tokens',
    'personal_access_token_requests',
    'secrets',
    'dependabot_secrets',
    'codespaces_secrets',
    'self_hosted_runners',
  ],
  repository: [
    'administration',
    'secrets',
    'dependabot_secrets',
    'codespaces_secrets',
    'environments',
    'repository_hooks',
    'workflows',
  ],
  other: [],
} as const satisfies Record<'organization' | 'repository' | 'other', readonly string[]>;

function comparable(category: keyof typeof FINE_GRAINED_PRIVILEGED_WRITE, name: string): string {
  const lower = name.toLowerCase();
  return category === 'organization' ? lower.replace(/^organization_/, '') : lower;
}

export function scopeReasons(scopes: readonly string[] | null | undefined): string[] {
  const granted = new Set((scopes ?? []).map((scope) => scope.trim().toLowerCase()));
  return PRIVILEGED_SCOPES.filter((scope) => granted.has(scope)).map((scope) => `scope ${scope}`);
}

export function fineGrainedReasons(permissions: FineGrainedGrantPayload['permissions']): string[] {
  const reasons: string[] = [];
  for (const category of ['organization', 'repository', 'other'] as const) {
    const granted = permissions[category] ?? {};
    const sensitive: readonly string[] = FINE_GRAINED_PRIVILEGED_WRITE[category];
    for (const name of Object.keys(granted).sort()) {
      const level = granted[name]?.toLowerCase();
      if (level === 'admin' || (level === 'write' && sensitive.includes(comparable(category, name))))
        reasons.push(`fine-grained permission ${category}.${name}:${level}`);
    }
  }
  return reasons;
}

export function deployKeyReasons(key: Pick<DeployKeyPayload, 'read_only'>, repository: string): string[] {
  return key.read_only ? [] : [`write access to ${repository} (read_only false)`];
}
