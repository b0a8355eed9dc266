/**
 * `/v1.0/users`: list (with `$filter` on mail or userPrincipalName, `eq` or `in`, only), get by id or userPrincipalName (Graph's
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
 * `mail eq 'V'`, `userPrincipalName eq 'V'`, or either with `in ('V1', 'V2', …)` (at most 15
 * values, Graph's limit for `in`): a quote inside a value is doubled, as OData writes it; compared
 * case-insensitively as Graph compares these properties. Default queries in Graph, so no
 * ConsistencyLevel header is needed. Any other filter is refused in the emulator's words.
 */
const LITERAL = "'((?:[^']|'')*)'";
const EQ = new RegExp(`^\\s*(mail|userPrincipalName)\\s+eq\\s+${LITERAL}\\s*$`, 'i');
const IN = new RegExp(`^\\s*(mail|userPrincipalName)\\s+in\\s*\\(((?:\\s*${LITERAL}\\s*,?)+)\\)\\s*$`, 'i');
const IN_LIMIT = 15;

interface UserFilter {
  property: 'mail' | 'userPrincipalName';
  values: Set<string>;
}

const unquote = (literal: string) => literal.replaceAll("''", "'").toLowerCase();

function userFilterOf(request: OperationRequest): UserFilter | undefined {
  const filter = option(request.query, '$filter');
  if (filter === undefined) return undefined;
  const property = (name: string) => (name.toLowerCase() === 'mail' ? 'mail' : 'userPrincipalName');
  const eq = EQ.exec(filter);
  if (eq) return { property: property(eq[1]!), values: new Set([unquote(eq[2]!)]) };
  const list = IN.exec(filter);
  if (list) {
    const values = [...list[2]!.matchAll(new RegExp(LITERAL, 'g'))].map((value) => unquote(value[1]!));
    if (values.length > IN_LIMIT)
      throw unsupportedQuery(`The 'in' operator takes at most ${IN_LIMIT} values, not ${values.length}.`);
    return { property: property(list[1]!), values: new Set(values) };
  }
  throw unsupportedQuery(
    `The emulator serves only $filter=mail or userPrincipalName eq '…' or in (…) on users, not '${filter}'.`,
  );
}

export function listUsers(request: OperationRequest): Collection<User> {
  const filter = userFilterOf(request);
  const users =
    filter === undefined
      ? request.tenant.users
      : request.tenant.users.filter((user) => {
          const value = filter.property === 'mail' ? user.mail : user.userPrincipalName;
          return value !== undefined && value !== null && filter.values.has(value.toLowerCase());
        });
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
