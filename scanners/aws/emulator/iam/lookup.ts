/** Finding things in one account of the estate, with IAM's NoSuchEntity/ValidationError answers. */

import { noSuchEntity, validationError } from '../errors.js';
import type { AwsAccountEstate, AwsEstate, AwsUserEstate } from '../estate.js';
import type { Principal } from '../principals.js';

export interface IamCall {
  account: AwsAccountEstate;
  principal: Principal;
  params: Record<string, string>;
}

/** The estate's account, or an empty one (not stored) when the estate does not describe it. */
export function accountOf(estate: AwsEstate, accountId: string): AwsAccountEstate {
  return (
    estate.accounts.find((account) => account.id === accountId) ?? {
      id: accountId,
      users: [],
      roles: [],
      groups: [],
    }
  );
}

export function requiredParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '')
    throw validationError(
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

export function findUser(account: AwsAccountEstate, userName: string): AwsUserEstate {
  const user = account.users.find((candidate) => candidate.name === userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

/** `UserName`, or the calling IAM user when it is omitted (as IAM does for user credentials). */
export function targetUser(call: IamCall): AwsUserEstate {
  const named = call.params.UserName;
  if (named) return findUser(call.account, named);
  if (call.principal.kind !== 'user')
    throw validationError('Must specify userName when calling with non-User credentials');
  return findUser(call.account, call.principal.name);
}

export function requireStatus(params: Record<string, string>): 'Active' | 'Inactive' {
  const status = requiredParam(params, 'Status');
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
    );
  }
  return status;
}

export const iamArn = (
  accountId: string,
  kind: 'user' | 'role' | 'group' | 'policy',
  name: string,
  path = '/',
) => `arn:aws:iam::${accountId}:${kind}${path}${name}`;

/** Estate dates are ISO strings; the SDK types want Date. */
export const date = (iso: string) => new Date(iso);

/** A fixed date for things the estate gives no date for (groups, policies). */
export const UNDATED = new Date('2020-01-01T00:00:00Z');
