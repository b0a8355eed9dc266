/**
 * Privilege from a project's IAM policy: holding roles/owner, roles/editor or an IAM-admin role on
 * the project (configurable) makes every key of a service account privileged, and a person's own
 * `user:` binding admin-level.
 */
import type { GcpProjectPolicy } from './emulator/estate.js';

/** Reasons per member email (lowercase), e.g. `roles/owner on project acme-prod`. */
export type PrivilegeIndex = ReadonlyMap<string, readonly string[]>;

export function privilegeIndex(
  project: string,
  policy: GcpProjectPolicy,
  privilegedRoles: readonly string[],
  /** The member type indexed: `serviceAccount:` (keys) or `user:` (people's own bindings). */
  memberPrefix: 'serviceAccount:' | 'user:' = 'serviceAccount:',
): PrivilegeIndex {
  const index = new Map<string, string[]>();
  for (const binding of policy.bindings ?? []) {
    if (!binding.role || !privilegedRoles.includes(binding.role)) continue;
    const reason = `${binding.role} on project ${project}${binding.condition ? ' (conditional)' : ''}`;
    for (const member of binding.members ?? []) {
      if (!member.startsWith(memberPrefix)) continue;
      const email = member.slice(memberPrefix.length).toLowerCase();
      const reasons = index.get(email);
      if (reasons) reasons.push(reason);
      else index.set(email, [reason]);
    }
  }
  return index;
}
