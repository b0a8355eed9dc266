/**
 * Organization repositories and their deploy keys: GET /orgs/{org}/repos (type, sort, direction),
 * GET /repos/{owner}/{repo}/keys, DELETE /repos/{owner}/{repo}/keys/{key_id} (204; unknown key 404).
 */

import { notFound } from '../errors.js';
import type { GithubRepoEstate } from '../estate.js';
import { paginate } from '../paginate.js';
import { deployKey, minimalRepository } from '../representations.js';
import { noContent, ok, orgOf, pageContext, type Route, repoOf } from '../router.js';

/** `type`: the estate has no forks and no internal repositories; `member` and `sources` mean all. */
function ofType(repo: GithubRepoEstate, type: string): boolean {
  switch (type) {
    case 'public':
      return !repo.private;
    case 'private':
      return repo.private;
    case 'forks':
    case 'internal':
      return false;
    default:
      return true;
  }
}

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}/repos',
    docs: 'repos/repos#list-organization-repositories',
    handle: (request) => {
      const org = orgOf(request);
      const type = request.query.get('type') ?? 'all';
      const sort = request.query.get('sort') ?? 'created';
      // GitHub: ascending by default for full_name, descending otherwise. Repository ids grow with
      // creation, so they stand in for created/updated/pushed times the estate does not keep.
      const ascending = (request.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc')) === 'asc';
      const repos = org.repos
        .filter((repo) => ofType(repo, type))
        .sort((left, right) => {
          const order = sort === 'full_name' ? left.name.localeCompare(right.name) : left.id - right.id;
          return ascending ? order : -order;
        });
      const page = paginate(repos, pageContext(request, `/organizations/${org.id}/repos`));
      return ok<'repos/list-for-org'>(
        page.items.map((repo) => minimalRepository(request.origin, org, repo)),
        page.link,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/keys',
    docs: 'deploy-keys/deploy-keys#list-deploy-keys',
    handle: (request) => {
      const { org, repo } = repoOf(request);
      const page = paginate(repo.deployKeys, pageContext(request, `/repositories/${repo.id}/keys`));
      return ok<'repos/list-deploy-keys'>(
        page.items.map((key) => deployKey(request.origin, org, repo, key)),
        page.link,
      );
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/keys/{key_id}',
    docs: 'deploy-keys/deploy-keys#delete-a-deploy-key',
    handle: (request) => {
      const { repo } = repoOf(request);
      const id = Number(request.params.key_id);
      const index = repo.deployKeys.findIndex((key) => key.id === id);
      if (index < 0) throw notFound(request.docs);
      repo.deployKeys.splice(index, 1);
      return noContent();
    },
  },
];
