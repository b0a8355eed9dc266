/**
 * `/v1.0/users/{id | userPrincipalName}`: get (Graph's default properties, which do not include
 * accountEnabled, unless `$select` names them) and revokeSignInSessions, which sets the user's
 * `signInSessionsValidFromDateTime` to now.
 */
import type { User } from '@microsoft/microsoft-graph-types';
import { isoSeconds } from './http.js';
import { findUser } from './lookup.js';
import { contextUrl, type Entity, selectOf } from './odata.js';
import { USER_PROPERTIES } from './properties.js';
import { userOf } from './representations.js';
import type { OperationRequest } from './routes.js';

/** What revokeSignInSessions answers: an OData Edm.Boolean. */
export interface RevokeSignInSessionsResponse {
  '@odata.context': string;
  value: boolean;
}

export function getUser(request: OperationRequest): Entity<User> {
  const user = findUser(request);
  const select = selectOf(request.query, USER_PROPERTIES);
  return { '@odata.context': contextUrl(request, 'users', select, true), ...userOf(user, select) };
}

export function revokeSignInSessions(request: OperationRequest): RevokeSignInSessionsResponse {
  findUser(request).signInSessionsValidFromDateTime = isoSeconds(new Date());
  return { '@odata.context': contextUrl(request, 'Edm.Boolean', undefined), value: true };
}
