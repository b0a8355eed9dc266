/**
 * The route table: which method and path is which operation, the API it belongs to, the permission
 * Google checks for it (named in 403s), its RPC name (named in ErrorInfo metadata) and the quota it
 * counts against. Paths are matched after percent-decoding, so `%40` and `@` are the same e-mail.
 */

import type { RpcName } from './errors.js';
import type { GcpEstate } from './estate.js';
import type { GcpOperation, GcpService } from './types.js';

export type KnownOperation = Exclude<GcpOperation, 'unknown'>;

export interface Route {
  operation: KnownOperation;
  service: GcpService;
  method: 'GET' | 'POST' | 'DELETE';
  /** As the REST reference writes it, for the README and error messages. */
  template: string;
  pattern: RegExp;
  permission: string;
  rpc: string;
  quota: 'Read' | 'Write';
}

/** The path parameters a route captures (named groups of its pattern). */
export interface RouteParams {
  project: string;
  account?: string;
  keyId?: string;
  location?: string;
  activityType?: string;
}

/** What a handler is given. */
export interface OperationRequest {
  estate: GcpEstate;
  route: Route;
  params: RouteParams;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** Service account e-mails (lower case) whose keys.list is refused. */
  deniedKeyListings: ReadonlySet<string>;
  /** `faults.deleteGoneKeyFailsPrecondition`. */
  deleteGoneKeyFailsPrecondition: boolean;
  /** Project ids whose getIamPolicy is refused (`faults.denyProjectIamPolicy`). */
  deniedProjectPolicies: ReadonlySet<string>;
  /** setIamPolicy calls still to meet a concurrent change (`faults.policyConflicts`); decremented. */
  policyConflicts: { remaining: number };
}

export const HOSTS: Record<GcpService, string> = {
  iam: 'iam.googleapis.com',
  cloudresourcemanager: 'cloudresourcemanager.googleapis.com',
  policyanalyzer: 'policyanalyzer.googleapis.com',
};

const SEGMENT = '[^/:]+';
const SA = `^/v1/projects/(?<project>${SEGMENT})/serviceAccounts`;
const ACCOUNT = `${SA}/(?<account>${SEGMENT})`;
const KEY = `${ACCOUNT}/keys/(?<keyId>${SEGMENT})`;
const IAM_RPC = 'google.iam.admin.v1.IAM';

const iam = (
  operation: KnownOperation,
  method: Route['method'],
  template: string,
  pattern: string,
  permission: string,
  rpc: string,
): Route => ({
  operation,
  service: 'iam',
  method,
  template,
  pattern: new RegExp(`${pattern}$`),
  permission,
  rpc: `${IAM_RPC}.${rpc}`,
  quota: method === 'GET' || rpc === 'GetIamPolicy' ? 'Read' : 'Write',
});

export const ROUTES: readonly Route[] = [
  iam(
    'serviceAccounts.list',
    'GET',
    '/v1/projects/{project}/serviceAccounts',
    SA,
    'iam.serviceAccounts.list',
    'ListServiceAccounts',
  ),
  iam(
    'serviceAccounts.get',
    'GET',
    '/v1/projects/{project}/serviceAccounts/{account}',
    ACCOUNT,
    'iam.serviceAccounts.get',
    'GetServiceAccount',
  ),
  iam(
    'serviceAccounts.disable',
    'POST',
    '/v1/projects/{project}/serviceAccounts/{account}:disable',
    `${ACCOUNT}:disable`,
    'iam.serviceAccounts.disable',
    'DisableServiceAccount',
  ),
  iam(
    'serviceAccounts.getIamPolicy',
    'POST',
    '/v1/projects/{project}/serviceAccounts/{account}:getIamPolicy',
    `${ACCOUNT}:getIamPolicy`,
    'iam.serviceAccounts.getIamPolicy',
    'GetIamPolicy',
  ),
  iam(
    'serviceAccounts.keys.list',
    'GET',
    '/v1/projects/{project}/serviceAccounts/{account}/keys',
    `${ACCOUNT}/keys`,
    'iam.serviceAccountKeys.list',
    'ListServiceAccountKeys',
  ),
  iam(
    'serviceAccounts.keys.get',
    'GET',
    '/v1/projects/{project}/serviceAccounts/{account}/keys/{key}',
    KEY,
    'iam.serviceAccountKeys.get',
    'GetServiceAccountKey',
  ),
  iam(
    'serviceAccounts.keys.disable',
    'POST',
    '/v1/projects/{project}/serviceAccounts/{account}/keys/{key}:disable',
    `${KEY}:disable`,
    'iam.serviceAccountKeys.disable',
    'DisableServiceAccountKey',
  ),
  iam(
    'serviceAccounts.keys.delete',
    'DELETE',
    '/v1/projects/{project}/serviceAccounts/{account}/keys/{key}',
    KEY,
    'iam.serviceAccountKeys.delete',
    'DeleteServiceAccountKey',
  ),
  {
    operation: 'projects.getIamPolicy',
    service: 'cloudresourcemanager',
    method: 'POST',
    template: '/v3/projects/{project}:getIamPolicy',
    pattern: new RegExp(`^/v3/projects/(?<project>${SEGMENT}):getIamPolicy$`),
    permission: 'resourcemanager.projects.getIamPolicy',
    rpc: 'google.cloud.resourcemanager.v3.Projects.GetIamPolicy',
    quota: 'Read',
  },
  {
    operation: 'projects.setIamPolicy',
    service: 'cloudresourcemanager',
    method: 'POST',
    template: '/v3/projects/{project}:setIamPolicy',
    pattern: new RegExp(`^/v3/projects/(?<project>${SEGMENT}):setIamPolicy$`),
    permission: 'resourcemanager.projects.setIamPolicy',
    rpc: 'google.cloud.resourcemanager.v3.Projects.SetIamPolicy',
    quota: 'Write',
  },
  {
    operation: 'activities.query',
    service: 'policyanalyzer',
    method: 'GET',
    template: '/v1/projects/{project}/locations/{location}/activityTypes/{activityType}/activities:query',
    pattern: new RegExp(
      `^/v1/projects/(?<project>${SEGMENT})/locations/(?<location>${SEGMENT})/activityTypes/(?<activityType>${SEGMENT})/activities:query$`,
    ),
    permission: 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query',
    rpc: 'google.cloud.policyanalyzer.v1.PolicyAnalyzer.QueryActivity',
    quota: 'Read',
  },
];

export interface MatchedRoute {
  route: Route;
  params: RouteParams;
}

export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const groups = route.pattern.exec(path)?.groups;
    if (groups) return { route, params: groups as unknown as RouteParams };
  }
  return undefined;
}

/** The API an unmatched path was meant for, from its shape. */
export function serviceOfPath(path: string): GcpService {
  if (path.startsWith('/v3/')) return 'cloudresourcemanager';
  if (/\/(?:locations|activityTypes)\//.test(path)) return 'policyanalyzer';
  return 'iam';
}

/** The project segment of a path (`/v1/projects/{p}/…`, `/v3/projects/{p}:…`), '' when absent. */
export function projectOfPath(path: string): string {
  return /^\/v\d+\/projects\/([^/:]+)/.exec(path)?.[1] ?? '';
}

/** The RPC an unmatched request is named after in a 401's ErrorInfo. */
export function rpcOf(matched: MatchedRoute | undefined, service: GcpService): RpcName {
  return { method: matched?.route.rpc ?? 'unknown', service: HOSTS[service] };
}
