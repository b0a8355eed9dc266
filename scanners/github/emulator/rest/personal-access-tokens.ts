/**
 * Fine-grained personal access tokens with access to the organization: list (filters `owner`,
 * `repository`, `permission`, `last_used_before`/`after`; sorted by `created_at`, newest first unless
 * `direction=asc`), revoke several (202) or one (204). A revoked grant is gone from the next list; an
 * unknown id answers 404 and revokes nothing.
 */
import { GithubApiError, notFound, validationFailed } from '../errors.js';
import { paginate } from '../paginate.js';
import { patGrant } from '../representations.js';
import {
  docsUrl,
  type JsonBody,
  noContent,
  ok,
  orgOf,
  pageContext,
  type RestRequest,
  type Route,
} from '../router.js';

const LIST_DOCS =
  'orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources';
const REVOKE_MANY_DOCS =
  'orgs/personal-access-tokens#update-the-access-to-organization-resources-via-fine-grained-personal-access-tokens';
const REVOKE_ONE_DOCS =
  'orgs/personal-access-tokens#update-the-access-a-fine-grained-personal-access-token-has-to-organization-resources';

/** `owner[]=a&owner[]=b`, `owner=a&owner=b` and `owner=a,b` alike. */
function listParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '');
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) {
    throw validationFailed(docsUrl(LIST_DOCS), [
      { resource: 'PersonalAccessToken', field: name, code: 'invalid' },
    ]);
  }
  return time;
}

function requireRevoke(request: RestRequest, docs: string): Record<string, unknown> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GithubApiError(400, 'Problems parsing JSON', docsUrl(docs));
  }
  const record = body as Record<string, unknown>;
  if (record.action !== 'revoke') {
    throw validationFailed(docsUrl(docs), [
      { resource: 'PersonalAccessToken', field: 'action', code: 'invalid' },
    ]);
  }
  return record;
}

export const personalAccessTokenRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}/personal-access-tokens',
    docs: LIST_DOCS,
    handle: (request) => {
      const org = orgOf(request);
      const { query } = request;
      const owners = listParam(query, 'owner');
      const permission = query.get('permission')?.toLowerCase();
      const repository = query.get('repository');
      const before = timeParam(query, 'last_used_before');
      const after = timeParam(query, 'last_used_after');
      const grants = org.fineGrainedTokens.filter((grant) => {
        const lastUsed = grant.token_last_used_at ? Date.parse(grant.token_last_used_at) : undefined;
        const permissions = Object.values(grant.permissions).flatMap((group) => Object.keys(group ?? {}));
        return (
          (owners.length === 0 || owners.includes(grant.owner.login.toLowerCase())) &&
          (permission === undefined || permissions.includes(permission)) &&
          // The estate does not list a grant's repositories: only `all` grants match a repository.
          (repository === null || grant.repository_selection === 'all') &&
          (before === undefined || (lastUsed !== undefined && lastUsed < before)) &&
          (after === undefined || (lastUsed !== undefined && lastUsed > after))
        );
      });
      const ascending = query.get('direction') === 'asc';
      const sorted = [...grants].sort((left, right) => {
        const order = Date.parse(left.access_granted_at) - Date.parse(right.access_granted_at);
        return ascending ? order : -order;
      });
      const page = paginate(sorted, pageContext(request, `/organizations/${org.id}/personal-access-tokens`));
      return ok<'orgs/list-pat-grants'>(
        page.items.map((grant) => patGrant(request.origin, org, grant)),
        page.link,
      );
    },
  },
  {
    method: 'POST',
    pattern: '/orgs/{org}/personal-access-tokens',
    docs: REVOKE_MANY_DOCS,
    handle: (request) => {
      const org = orgOf(request);
      const body = requireRevoke(request, REVOKE_MANY_DOCS);
      const ids = body.pat_ids;
      if (
        !Array.isArray(ids) ||
        ids.length === 0 ||
        ids.length > 100 ||
        !ids.every((id) => Number.isInteger(id))
      ) {
        throw validationFailed(docsUrl(REVOKE_MANY_DOCS), [
          { resource: 'PersonalAccessToken', field: 'pat_ids', code: 'invalid' },
        ]);
      }
      const indexes = (ids as number[]).map((id) =>
        org.fineGrainedTokens.findIndex((grant) => grant.id === id),
      );
      if (indexes.some((index) => index < 0)) throw notFound(request.docs);
      for (const index of [...new Set(indexes)].sort((a, b) => b - a)) org.fineGrainedTokens.splice(index, 1);
      return { status: 202, body: {} satisfies JsonBody<'orgs/update-pat-accesses', 202> };
    },
  },
  {
    method: 'POST',
    pattern: '/orgs/{org}/personal-access-tokens/{pat_id}',
    docs: REVOKE_ONE_DOCS,
    handle: (request) => {
      const org = orgOf(request);
      requireRevoke(request, REVOKE_ONE_DOCS);
      const id = Number(request.params.pat_id);
      const index = org.fineGrainedTokens.findIndex((grant) => grant.id === id);
      if (index < 0) throw notFound(request.docs);
      org.fineGrainedTokens.splice(index, 1);
      return noContent();
    },
  },
];
