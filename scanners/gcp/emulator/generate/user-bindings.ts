/**
 * People bound directly (`user:EMAIL`) on generated projects. A leaver's or expired contractor's
 * binding is a person-account record the GCP scanner lists (leaver-access-remains); an active
 * employee's is listed by nobody, so it checks that the scanner lists leavers only. One binding per
 * person and project.
 */
import type { CredentialFacts } from '../../../../src/emulate/generate/facts.js';
import type { Owner } from '../../../../src/emulate/generate/owners.js';
import type { GcpProjectPolicy } from '../estate.js';

/** Roles a person is bound with; roles/editor is privileged (the scanner's default privileged roles). */
export const USER_ROLES = ['roles/viewer', 'roles/editor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export class ProjectUserBindings {
  private readonly bound = new Set<string>();
  /** Per project index: role → members, in binding order. */
  private readonly byProject = new Map<number, Map<UserRole, string[]>>();

  /** Binds the person unless they already are on this project; false when they were. */
  bind(projectIndex: number, email: string, role: UserRole): boolean {
    const key = `${projectIndex}|${email.toLowerCase()}`;
    if (this.bound.has(key)) return false;
    this.bound.add(key);
    const roles = this.byProject.get(projectIndex) ?? new Map<UserRole, string[]>();
    this.byProject.set(projectIndex, roles);
    const members = roles.get(role) ?? [];
    roles.set(role, members);
    members.push(`user:${email}`);
    return true;
  }

  /** Adds the project's user bindings to its policy (after the service accounts' bindings). */
  addTo(projectIndex: number, policy: GcpProjectPolicy): void {
    for (const role of USER_ROLES) {
      const members = this.byProject.get(projectIndex)?.get(role);
      if (members) policy.bindings!.push({ role, members });
    }
  }
}

/** The truth of a leaver's (or expired contractor's) binding: the owner's own account, active. */
export function userBindingFacts(projectId: string, owner: Owner, role: UserRole): CredentialFacts {
  const email = owner.entry!.person.email.toLowerCase();
  return {
    uid: `gcp:${projectId}:iam-binding:user:${email}`,
    provider: 'gcp',
    account: projectId,
    kind: 'iam-binding',
    ownerClass: owner.ownerClass,
    owner: owner.entry,
    // A binding has no dates: only its state matters to the truth.
    timeline: { state: 'active', createdDaysAgo: 0, lastUsedDaysAgo: null, expiresInDays: null },
    privileged: role === 'roles/editor',
    department: null,
    nature: 'person-account',
  };
}
