/**
 * GET /repos/{owner}/{repo}/collaborators with each user's `permissions` and `role_name`.
 * `affiliation` all (default) lists the organization owners as admins, then the repository's other
 * collaborators, as GitHub does; `direct` only the repository's own list; `outside` those of them who
 * are outside collaborators. `permission` keeps those with at least that level.
 */
import type { components } from '@octokit/openapi-types-ghec';
import { validationFailed } from '../errors.js';
import type { GithubCollaboratorEstate, GithubOrgEstate, GithubRepoEstate } from '../estate.js';
import { paginate } from '../paginate.js';
import { simpleUser } from '../representations.js';
import { ok, pageContext, type Route, repoOf } from '../router.js';

type Schemas = components['schemas'];
type Role = GithubCollaboratorEstate['role'];

const ROLES: readonly Role[] = ['read', 'triage', 'write', 'maintain', 'admin'];
/** The `permission` query's names for the roles, weakest first. */
const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'];
const AFFILIATIONS = ['all', 'direct', 'outside'];

function permissionsOf(role: Role): NonNullable<Schemas['collaborator']['permissions']> {
  const rank = ROLES.indexOf(role);
  return { pull: true, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 };
}

function collaboratorsOf(org: GithubOrgEstate, repo: GithubRepoEstate, affiliation: string) {
  const own = repo.collaborators ?? [];
  if (affiliation === 'outside') {
    const outside = new Set(org.outsideCollaborators.map((user) => user.login.toLowerCase()));
    return own.filter((user) => outside.has(user.login.toLowerCase()));
  }
  if (affiliation === 'direct') return own;
  const owners = org.members
    .filter((member) => member.role === 'admin')
    .map(({ login, id }): GithubCollaboratorEstate => ({ login, id, role: 'admin' }));
  const ownerLogins = new Set(owners.map((owner) => owner.login.toLowerCase()));
  return [...owners, ...own.filter((user) => !ownerLogins.has(user.login.toLowerCase()))];
}

export const collaboratorRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/collaborators',
    docs: 'collaborators/collaborators#list-repository-collaborators',
    handle: (request) => {
      const { org, repo } = repoOf(request);
      const affiliation = request.query.get('affiliation') ?? 'all';
      const permission = request.query.get('permission');
      if (!AFFILIATIONS.includes(affiliation) || (permission !== null && !PERMISSIONS.includes(permission)))
        throw validationFailed(request.docs, [
          {
            resource: 'Collaborator',
            field: AFFILIATIONS.includes(affiliation) ? 'permission' : 'affiliation',
            code: 'invalid',
          },
        ]);
      const least = permission === null ? 0 : PERMISSIONS.indexOf(permission);
      const users = collaboratorsOf(org, repo, affiliation).filter(
        (user) => ROLES.indexOf(user.role) >= least,
      );
      const page = paginate(users, pageContext(request, `/repositories/${repo.id}/collaborators`));
      return ok<'repos/list-collaborators'>(
        page.items.map((user) => ({
          ...simpleUser(request.origin, user),
          permissions: permissionsOf(user.role),
          role_name: user.role,
        })),
        page.link,
      );
    },
  },
];
