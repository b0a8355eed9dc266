/**
 * REST routing: a table of `METHOD /path/{param}` routes, the `/organizations/{id}/…` and
 * `/repositories/{id}/…` aliases GitHub writes into `Link` headers, and the lookups (organization,
 * repository) every handler needs, with GitHub's 404 when they miss.
 */
import type { operations } from '@octokit/openapi-types-ghec';
import { DOCS, notFound } from './errors.js';
import type { GithubEstate, GithubOrgEstate, GithubRepoEstate } from './estate.js';
import type { PrimaryLimiter } from './rate-limit.js';

export interface RestRequest {
  estate: GithubEstate;
  origin: string;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  rawQuery: string;
  body: unknown;
  limiter: PrimaryLimiter;
  /** The route's documentation URL, for its 404s. */
  docs: string;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  link?: string;
}

/** The JSON body of an operation's response with `status`, as the GHEC OpenAPI description declares it. */
export type JsonBody<
  Op extends keyof operations,
  Status extends number = 200,
> = Status extends keyof operations[Op]['responses']
  ? operations[Op]['responses'][Status] extends { content: { 'application/json': infer Body } }
    ? Body
    : never
  : never;

/** A 200 answer whose body must be what `Op` declares: a drift from the API fails to compile. */
export function ok<Op extends keyof operations>(body: JsonBody<Op>, link?: string): RestResponse {
  return { status: 200, body, ...(link ? { link } : {}) };
}

export const noContent = (): RestResponse => ({ status: 204 });

export interface Route {
  method: string;
  pattern: string;
  /** Anchor under https://docs.github.com/rest/ naming the endpoint. */
  docs: string;
  /** Not counted against the primary rate limit (GET /rate_limit). */
  free?: boolean;
  handle(request: RestRequest): RestResponse;
}

export interface MatchedRoute {
  route: Route;
  params: Record<string, string>;
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const segment = actual[index]!;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = decodeURIComponent(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** `/organizations/{id}/x` → `/orgs/{login}/x`; `/repositories/{id}/x` → `/repos/{owner}/{repo}/x`. */
export function resolveAlias(estate: GithubEstate, path: string): string {
  const organization = /^\/organizations\/(\d+)(\/.*)?$/.exec(path);
  if (organization) {
    const org = estate.orgs.find((candidate) => candidate.id === Number(organization[1]));
    return org ? `/orgs/${encodeURIComponent(org.login)}${organization[2] ?? ''}` : path;
  }
  const repository = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (repository) {
    for (const org of estate.orgs) {
      const repo = org.repos.find((candidate) => candidate.id === Number(repository[1]));
      if (repo)
        return `/repos/${encodeURIComponent(org.login)}/${encodeURIComponent(repo.name)}${repository[2] ?? ''}`;
    }
  }
  return path;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): MatchedRoute | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, trimmed);
    if (params) return { route, params };
  }
  return undefined;
}

export const docsUrl = (anchor: string) => `${DOCS}/rest/${anchor}`;

/** The organization named by `{org}` (logins are case-insensitive), else 404. */
export function orgOf(request: RestRequest): GithubOrgEstate {
  const login = (request.params.org ?? request.params.owner ?? '').toLowerCase();
  const org = request.estate.orgs.find((candidate) => candidate.login.toLowerCase() === login);
  if (!org) throw notFound(request.docs);
  return org;
}

/** The repository named by `{owner}/{repo}`, else 404. */
export function repoOf(request: RestRequest): { org: GithubOrgEstate; repo: GithubRepoEstate } {
  const org = orgOf(request);
  const name = (request.params.repo ?? '').toLowerCase();
  const repo = org.repos.find((candidate) => candidate.name.toLowerCase() === name);
  if (!repo) throw notFound(request.docs);
  return { org, repo };
}

/** The paging context of a collection under an organization or a repository. */
export function pageContext(request: RestRequest, canonicalPath: string) {
  return { origin: request.origin, canonicalPath, rawQuery: request.rawQuery, query: request.query };
}
