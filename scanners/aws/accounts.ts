/** Which accounts a source covers: the configured list, or every account of the organization. */
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { baseCredentials, organizationsClient } from './clients.js';
import type { AwsOptions } from './options.js';

export interface AccountTarget {
  id: string;
  roleName?: string;
}

export async function listTargetAccounts(options: AwsOptions, signal: AbortSignal): Promise<AccountTarget[]> {
  if (options.accounts) return options.accounts.map((account) => ({ ...account }));
  const organization = options.organization!;
  const client = organizationsClient(options, baseCredentials(options));
  const targets: AccountTarget[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: 20 }, {}, { abortSignal: signal })) {
    signal.throwIfAborted();
    for (const account of page.Accounts ?? []) {
      if (!account.Id) continue;
      const status = account.State ?? account.Status;
      if (status !== 'ACTIVE' && !organization.includeSuspended) continue;
      targets.push({ id: account.Id, roleName: organization.roleName });
    }
  }
  return targets.sort((a, b) => a.id.localeCompare(b.id));
}
