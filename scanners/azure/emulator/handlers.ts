/**
 * Operation → handler, each typed to return its 200 body as @microsoft/microsoft-graph-types (and
 * -beta for the report) describe it, or undefined for a 204: a drift from the API fails to compile.
 */
import type {
  Application,
  AppRoleAssignment,
  ServicePrincipal,
  User,
} from '@microsoft/microsoft-graph-types';
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';
import {
  getApplication,
  listApplicationOwners,
  listApplications,
  removeApplicationPassword,
  updateApplication,
} from './applications.js';
import type { Collection, Entity } from './odata.js';
import { listAppCredentialSignInActivities } from './reports.js';
import type { Owner } from './representations.js';
import type { OperationRequest } from './routes.js';
import {
  getServicePrincipal,
  listAppRoleAssignments,
  listServicePrincipalOwners,
  listServicePrincipals,
  removeServicePrincipalPassword,
  updateServicePrincipal,
} from './service-principals.js';
import type { GraphOperation } from './types.js';
import {
  getUser,
  listUsers,
  type RevokeSignInSessionsResponse,
  revokeSignInSessions,
  updateUser,
} from './users.js';

export interface OperationResponses {
  'applications.list': Collection<Application>;
  'applications.get': Entity<Application>;
  'applications.owners': Collection<Owner>;
  'applications.removePassword': undefined;
  'applications.update': undefined;
  'servicePrincipals.list': Collection<ServicePrincipal>;
  'servicePrincipals.get': Entity<ServicePrincipal>;
  'servicePrincipals.owners': Collection<Owner>;
  'servicePrincipals.appRoleAssignments': Collection<AppRoleAssignment>;
  'servicePrincipals.update': undefined;
  'servicePrincipals.removePassword': undefined;
  'users.list': Collection<User>;
  'users.get': Entity<User>;
  'users.update': undefined;
  'users.revokeSignInSessions': RevokeSignInSessionsResponse;
  'reports.appCredentialSignInActivities': Collection<AppCredentialSignInActivity>;
}

type Handlers = { [Op in GraphOperation]: (request: OperationRequest) => OperationResponses[Op] };

export const HANDLERS: Handlers = {
  'applications.list': listApplications,
  'applications.get': getApplication,
  'applications.owners': listApplicationOwners,
  'applications.removePassword': removeApplicationPassword,
  'applications.update': updateApplication,
  'servicePrincipals.list': listServicePrincipals,
  'servicePrincipals.get': getServicePrincipal,
  'servicePrincipals.owners': listServicePrincipalOwners,
  'servicePrincipals.appRoleAssignments': listAppRoleAssignments,
  'servicePrincipals.update': updateServicePrincipal,
  'servicePrincipals.removePassword': removeServicePrincipalPassword,
  'users.list': listUsers,
  'users.get': getUser,
  'users.update': updateUser,
  'users.revokeSignInSessions': revokeSignInSessions,
  'reports.appCredentialSignInActivities': listAppCredentialSignInActivities,
};
