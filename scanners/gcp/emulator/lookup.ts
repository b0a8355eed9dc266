/**
 * Finds what a request names: the project (unknown = no access, 403, as Google cannot tell the two
 * apart), the service account by e-mail or unique id (`-` as project searches every project and, as
 * Google does, answers a miss with 403 rather than 404), and the key.
 */

import { notFound, permissionDenied } from './errors.js';
import type { GcpKeyEstate, GcpProjectEstate, GcpServiceAccountEstate } from './estate.js';
import { HOSTS, type OperationRequest } from './routes.js';

export interface AccountRef {
  project: GcpProjectEstate;
  account: GcpServiceAccountEstate;
}

export interface KeyRef extends AccountRef {
  key: GcpKeyEstate;
}

/** The 403 a route answers for a resource the caller cannot see. */
export function denied(request: OperationRequest, resource?: string): Error {
  return permissionDenied(request.route.permission, HOSTS[request.route.service], resource);
}

export function projectById(request: OperationRequest): GcpProjectEstate {
  const project = request.estate.projects.find((candidate) => candidate.projectId === request.params.project);
  if (!project) throw denied(request);
  return project;
}

/** Resource Manager and Policy Analyzer accept the project id or its number. */
export function projectByIdOrNumber(request: OperationRequest, resource: string): GcpProjectEstate {
  const ref = request.params.project;
  const project = request.estate.projects.find(
    (candidate) => candidate.projectId === ref || candidate.projectNumber === ref,
  );
  if (!project) throw denied(request, resource);
  return project;
}

function accountIn(project: GcpProjectEstate, ref: string): GcpServiceAccountEstate | undefined {
  const email = ref.toLowerCase();
  return project.serviceAccounts.find(
    (candidate) => candidate.account.email.toLowerCase() === email || candidate.account.uniqueId === ref,
  );
}

export function findAccount(request: OperationRequest): AccountRef {
  const ref = request.params.account ?? '';
  if (request.params.project === '-') {
    for (const project of request.estate.projects) {
      const account = accountIn(project, ref);
      if (account) return { project, account };
    }
    throw denied(request);
  }
  const project = projectById(request);
  const account = accountIn(project, ref);
  if (!account) throw notFound('Unknown service account');
  return { project, account };
}

export function findKey(request: OperationRequest): KeyRef {
  const ref = findAccount(request);
  const keyId = request.params.keyId ?? '';
  const key = ref.account.keys.find((candidate) => candidate.keyId === keyId);
  if (!key) throw notFound(`Service account key ${keyId} does not exist.`);
  return { ...ref, key };
}
