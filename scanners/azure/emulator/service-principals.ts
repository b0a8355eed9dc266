/**
 * `/v1.0/servicePrincipals`: list (Microsoft Graph's own service principal last, as every tenant
 * has it), get, owners, appRoleAssignments, removePassword and PATCH accountEnabled /
 * keyCredentials. Graph's own service principal can be read, not changed (403).
 */
import type { AppRoleAssignment, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { booleanOf, patchOf, removePassword, replaceKeyCredentials } from './credentials.js';
import { insufficientPrivileges } from './errors.js';
import { type FoundServicePrincipal, findServicePrincipal } from './lookup.js';
import { type Collection, contextUrl, type Entity, listing, selected, selectOf } from './odata.js';
import { listOwners } from './owners.js';
import { APP_ROLE_ASSIGNMENT_PROPERTIES, SERVICE_PRINCIPAL_PROPERTIES } from './properties.js';
import { graphServicePrincipalOf, type Owner, servicePrincipalOf } from './representations.js';
import type { OperationRequest } from './routes.js';

const representationOf = (found: FoundServicePrincipal): ServicePrincipal =>
  found.kind === 'estate'
    ? servicePrincipalOf(found.servicePrincipal)
    : graphServicePrincipalOf(found.tenant);

/** An estate service principal, for a write; Graph's own is refused. */
function writable(request: OperationRequest) {
  const found = findServicePrincipal(request);
  if (found.kind === 'graph') throw insufficientPrivileges();
  return found.servicePrincipal;
}

export function listServicePrincipals(request: OperationRequest): Collection<ServicePrincipal> {
  const { tenant } = request;
  const listed: FoundServicePrincipal[] = tenant.servicePrincipals.map((servicePrincipal) => ({
    kind: 'estate',
    servicePrincipal,
  }));
  const graphAppId = tenant.graphServicePrincipal.appId;
  if (!tenant.servicePrincipals.some(({ servicePrincipal }) => servicePrincipal.appId === graphAppId)) {
    listed.push({ kind: 'graph', tenant });
  }
  return listing(request, listed, 'servicePrincipals', SERVICE_PRINCIPAL_PROPERTIES, (found, select) =>
    select ? selected(representationOf(found), select) : representationOf(found),
  );
}

export function getServicePrincipal(request: OperationRequest): Entity<ServicePrincipal> {
  const sp = representationOf(findServicePrincipal(request));
  const select = selectOf(request.query, SERVICE_PRINCIPAL_PROPERTIES);
  return {
    '@odata.context': contextUrl(request, 'servicePrincipals', select, true),
    ...(select ? selected(sp, select) : sp),
  };
}

export function listServicePrincipalOwners(request: OperationRequest): Collection<Owner> {
  const found = findServicePrincipal(request);
  return listOwners(request, found.kind === 'estate' ? found.servicePrincipal.owners : []);
}

export function listAppRoleAssignments(request: OperationRequest): Collection<AppRoleAssignment> {
  const found = findServicePrincipal(request);
  const id =
    found.kind === 'estate'
      ? found.servicePrincipal.servicePrincipal.id
      : found.tenant.graphServicePrincipal.id;
  const assignments = found.kind === 'estate' ? found.servicePrincipal.appRoleAssignments : [];
  return listing(
    request,
    assignments,
    `servicePrincipals('${id}')/appRoleAssignments`,
    APP_ROLE_ASSIGNMENT_PROPERTIES,
    (assignment, select) => (select ? selected(assignment, select) : assignment),
  );
}

export function removeServicePrincipalPassword(request: OperationRequest): undefined {
  removePassword(writable(request).servicePrincipal, request.body);
  return undefined;
}

export function updateServicePrincipal(request: OperationRequest): undefined {
  const sp = writable(request).servicePrincipal;
  const patch = patchOf(request.body, SERVICE_PRINCIPAL_PROPERTIES, ['accountEnabled', 'keyCredentials']);
  // Validate everything before changing anything: a refused PATCH changes nothing.
  const accountEnabled = 'accountEnabled' in patch ? booleanOf(patch.accountEnabled) : undefined;
  if ('keyCredentials' in patch) replaceKeyCredentials(sp, patch.keyCredentials);
  if (accountEnabled !== undefined) sp.accountEnabled = accountEnabled;
  return undefined;
}
