/**
 * Downstream account checks: whether people who have left (leavers, expired contractors) still
 * reach an organization through their own GitHub account, as a member (owners are privileged), an
 * outside collaborator, or by a pending invitation. Each such access is one `person-account`
 * record; nobody else's account is listed. Members and outside collaborators come from the
 * organization's people lists (list-org.ts, read anyway, whose failures are already partial);
 * invitations cost one more paginated list, read only when someone has left.
 */
import type { Credential, OwnerSignal } from '../../src/core/model.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { type DepartedMatch, departedOwnerOfEmail, departedOwnerOfLogin } from './departed.js';
import { githubCredentialUid, type PersonAccountKind } from './kinds.js';
import { type InvitationPayload, invitationSchema } from './member-payloads.js';
import { type Problems, withProblems } from './problems.js';
import { type GithubScan, listPages } from './scan.js';
import { type MemberRole, type OrgContext, userPrincipalUid } from './transform.js';

/** The organization's people by lower-cased login (list-org.ts). */
export type MemberRoles = ReadonlyMap<string, { login: string; role: MemberRole }>;

export const MEMBER_ACCESS_LAST_USE_UNKNOWN =
  'GitHub does not report when a person last used their access to an organization: unknown, not unused';

interface AccountRecord {
  org: string;
  kind: PersonAccountKind;
  id: string;
  login: string | null;
  /** The invitee's email when there is no login. */
  principalName: string;
  createdAt: string | null;
  privilegedReasons: string[];
  signal: OwnerSignal;
  attributes: Record<string, string>;
}

function personAccount(record: AccountRecord): Credential {
  return {
    uid: githubCredentialUid(record.org, record.kind, record.id),
    provider: 'github',
    account: record.org,
    kind: record.kind,
    externalId: record.id,
    principalUid: record.login ? userPrincipalUid(record.org, record.login) : null,
    principalName: record.principalName,
    status: 'active',
    createdAt: record.createdAt,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: MEMBER_ACCESS_LAST_USE_UNKNOWN,
    privileged: record.privilegedReasons.length > 0,
    privilegedReasons: record.privilegedReasons,
    department: null,
    ownerSignals: [record.signal],
    attributes: record.attributes,
    nature: 'person-account',
  };
}

/** A member (role admin = organization owner) or an outside collaborator who has left. */
export function memberAccessCredential(
  org: string,
  login: string,
  role: MemberRole,
  match: DepartedMatch,
): Credential {
  const collaborator = role === 'outside-collaborator';
  return personAccount({
    org,
    kind: collaborator ? 'outside-collaborator' : 'org-membership',
    id: login,
    login,
    principalName: login,
    // GitHub's member lists give no date of joining.
    createdAt: null,
    privilegedReasons: role === 'admin' ? [`organization owner of ${org} (role admin)`] : [],
    signal: match.signal,
    attributes: { ...(collaborator ? {} : { role }), matchedBy: match.matchedBy },
  });
}

/** A pending invitation of someone who has left (GitHub's invitation role admin = owner). */
export function invitationCredential(
  org: string,
  invitation: InvitationPayload,
  match: DepartedMatch,
): Credential {
  return personAccount({
    org,
    kind: 'org-invitation',
    id: String(invitation.id),
    login: invitation.login,
    principalName: invitation.login ?? invitation.email ?? String(invitation.id),
    createdAt: new Date(invitation.created_at).toISOString(),
    privilegedReasons: invitation.role === 'admin' ? [`invited as an owner of ${org} (role admin)`] : [],
    signal: match.signal,
    attributes: {
      role: invitation.role,
      matchedBy: match.matchedBy,
      invitedBy: invitation.inviter.login,
      teamCount: String(invitation.team_count),
      ...(invitation.login ? { login: invitation.login } : {}),
      ...(invitation.email ? { email: invitation.email } : {}),
    },
  });
}

/** The person-account records of one organization; nothing (and no call) when nobody has left. */
export async function* listMemberAccess(
  scan: GithubScan,
  context: OrgContext,
  roles: MemberRoles,
  problems: Problems,
): AsyncGenerator<ScanPage> {
  const { departed } = scan;
  if (!departed) return;
  const { org, identities } = context;
  const kinds = new Set<string>(scan.options.kinds);
  const credentials: Credential[] = [];
  for (const { login, role } of roles.values()) {
    const kind: PersonAccountKind =
      role === 'outside-collaborator' ? 'outside-collaborator' : 'org-membership';
    if (!kinds.has(kind)) continue;
    const where = githubCredentialUid(org, kind, login);
    const match = departedOwnerOfLogin(departed, org, login, identities, where);
    if (match) credentials.push(memberAccessCredential(org, login, role, match));
  }
  if (kinds.has('org-invitation')) {
    try {
      for await (const invitations of listPages(
        scan,
        'GET /orgs/{org}/invitations',
        { org },
        invitationSchema,
        'organization invitation',
      )) {
        for (const invitation of invitations) {
          const where = githubCredentialUid(org, 'org-invitation', invitation.id);
          const match =
            (invitation.login
              ? departedOwnerOfLogin(departed, org, invitation.login, identities, where)
              : undefined) ??
            (invitation.email ? departedOwnerOfEmail(departed, invitation.email, where) : undefined);
          if (match) credentials.push(invitationCredential(org, invitation, match));
        }
      }
    } catch (error) {
      problems.add(`org ${org} invitations`, error);
    }
  }
  yield* withProblems({ credentials, principals: [] }, problems);
}
