/**
 * Lists one account: users with their tags, groups and policies (GetAccountAuthorizationDetails),
 * roles as principals, then each user's credentials. Anything that cannot be read becomes a
 * partial page naming the scope and the reason: never an empty result.
 */
import {
  type GroupDetail,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  type ManagedPolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListUsers,
  type RoleDetail,
  type ServiceSpecificCredentialMetadata,
  type UserDetail,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import type { ScanPage } from '../../src/core/plugin.js';
import type { AccountTarget } from './accounts.js';
import { accountCredentials, iamClient } from './clients.js';
import { mayUseCodeCommitGit } from './codecommit-access.js';
import { readCredentialReport } from './credential-report.js';
import { type LeaverIndex, leaverUserRecord } from './leaver-users.js';
import type { AwsOptions } from './options.js';
import { privilegeReasons } from './privilege.js';
import { rolePrincipal, type UserContext, userPrincipal } from './transform.js';
import { type AccountFacts, problem, readUserCredentials } from './user-credentials.js';

const USERS_PER_PAGE = 50;

interface AccountDetails {
  users: UserDetail[];
  roles: RoleDetail[];
  groups: Map<string, GroupDetail>;
  managed: Map<string, ManagedPolicyDetail>;
}

async function readAuthorizationDetails(
  client: IAMClient,
  options: AwsOptions,
  signal: AbortSignal,
): Promise<AccountDetails> {
  const details: AccountDetails = { users: [], roles: [], groups: new Map(), managed: new Map() };
  const pages = paginateGetAccountAuthorizationDetails(
    { client, pageSize: options.pageSize },
    // The AWS managed policies attached in the account too, when they decide whose SSH keys to list.
    {
      Filter:
        options.sshPublicKeys === 'codecommit-users'
          ? ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']
          : ['User', 'Role', 'Group', 'LocalManagedPolicy'],
    },
    { abortSignal: signal },
  );
  for await (const page of pages) {
    signal.throwIfAborted();
    details.users.push(...(page.UserDetailList ?? []));
    details.roles.push(...(page.RoleDetailList ?? []));
    for (const group of page.GroupDetailList ?? [])
      if (group.GroupName) details.groups.set(group.GroupName, group);
    for (const policy of page.Policies ?? []) if (policy.Arn) details.managed.set(policy.Arn, policy);
  }
  return details;
}

async function readPasswordLastUsed(
  client: IAMClient,
  options: AwsOptions,
  signal: AbortSignal,
): Promise<Map<string, Date>> {
  const lastUsed = new Map<string, Date>();
  const pages = paginateListUsers({ client, pageSize: options.pageSize }, {}, { abortSignal: signal });
  for await (const page of pages) {
    for (const user of page.Users ?? [])
      if (user.UserName && user.PasswordLastUsed) lastUsed.set(user.UserName, user.PasswordLastUsed);
  }
  return lastUsed;
}

/** Every user's service-specific credentials in one paginated call (AllUsers); undefined if unavailable. */
async function readAllServiceCredentials(client: IAMClient, options: AwsOptions, signal: AbortSignal) {
  const byUser = new Map<string, ServiceSpecificCredentialMetadata[]>();
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListServiceSpecificCredentialsCommand({
        AllUsers: true,
        MaxItems: options.pageSize,
        Marker: marker,
      }),
      { abortSignal: signal },
    );
    for (const credential of page.ServiceSpecificCredentials ?? []) {
      if (!credential.UserName) continue;
      byUser.set(credential.UserName, [...(byUser.get(credential.UserName) ?? []), credential]);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return byUser;
}

async function optional<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
}

export async function* listAccount(
  options: AwsOptions,
  target: AccountTarget,
  signal: AbortSignal,
  progress?: (message: string) => void,
  /** This scan's leavers and expired contractors; absent: no downstream account check. */
  leavers?: LeaverIndex,
  /** A termination scan (ScanContext.focus): read only the users that map to `leavers`. */
  focused = false,
): AsyncGenerator<ScanPage> {
  const accountId = target.id;
  let client: IAMClient;
  let details: AccountDetails;
  try {
    client = iamClient(options, await accountCredentials(options, target, signal));
    details = await readAuthorizationDetails(client, options, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    yield { credentials: [], principals: [], partial: problem(accountId, '', error) };
    return;
  }
  if (focused) {
    // Only the people's own users, read through the per-user calls: no account-wide listing.
    const theirs = details.users.filter((user) => leavers?.match(user, options.ownerTagKeys) !== undefined);
    details = { ...details, users: theirs };
  }
  // Optional shortcuts: when one is unavailable (denied, stale), the per-user calls cover it.
  const facts: AccountFacts = focused
    ? { report: undefined, passwordLastUsed: undefined, serviceCredentials: undefined }
    : {
        report: options.credentialReport
          ? await optional(() => readCredentialReport(client, signal), signal)
          : undefined,
        passwordLastUsed: undefined,
        serviceCredentials: await optional(() => readAllServiceCredentials(client, options, signal), signal),
      };
  if (!facts.report && !focused) {
    try {
      facts.passwordLastUsed = await readPasswordLastUsed(client, options, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      yield { credentials: [], principals: [], partial: problem(accountId, 'iam.ListUsers', error) };
    }
  }
  yield { credentials: [], principals: details.roles.map((role) => rolePrincipal(accountId, role)) };

  const limit = pLimit(options.concurrency);
  const policies = { groups: details.groups, managed: details.managed };
  const listsSsh = (user: UserDetail): boolean =>
    options.sshPublicKeys === 'all' ||
    (options.sshPublicKeys === 'codecommit-users' && mayUseCodeCommitGit(user, policies));
  for (let start = 0; start < details.users.length; start += USERS_PER_PAGE) {
    signal.throwIfAborted();
    const users: UserContext[] = details.users.slice(start, start + USERS_PER_PAGE).map((user) => ({
      accountId,
      user,
      privilegedReasons: privilegeReasons(user, policies),
      ownerTagKeys: options.ownerTagKeys,
      departmentTagKeys: options.departmentTagKeys,
    }));
    const results = await Promise.all(
      users.map((context) =>
        limit(() => readUserCredentials(client, options, context, facts, listsSsh(context.user), signal)),
      ),
    );
    // The downstream account check reads nothing more: it judges what was just read.
    for (const [index, context] of users.entries()) {
      const match = leavers?.match(context.user, options.ownerTagKeys);
      if (!match) continue;
      const record = leaverUserRecord(context, match, results[index]!);
      if (!record) continue;
      if ('credential' in record) results[index]!.credentials.push(record.credential);
      else results[index]!.problems.push(record.problem);
    }
    const problems = results.flatMap((result) => result.problems);
    yield {
      credentials: results.flatMap((result) => result.credentials),
      principals: users.map((context) => userPrincipal(accountId, context.user)),
      ...(problems[0] ? { partial: problems[0] } : {}),
    };
    for (const extra of problems.slice(1)) yield { credentials: [], principals: [], partial: extra };
    progress?.(
      `aws ${accountId}: ${Math.min(start + USERS_PER_PAGE, details.users.length)}/${details.users.length} users`,
    );
  }
}
