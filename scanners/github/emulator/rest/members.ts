/**
 * One person's access to an organization: GET/DELETE /orgs/{org}/memberships/{username} (a member
 * is `active`, an invited login `pending`, anyone else 404; removing a member or cancelling their
 * invitation answers 204, the last owner 403), DELETE /orgs/{org}/outside_collaborators/{username}
 * (204; 422 for a member), GET /orgs/{org}/invitations (role, invitation_source; paged) and
 * DELETE /orgs/{org}/invitations/{invitation_id} (204; unknown 404).
 */
import type { components } from '@octokit/openapi-types-ghec';
import { GithubApiError, notFound, validationFailed } from '../errors.js';
import type { GithubOrgEstate, GithubOrgInvitation } from '../estate.js';
import { paginate } from '../paginate.js';
import { legacyNodeId, organizationFull, simpleUser } from '../representations.js';
import { noContent, ok, orgOf, pageContext, type RestRequest, type Route } from '../router.js';

type Schemas = components['schemas'];

const INVITATION_ROLES = ['all', 'admin', 'direct_member', 'billing_manager', 'hiring_manager'];
const INVITATION_SOURCES = ['all', 'member', 'scim'];

const sameLogin = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

function organizationSimple(origin: string, org: GithubOrgEstate): Schemas['organization-simple'] {
  const full = organizationFull(origin, org);
  return {
    login: full.login,
    id: full.id,
    node_id: full.node_id,
    url: full.url,
    repos_url: full.repos_url,
    events_url: full.events_url,
    hooks_url: full.hooks_url,
    issues_url: full.issues_url,
    members_url: full.members_url,
    public_members_url: full.public_members_url,
    avatar_url: full.avatar_url,
    description: full.description,
  };
}

function invitation(
  origin: string,
  org: GithubOrgEstate,
  record: GithubOrgInvitation,
): Schemas['organization-invitation'] {
  return {
    ...record,
    inviter: simpleUser(origin, record.inviter),
    node_id: legacyNodeId('OrganizationInvitation', record.id),
    invitation_teams_url: `${origin}/organizations/${org.id}/invitations/${record.id}/teams`,
  };
}

const NO_INVITATIONS: readonly GithubOrgInvitation[] = [];
const invitationsOf = (org: GithubOrgEstate) => org.invitations ?? NO_INVITATIONS;

/** Removes one pending invitation (it is there: found by the caller). */
function cancel(org: GithubOrgEstate, record: GithubOrgInvitation): void {
  org.invitations = invitationsOf(org).filter((candidate) => candidate !== record);
}

function membershipState(request: RestRequest) {
  const org = orgOf(request);
  const username = request.params.username ?? '';
  const member = org.members.find((candidate) => sameLogin(candidate.login, username));
  const invited = invitationsOf(org).find((candidate) => sameLogin(candidate.login, username));
  return { org, username, member, invited };
}

export const memberRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}/memberships/{username}',
    docs: 'orgs/members#get-organization-membership-for-a-user',
    handle: (request) => {
      const { org, member, invited } = membershipState(request);
      if (!member && !invited) throw notFound(request.docs);
      // The estate keeps no invitee user id: the invitation's stands in.
      const user = member ?? { login: invited!.login!, id: invited!.id };
      return ok<'orgs/get-membership-for-user'>({
        url: `${request.origin}/orgs/${org.login}/memberships/${user.login}`,
        state: member ? 'active' : 'pending',
        role: member ? member.role : invited!.role === 'admin' ? 'admin' : 'member',
        organization_url: `${request.origin}/orgs/${org.login}`,
        organization: organizationSimple(request.origin, org),
        user: simpleUser(request.origin, user),
      });
    },
  },
  {
    method: 'DELETE',
    pattern: '/orgs/{org}/memberships/{username}',
    docs: 'orgs/members#remove-organization-membership-for-a-user',
    handle: (request) => {
      const { org, member, invited } = membershipState(request);
      if (!member && !invited) throw notFound(request.docs);
      if (member?.role === 'admin' && org.members.filter((other) => other.role === 'admin').length === 1)
        throw new GithubApiError(403, 'You cannot remove the last owner of an organization.', request.docs);
      // GitHub: removes an active member, and cancels a pending invitation of that user.
      if (member) org.members.splice(org.members.indexOf(member), 1);
      if (invited) cancel(org, invited);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    pattern: '/orgs/{org}/outside_collaborators/{username}',
    docs: 'orgs/outside-collaborators#remove-outside-collaborator-from-an-organization',
    handle: (request) => {
      const org = orgOf(request);
      const username = request.params.username ?? '';
      if (org.members.some((member) => sameLogin(member.login, username)))
        throw new GithubApiError(
          422,
          'You cannot specify an organization member to remove as an outside collaborator.',
          request.docs,
        );
      // Documented answers are 204 and 422 only: someone who is no collaborator is removed all the same.
      const index = org.outsideCollaborators.findIndex((user) => sameLogin(user.login, username));
      if (index >= 0) org.outsideCollaborators.splice(index, 1);
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/invitations',
    docs: 'orgs/members#list-pending-organization-invitations',
    handle: (request) => {
      const org = orgOf(request);
      const role = request.query.get('role') ?? 'all';
      const source = request.query.get('invitation_source') ?? 'all';
      if (!INVITATION_ROLES.includes(role) || !INVITATION_SOURCES.includes(source)) {
        throw validationFailed(request.docs, [
          {
            resource: 'Search',
            field: INVITATION_ROLES.includes(role) ? 'invitation_source' : 'role',
            code: 'invalid',
          },
        ]);
      }
      const pending = invitationsOf(org).filter(
        (record) =>
          (role === 'all' || record.role === role) &&
          (source === 'all' || (record.invitation_source ?? 'member') === source),
      );
      const page = paginate(pending, pageContext(request, `/organizations/${org.id}/invitations`));
      return ok<'orgs/list-pending-invitations'>(
        page.items.map((record) => invitation(request.origin, org, record)),
        page.link,
      );
    },
  },
  {
    method: 'DELETE',
    pattern: '/orgs/{org}/invitations/{invitation_id}',
    docs: 'orgs/members#cancel-an-organization-invitation',
    handle: (request) => {
      const org = orgOf(request);
      const id = Number(request.params.invitation_id);
      const record = invitationsOf(org).find((candidate) => candidate.id === id);
      if (!record) throw notFound(request.docs);
      cancel(org, record);
      return noContent();
    },
  },
];
