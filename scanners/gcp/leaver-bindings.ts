/**
 * Downstream account check: a leaver's (or expired contractor's) own access to a project, read from
 * the project IAM policy the scanner already reads for privilege. For each such person in HR and each
 * e-mail HR carries for them (their email, and aliases that are plain e-mails), a binding naming
 * `user:EMAIL` directly becomes one `iam-binding` record (nature `person-account`), active while the
 * member is in any binding. Only direct `user:` members count: group membership (`group:`) and
 * deleted accounts (`deleted:user:…`, which grant nothing) are not read.
 */
import type { Credential, Person, Principal } from '../../src/core/model.js';
import { hasLeft } from '../../src/core/people.js';
import type { GcpProjectPolicy } from './emulator/estate.js';
import { privilegeIndex } from './privilege.js';

export const IAM_BINDING_KIND = 'iam-binding';

const LAST_USE_UNKNOWN =
  'GCP records no last use of a project IAM binding (Policy Analyzer reports service account keys only)';

/** A plain e-mail: no `github:`/`upn:` prefix. */
const PLAIN_EMAIL = /^[^\s:@]+@[^\s:@]+$/;

export const userMember = (email: string) => `user:${email.toLowerCase()}`;

export function bindingUid(project: string, email: string): string {
  return `gcp:${project}:${IAM_BINDING_KIND}:${userMember(email)}`;
}

export function userPrincipalUid(project: string, email: string): string {
  return `gcp:${project}:user:${email.toLowerCase()}`;
}

export interface MemberAccess {
  /** Every role the member holds, once each, in policy order. */
  roles: string[];
  /** Whether any of those bindings has an IAM condition. */
  conditional: boolean;
}

/** The roles `member` (`user:EMAIL`, compared case-insensitively) holds in the policy. */
export function memberAccess(policy: GcpProjectPolicy, member: string): MemberAccess {
  const wanted = member.toLowerCase();
  const access: MemberAccess = { roles: [], conditional: false };
  for (const binding of policy.bindings ?? []) {
    if (!binding.role || !(binding.members ?? []).some((entry) => entry.toLowerCase() === wanted)) continue;
    if (!access.roles.includes(binding.role)) access.roles.push(binding.role);
    if (binding.condition) access.conditional = true;
  }
  return access;
}

/** The person's e-mails, lowercase, once each, with how HR carries each. */
function emailsOf(person: Person): { email: string; matchedBy: 'email' | 'alias' }[] {
  const seen = new Set<string>();
  const emails: { email: string; matchedBy: 'email' | 'alias' }[] = [];
  const add = (value: string, matchedBy: 'email' | 'alias') => {
    const email = value.trim().toLowerCase();
    if (!PLAIN_EMAIL.test(email) || seen.has(email)) return;
    seen.add(email);
    emails.push({ email, matchedBy });
  };
  add(person.email, 'email');
  for (const alias of person.aliases) add(alias, 'alias');
  return emails;
}

export interface LeaverBindingsInput {
  project: string;
  policy: GcpProjectPolicy;
  people: readonly Person[];
  asOf: Date;
  privilegedRoles: readonly string[];
}

export function leaverBindings(input: LeaverBindingsInput): {
  credentials: Credential[];
  principals: Principal[];
} {
  const { project, policy, asOf } = input;
  const credentials: Credential[] = [];
  const principals: Principal[] = [];
  const privilege = privilegeIndex(project, policy, input.privilegedRoles, 'user:');
  // A rehire's records share an e-mail: one record per member.
  const listed = new Set<string>();
  for (const person of input.people) {
    if (!hasLeft(person, asOf)) continue;
    for (const { email, matchedBy } of emailsOf(person)) {
      const member = userMember(email);
      const access = memberAccess(policy, member);
      if (access.roles.length === 0 || listed.has(member)) continue;
      listed.add(member);
      const privilegedReasons = [...(privilege.get(email) ?? [])];
      credentials.push({
        uid: bindingUid(project, email),
        provider: 'gcp',
        account: project,
        kind: IAM_BINDING_KIND,
        externalId: member,
        principalUid: userPrincipalUid(project, email),
        principalName: email,
        status: 'active',
        createdAt: null,
        expiresAt: null,
        lastUsedAt: null,
        lastUsedKnown: false,
        lastUsedUnknownReason: LAST_USE_UNKNOWN,
        privileged: privilegedReasons.length > 0,
        privilegedReasons,
        department: null,
        ownerSignals: [
          { kind: 'login', value: email, source: `IAM policy of project ${project}: ${member}` },
        ],
        attributes: {
          member,
          roles: access.roles.join(', '),
          conditions: access.conditional ? 'yes' : 'no',
          matchedBy: matchedBy === 'email' ? 'HR email' : 'HR alias',
        },
        nature: 'person-account',
      });
      principals.push({
        uid: userPrincipalUid(project, email),
        provider: 'gcp',
        account: project,
        kind: 'user',
        name: email,
      });
    }
  }
  return { credentials, principals };
}
