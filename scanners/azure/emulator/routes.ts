/**
 * Graph's route table: which method and path is which operation, and the application permissions
 * (token `roles`) that admit it — any one of them will do (`A+B` needs both); without one, 403
 * Authorization_RequestDenied. A route serves the OData options of odata.ts, plus its own
 * `queryOptions` (`$filter` on the users list). Paths are matched after percent-decoding and, as Graph matches
 * them, case-insensitively. An application or service principal is addressed by object id
 * (`/applications/{id}`) or by app id (`/applications(appId='{appId}')`); a user by id or UPN.
 */
import type { EntraTenantEstate } from './estate.js';
import type { GraphOperation, GraphVersion } from './types.js';

export interface Route {
  operation: GraphOperation;
  method: 'GET' | 'POST' | 'PATCH';
  version: GraphVersion;
  /** As Graph's reference writes it, for the README. */
  template: string;
  pattern: RegExp;
  /** Any one admits the call; `A+B` means both A and B. */
  permissions: readonly string[];
  /** System query options this route serves beyond `$select`, `$top` and `$skiptoken`. */
  queryOptions?: readonly string[];
}

/** The path parameters a route captures (named groups of its pattern). */
export interface RouteParams {
  id?: string;
  appId?: string;
  user?: string;
}

/** What a handler is given. */
export interface OperationRequest {
  /** The caller's tenant (the token's `tid`). */
  tenant: EntraTenantEstate;
  route: Route;
  params: RouteParams;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** The Graph endpoint, for context URLs and next links. */
  origin: string;
  /** The path as sent (for next links) and percent-decoded (for matching and paging scopes). */
  rawPath: string;
  path: string;
}

export const PERMISSIONS = {
  readApplications: [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  writeApplications: ['Application.ReadWrite.All'],
  readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  /** Graph documents User.EnableDisableAccount.All together with User.Read.All for accountEnabled. */
  enableDisableUsers: [
    'User.EnableDisableAccount.All+User.Read.All',
    'User.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  revokeSessions: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  readAuditLog: ['AuditLog.Read.All'],
} as const;

const KEY = String.raw`(?:/(?<id>[^/()]+)|\(appId='(?<appId>[^'/]+)'\))`;

function route(
  operation: GraphOperation,
  method: Route['method'],
  template: string,
  pattern: string,
  permissions: readonly string[],
  version: GraphVersion = 'v1.0',
): Route {
  return { operation, method, version, template, pattern: new RegExp(`^${pattern}$`, 'i'), permissions };
}

function holderRoutes(set: 'applications' | 'servicePrincipals'): Route[] {
  const base = String.raw`/v1\.0/${set}`;
  const item = `${base}${KEY}`;
  const read = PERMISSIONS.readApplications;
  const write = PERMISSIONS.writeApplications;
  const routes = [
    route(`${set}.list`, 'GET', `/v1.0/${set}`, base, read),
    route(`${set}.get`, 'GET', `/v1.0/${set}/{id} | (appId='{appId}')`, item, read),
    route(`${set}.update`, 'PATCH', `/v1.0/${set}/{id} | (appId='{appId}')`, item, write),
    route(`${set}.owners`, 'GET', `/v1.0/${set}/{id}/owners`, `${item}/owners`, read),
    route(
      `${set}.removePassword`,
      'POST',
      `/v1.0/${set}/{id}/removePassword`,
      `${item}/removePassword`,
      write,
    ),
  ];
  if (set === 'servicePrincipals') {
    routes.push(
      route(
        'servicePrincipals.appRoleAssignments',
        'GET',
        '/v1.0/servicePrincipals/{id}/appRoleAssignments',
        `${item}/appRoleAssignments`,
        read,
      ),
    );
  }
  return routes;
}

export const ROUTES: readonly Route[] = [
  ...holderRoutes('applications'),
  ...holderRoutes('servicePrincipals'),
  {
    ...route('users.list', 'GET', '/v1.0/users', String.raw`/v1\.0/users`, PERMISSIONS.readUsers),
    queryOptions: ['$filter'],
  },
  route('users.get', 'GET', '/v1.0/users/{id | userPrincipalName}', String.raw`/v1\.0/users/(?<user>[^/]+)`, [
    ...PERMISSIONS.readUsers,
  ]),
  route(
    'users.update',
    'PATCH',
    '/v1.0/users/{id | userPrincipalName}',
    String.raw`/v1\.0/users/(?<user>[^/]+)`,
    PERMISSIONS.enableDisableUsers,
  ),
  route(
    'users.revokeSignInSessions',
    'POST',
    '/v1.0/users/{id | userPrincipalName}/revokeSignInSessions',
    String.raw`/v1\.0/users/(?<user>[^/]+)/revokeSignInSessions`,
    PERMISSIONS.revokeSessions,
  ),
  route(
    'reports.appCredentialSignInActivities',
    'GET',
    '/beta/reports/appCredentialSignInActivities',
    '/beta/reports/appCredentialSignInActivities',
    PERMISSIONS.readAuditLog,
    'beta',
  ),
];

export interface MatchedRoute {
  route: Route;
  params: RouteParams;
}

export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { route: candidate, params: { ...match.groups } };
  }
  return undefined;
}

/** True when some route serves this path, with another method. */
export const pathIsServed = (path: string): boolean =>
  ROUTES.some((candidate) => candidate.pattern.test(path));

const SEGMENTS: Record<GraphVersion, ReadonlySet<string>> = {
  'v1.0': new Set([
    'applications',
    'serviceprincipals',
    'users',
    'owners',
    'removepassword',
    'approleassignments',
    'revokesigninsessions',
  ]),
  beta: new Set(['reports', 'appcredentialsigninactivities']),
};
const ENTITY_SETS = new Set(['applications', 'serviceprincipals', 'users']);

/**
 * The segment Graph names in "Resource not found for the segment '…'": the first one after the
 * version that the emulator does not serve (a key after an entity set is not a segment).
 */
export function unknownSegment(version: GraphVersion, path: string): string {
  const segments = path.split('/').filter(Boolean).slice(1);
  for (const [index, segment] of segments.entries()) {
    const name = segment.replace(/\(.*$/, '').toLowerCase();
    const previous = segments[index - 1]?.replace(/\(.*$/, '').toLowerCase();
    if (previous !== undefined && ENTITY_SETS.has(previous) && !segments[index - 1]?.includes('(')) continue;
    if (!SEGMENTS[version].has(name)) return segment.replace(/\(.*$/, '');
  }
  return segments.at(-1) ?? '';
}
