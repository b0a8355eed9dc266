/**
 * Finds what a request names in the caller's tenant — an application or service principal by
 * object id or app id, a user by id or UPN — or answers Graph's 404 Request_ResourceNotFound.
 * Ids compare case-insensitively (they are GUIDs).
 */

import { resourceNotFound } from './errors.js';
import type { EntraApplicationEstate, EntraServicePrincipalEstate, EntraTenantEstate } from './estate.js';
import type { OperationRequest } from './routes.js';

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The key the path gives: the object id, or the app id of the `(appId='…')` form. */
function keyOf(request: OperationRequest): { ref: string; byAppId: boolean } {
  const { id, appId } = request.params;
  return appId !== undefined ? { ref: appId, byAppId: true } : { ref: id ?? '', byAppId: false };
}

export function findApplication(request: OperationRequest): EntraApplicationEstate {
  const { ref, byAppId } = keyOf(request);
  const found = request.tenant.applications.find(({ application }) =>
    same(byAppId ? application.appId : application.id, ref),
  );
  if (!found) throw resourceNotFound(ref);
  return found;
}

/** A service principal of the estate, or Microsoft Graph's own (`graph`), which holds no credentials. */
export type FoundServicePrincipal =
  | { kind: 'estate'; servicePrincipal: EntraServicePrincipalEstate }
  | { kind: 'graph'; tenant: EntraTenantEstate };

export function findServicePrincipal(request: OperationRequest): FoundServicePrincipal {
  const { ref, byAppId } = keyOf(request);
  const found = request.tenant.servicePrincipals.find(({ servicePrincipal }) =>
    same(byAppId ? servicePrincipal.appId : servicePrincipal.id, ref),
  );
  if (found) return { kind: 'estate', servicePrincipal: found };
  const graph = request.tenant.graphServicePrincipal;
  if (same(byAppId ? graph.appId : graph.id, ref)) return { kind: 'graph', tenant: request.tenant };
  throw resourceNotFound(ref);
}

export function findUser(request: OperationRequest): EntraTenantEstate['users'][number] {
  const ref = request.params.user ?? '';
  const user = request.tenant.users.find(
    (candidate) => same(candidate.id, ref) || same(candidate.userPrincipalName, ref),
  );
  if (!user) throw resourceNotFound(ref);
  return user;
}
