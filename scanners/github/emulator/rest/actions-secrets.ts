/**
 * Actions secrets (names and dates; GitHub never returns a value): GET /orgs/{org}/actions/secrets,
 * GET /orgs/{org}/actions/secrets/{secret_name}, GET …/{secret_name}/repositories (visibility
 * `selected` only, else 409), GET /repos/{owner}/{repo}/actions/secrets and
 * GET …/actions/secrets/{secret_name}; PUT of either (a new value: `updated_at` moves to now; 201
 * created, 204 updated; the encrypted value itself is dropped). Names are case-insensitive.
 */
import type { components } from '@octokit/openapi-types-ghec';
import { GithubApiError, notFound, validationFailed } from '../errors.js';
import type { GithubActionsSecret, GithubOrgActionsSecret, GithubOrgEstate } from '../estate.js';
import { paginate } from '../paginate.js';
import { minimalRepository } from '../representations.js';
import {
  noContent,
  ok,
  orgOf,
  pageContext,
  type RestRequest,
  type RestResponse,
  type Route,
  repoOf,
} from '../router.js';

type Schemas = components['schemas'];

const sameName = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

function orgSecret(origin: string, org: GithubOrgEstate, secret: GithubOrgActionsSecret) {
  const { selectedRepositoryIds: _ids, ...fields } = secret;
  return {
    ...fields,
    ...(secret.visibility === 'selected'
      ? {
          selected_repositories_url: `${origin}/orgs/${org.login}/actions/secrets/${secret.name}/repositories`,
        }
      : {}),
  } satisfies Schemas['organization-actions-secret'];
}

function findOrgSecret(request: RestRequest): { org: GithubOrgEstate; secret: GithubOrgActionsSecret } {
  const org = orgOf(request);
  const secret = (org.actionsSecrets ?? []).find((candidate) =>
    sameName(candidate.name, request.params.secret_name ?? ''),
  );
  if (!secret) throw notFound(request.docs);
  return { org, secret };
}

/** Validates a PUT body as GitHub does (both fields, strings) and sets or creates the secret. */
function putSecret<Secret extends GithubActionsSecret>(
  request: RestRequest,
  secrets: Secret[],
  create: (name: string, now: string) => Secret,
): RestResponse {
  const body = (request.body ?? {}) as Record<string, unknown>;
  for (const field of ['encrypted_value', 'key_id'])
    if (typeof body[field] !== 'string')
      throw validationFailed(request.docs, [{ resource: 'Secret', field, code: 'missing_field' }]);
  const name = request.params.secret_name ?? '';
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const existing = secrets.find((candidate) => sameName(candidate.name, name));
  if (existing) {
    existing.updated_at = now;
    return noContent();
  }
  secrets.push(create(name.toUpperCase(), now));
  return { status: 201, body: {} };
}

export const actionsSecretRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}/actions/secrets',
    docs: 'actions/secrets#list-organization-secrets',
    handle: (request) => {
      const org = orgOf(request);
      const secrets = org.actionsSecrets ?? [];
      const page = paginate(secrets, pageContext(request, `/organizations/${org.id}/actions/secrets`));
      return ok<'actions/list-org-secrets'>(
        {
          total_count: secrets.length,
          secrets: page.items.map((secret) => orgSecret(request.origin, org, secret)),
        },
        page.link,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/actions/secrets/{secret_name}',
    docs: 'actions/secrets#get-an-organization-secret',
    handle: (request) => {
      const { org, secret } = findOrgSecret(request);
      return ok<'actions/get-org-secret'>(orgSecret(request.origin, org, secret));
    },
  },
  {
    method: 'PUT',
    pattern: '/orgs/{org}/actions/secrets/{secret_name}',
    docs: 'actions/secrets#create-or-update-an-organization-secret',
    handle: (request) => {
      const org = orgOf(request);
      org.actionsSecrets ??= [];
      return putSecret(request, org.actionsSecrets, (name, now) => ({
        name,
        created_at: now,
        updated_at: now,
        visibility: 'private',
      }));
    },
  },
  {
    method: 'GET',
    pattern: '/orgs/{org}/actions/secrets/{secret_name}/repositories',
    docs: 'actions/secrets#list-selected-repositories-for-an-organization-secret',
    handle: (request) => {
      const { org, secret } = findOrgSecret(request);
      if (secret.visibility !== 'selected')
        throw new GithubApiError(409, 'The visibility of the secret is not "selected".', request.docs);
      const ids = new Set(secret.selectedRepositoryIds ?? []);
      const repos = org.repos.filter((repo) => ids.has(repo.id));
      const page = paginate(
        repos,
        pageContext(request, `/organizations/${org.id}/actions/secrets/${secret.name}/repositories`),
      );
      return ok<'actions/list-selected-repos-for-org-secret'>(
        {
          total_count: repos.length,
          repositories: page.items.map((repo) => minimalRepository(request.origin, org, repo)),
        },
        page.link,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/actions/secrets',
    docs: 'actions/secrets#list-repository-secrets',
    handle: (request) => {
      const { repo } = repoOf(request);
      const secrets = repo.actionsSecrets ?? [];
      const page = paginate(secrets, pageContext(request, `/repositories/${repo.id}/actions/secrets`));
      return ok<'actions/list-repo-secrets'>({ total_count: secrets.length, secrets: page.items }, page.link);
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
    docs: 'actions/secrets#get-a-repository-secret',
    handle: (request) => {
      const { repo } = repoOf(request);
      const secret = (repo.actionsSecrets ?? []).find((candidate) =>
        sameName(candidate.name, request.params.secret_name ?? ''),
      );
      if (!secret) throw notFound(request.docs);
      return ok<'actions/get-repo-secret'>(secret);
    },
  },
  {
    method: 'PUT',
    pattern: '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
    docs: 'actions/secrets#create-or-update-a-repository-secret',
    handle: (request) => {
      const { repo } = repoOf(request);
      repo.actionsSecrets ??= [];
      return putSecret(request, repo.actionsSecrets, (name, now) => ({
        name,
        created_at: now,
        updated_at: now,
      }));
    },
  },
];
