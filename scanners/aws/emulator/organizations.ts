/** Organizations ListAccounts (JSON 1.1), answered from the estate's `organization`. */
import type { Account, ListAccountsResponse } from '@aws-sdk/client-organizations';
import { AwsApiError, invalidAction } from './errors.js';
import type { AwsEstate } from './estate.js';
import { organizationsPage } from './paginate.js';
import type { Principal } from './principals.js';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** A fixed join date: the estate does not say when accounts joined. */
const JOINED = new Date('2020-01-01T00:00:00Z');

function listAccounts(
  estate: AwsEstate,
  principal: Principal,
  body: Record<string, unknown>,
): ListAccountsResponse {
  const organization = estate.organization;
  if (!organization) {
    throw new AwsApiError(
      'AWSOrganizationsNotInUseException',
      400,
      'Your account is not a member of an organization.',
    );
  }
  const isCallerKey = principal.accessKeyId === estate.callerAccessKey.accessKeyId;
  if (!isCallerKey && principal.accountId !== organization.managementAccountId) {
    throw new AwsApiError(
      'AccessDenied',
      400,
      'You don’t have permissions to access this resource. Only the management account can list accounts.',
    );
  }
  const orgId = `o-${organization.managementAccountId.slice(0, 10)}`;
  const accounts: Account[] = organization.accounts.map((account) => ({
    Id: account.id,
    Arn: `arn:aws:organizations::${organization.managementAccountId}:account/${orgId}/${account.id}`,
    Email: `aws+${account.id}@example.invalid`,
    Name: account.name,
    Status: account.status,
    State: account.status,
    JoinedMethod: account.id === organization.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: JOINED,
  }));
  const page = organizationsPage(accounts, body.NextToken, body.MaxResults);
  return { Accounts: page.items, NextToken: page.next };
}

export function handleOrganizations(
  estate: AwsEstate,
  principal: Principal,
  operation: string,
  body: Record<string, unknown>,
): object {
  if (operation === 'ListAccounts') return listAccounts(estate, principal, body);
  throw invalidAction(operation);
}
