/**
 * `/v1.0/users`: list (with `$filter=mail eq '…'` only), get by id or userPrincipalName (Graph's
 * default properties, which do not include accountEnabled, unless `$select` names them), PATCH
 * `accountEnabled`, and revokeSignInSessions, which sets the user's
 * `signInSessionsValidFromDateTime` to now.
 */
import type { User } from '@microsoft/microsoft-graph-types';
import { booleanOf, patchOf } from './credentials.js';
import { unsupportedQuery } from './errors.js';
import { isoSeconds } from './http.js';
import { findUser } from './lookup.js';
import { type Collection, contextUrl, type Entity, listing, option, selectOf } from './odata.js';
import { USER_PROPERTIES } from './properties.js';
import { userOf } from './representations.js';
import type { OperationRequest } from './routes.js';

/** What revokeSignInSessions answers: an OData Edm.Boolean. */
export interface RevokeSignInSessionsResponse {
  '@odata.context': string;
  value: boolean;
}

/**
 * `mail eq 'VALUE'` (a quote inside doubled, as OData writes it), compared case-insensitively as
 * Graph compares mail; a default query in Graph, so no ConsistencyLevel header is needed. Any other
 * filter is refused in the emulator's words: it serves no other.
 */
const MAIL_EQ = /^\s*mail\s+eq\s+'((?:[^']|'')*)'\s*$/i;

function mailFilterOf(request: OperationRequest): string | undefined {
  const filter = option(request.query, '$filter');
  if (filter === undefined) return undefined;
  const match = MAIL_EQ.exec(filter);
  if (!match)
    throw unsupportedQuery(`The emulator serves only $filter=mail eq '…' on users, not '${filter}'.`);
  return match[1]!.replaceAll("''", "'").toLowerCase();
}

export function listUsers(request: OperationRequest): Collection<User> {
  const mail = mailFilterOf(request);
  const users =
    mail === undefined
      ? request.tenant.users
      : request.tenant.users.filter((user) => user.mail?.toLowerCase() === mail);
  return listing(request, users, 'users', USER_PROPERTIES, (user, select) => userOf(user, select));
}

export function getUser(request: OperationRequest): Entity<User> {
  const user = findUser(request);
  const select = selectOf(request.query, USER_PROPERTIES);
  return { '@odata.context': contextUrl(request, 'users', select, true), ...userOf(user, select) };
}

/** PATCH `{ accountEnabled }`: the one property the emulator updates on a user. */
export function updateUser(request: OperationRequest): undefined {
  const user = findUser(request);
  const patch = patchOf(request.body, USER_PROPERTIES, ['accountEnabled']);
  if ('accountEnabled' in patch) user.accountEnabled = booleanOf(patch.accountEnabled);
  return undefined;
}

export function revokeSignInSessions(request: OperationRequest): RevokeSignInSessionsResponse {
  findUser(request).signInSessionsValidFromDateTime = isoSeconds(new Date());
  return { '@odata.context': contextUrl(request, 'Edm.Boolean', undefined), value: true };
}
