/** Organization, people and app installations: GET /orgs/{org}, …/members, …/outside_collaborators, …/installations. */
import { validationFailed } from '../errors.js';
import { paginate } from '../paginate.js';
import { installation, organizationFull, simpleUser } from '../representations.js';
import { docsUrl, ok, orgOf, pageContext, type Route } from '../router.js';

const MEMBER_ROLES = ['all', 'admin', 'member'];

export const orgRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}',
    docs: 'orgs/orgs#get-an-organization',
    handle: (request) => ok<'orgs/get'>(organizationFull(request.origin, orgOf(request))),
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/members',
    docs: 'orgs/members#list-organization-members',
    handle: (request) => {
      const org = orgOf(request);
      const role = request.query.get('role') ?? 'all';
      if (!MEMBER_ROLES.includes(role)) {
        throw validationFailed(docsUrl('orgs/members#list-organization-members'), [
          { resource: 'Search', field: 'role', code: 'invalid' },
        ]);
      }
      // 2FA is assumed on for everyone: `filter=2fa_disabled` lists nobody.
      const members =
        request.query.get('filter') === '2fa_disabled'
          ? []
          : org.members.filter((member) => role === 'all' || member.role === role);
      const page = paginate(members, pageContext(request, `/organizations/${org.id}/members`));
      return ok<'orgs/list-members'>(
        page.items.map((member) => simpleUser(request.origin, member)),
        page.link,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/outside_collaborators',
    docs: 'orgs/outside-collaborators#list-outside-collaborators-for-an-organization',
    handle: (request) => {
      const org = orgOf(request);
      const collaborators = request.query.get('filter') === '2fa_disabled' ? [] : org.outsideCollaborators;
      const page = paginate(
        collaborators,
        pageContext(request, `/organizations/${org.id}/outside_collaborators`),
      );
      return ok<'orgs/list-outside-collaborators'>(
        page.items.map((user) => simpleUser(request.origin, user)),
        page.link,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/installations',
    docs: 'orgs/orgs#list-app-installations-for-an-organization',
    handle: (request) => {
      const org = orgOf(request);
      const page = paginate(
        org.installations,
        pageContext(request, `/organizations/${org.id}/installations`),
      );
      return ok<'orgs/list-app-installations'>(
        {
          total_count: org.installations.length,
          installations: page.items.map((record) => installation(request.origin, org, record)),
        },
        page.link,
      );
    },
  },
];
