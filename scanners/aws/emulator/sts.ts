/**
 * STS: GetCallerIdentity, and AssumeRole into an estate account's scanner role, which issues
 * temporary credentials (ASIA…) that then act in that account.
 */
import type { AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { accessDenied, invalidAction, validationError } from './errors.js';
import type { AwsEstate } from './estate.js';
import { type Principal, type PrincipalRegistry, principalArn, randomId } from './principals.js';

export const STS_ACTION_NAMES = ['GetCallerIdentity', 'AssumeRole'] as const;

function getCallerIdentity(estate: AwsEstate, principal: Principal): GetCallerIdentityResponse {
  if (principal.kind === 'assumed-role') {
    const role = estate.accounts
      .find((account) => account.id === principal.accountId)
      ?.roles.find((candidate) => candidate.name === principal.name);
    return {
      UserId: `${role?.roleId ?? 'AROAEMULATEDSCANNER01'}:${principal.sessionName}`,
      Account: principal.accountId,
      Arn: principalArn(principal),
    };
  }
  const user = estate.accounts
    .find((account) => account.id === principal.accountId)
    ?.users.find((candidate) => candidate.name === principal.name);
  return {
    UserId: user?.userId ?? 'AIDAEMULATEDCALLER01',
    Account: principal.accountId,
    Arn: principalArn(principal),
  };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

function assumeRole(
  estate: AwsEstate,
  registry: PrincipalRegistry,
  principal: Principal,
  params: Record<string, string>,
): AssumeRoleResponse {
  const roleArn = params.RoleArn ?? '';
  const sessionName = params.RoleSessionName ?? '';
  if (!roleArn || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validationError('RoleArn and a valid RoleSessionName (2-64 characters) are required');
  }
  const duration = params.DurationSeconds ? Number(params.DurationSeconds) : 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw validationError('DurationSeconds must be between 900 and 43200');
  }
  const match = ROLE_ARN.exec(roleArn);
  const account = match ? estate.accounts.find((candidate) => candidate.id === match[1]) : undefined;
  if (!match || !account?.scannerRoleName || account.scannerRoleName !== match[2]) {
    throw accessDenied(
      `User: ${principalArn(principal)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  const issued = registry.issue(account.id, account.scannerRoleName, sessionName, duration);
  const roleId =
    account.roles.find((role) => role.name === account.scannerRoleName)?.roleId ?? `AROA${randomId(17)}`;
  return {
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: issued.expiration,
    },
    AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: principalArn(issued) },
  };
}

export function handleSts(
  estate: AwsEstate,
  registry: PrincipalRegistry,
  principal: Principal,
  action: string,
  params: Record<string, string>,
): object {
  switch (action) {
    case 'GetCallerIdentity':
      return getCallerIdentity(estate, principal);
    case 'AssumeRole':
      return assumeRole(estate, registry, principal, params);
    default:
      throw invalidAction(action);
  }
}
