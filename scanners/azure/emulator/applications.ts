/** `/v1.0/applications`: list, get, owners, removePassword and PATCH keyCredentials. */
import type { Application } from '@microsoft/microsoft-graph-types';
import { patchOf, removePassword, replaceKeyCredentials } from './credentials.js';
import { findApplication } from './lookup.js';
import { type Collection, contextUrl, type Entity, listing, selected, selectOf } from './odata.js';
import { listOwners } from './owners.js';
import { APPLICATION_PROPERTIES } from './properties.js';
import { applicationOf, type Owner } from './representations.js';
import type { OperationRequest } from './routes.js';

export function listApplications(request: OperationRequest): Collection<Application> {
  return listing(
    request,
    request.tenant.applications,
    'applications',
    APPLICATION_PROPERTIES,
    (app, select) => (select ? selected(applicationOf(app), select) : applicationOf(app)),
  );
}

export function getApplication(request: OperationRequest): Entity<Application> {
  const app = applicationOf(findApplication(request));
  const select = selectOf(request.query, APPLICATION_PROPERTIES);
  return {
    '@odata.context': contextUrl(request, 'applications', select, true),
    ...(select ? selected(app, select) : app),
  };
}

export function listApplicationOwners(request: OperationRequest): Collection<Owner> {
  return listOwners(request, findApplication(request).owners);
}

export function removeApplicationPassword(request: OperationRequest): undefined {
  removePassword(findApplication(request).application, request.body);
  return undefined;
}

export function updateApplication(request: OperationRequest): undefined {
  const app = findApplication(request);
  const patch = patchOf(request.body, APPLICATION_PROPERTIES, ['keyCredentials']);
  if ('keyCredentials' in patch) replaceKeyCredentials(app.application, patch.keyCredentials);
  return undefined;
}
