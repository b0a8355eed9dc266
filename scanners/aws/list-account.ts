/**
 * Lists one account: users with their tags, groups and policies (GetAccountAuthorizationDetails),
 * roles as principals, then each user's credentials. Anything that cannot be read becomes a
 * partial page naming the scope and the reason: never an empty result.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  type GroupDetail,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  type ManagedPolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUsers,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import type { Credential } from '../../src/core/model.js';
import type { PartialMark, ScanPage } from '../../src/core/plugin.js';
import { redact } from '../../src/core/redact.js';
import type { AccountTarget } from './accounts.js';
import { accountCredentials, iamClient } from './clients.js';
import { awsErrorName, isNoSuchEntity } from './errors.js';
import type { AwsOptions } from './options.js';
import { privilegeReasons } from './privilege.js';
import {
  accessKeyCredential,
  consolePasswordCredential,
  rolePrincipal,
  serviceCredential,
  signingCertificateCredential,
  sshKeyCredential,
  type UserContext,
  userPrincipal,
} from './transform.js';

const USERS_PER_PAGE = 50;

function problem(accountId: string, scope: string, error: unknown): PartialMark {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scope: `account ${accountId}${scope ? ` ${scope}` : ''}`,
    reason: redact(`${awsErrorName(error)}: ${message}`),
  };
}

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
    { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] },
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

async function readPasswordLastUsed(client: IAMClient, options: AwsOptions): Promise<Map<string, Date>> {
  const lastUsed = new Map<string, Date>();
  for await (const page of paginateListUsers({ client, pageSize: options.pageSize }, {})) {
    for (const user of page.Users ?? [])
      if (user.UserName && user.PasswordLastUsed) lastUsed.set(user.UserName, user.PasswordLastUsed);
  }
  return lastUsed;
}

interface UserResult {
  credentials: Credential[];
  problems: PartialMark[];
}

async function readUserCredentials(
  client: IAMClient,
  options: AwsOptions,
  context: UserContext,
  passwordLastUsed: Map<string, Date> | undefined,
  signal: AbortSignal,
): Promise<UserResult> {
  const userName = context.user.UserName!;
  const result: UserResult = { credentials: [], problems: [] };
  const attempt = async (operation: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (signal.aborted) throw error;
      result.problems.push(problem(context.accountId, `user ${userName} ${operation}`, error));
    }
  };
  await attempt('iam.ListAccessKeys', async () => {
    for await (const page of paginateListAccessKeys(
      { client, pageSize: options.pageSize },
      { UserName: userName },
    )) {
      for (const key of page.AccessKeyMetadata ?? []) {
        let lastUsed: Parameters<typeof accessKeyCredential>[2];
        try {
          const answer = await client.send(
            new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }),
            { abortSignal: signal },
          );
          lastUsed = { value: answer.AccessKeyLastUsed };
        } catch (error) {
          if (signal.aborted) throw error;
          lastUsed = { unknownReason: `iam.GetAccessKeyLastUsed failed: ${awsErrorName(error)}` };
        }
        result.credentials.push(accessKeyCredential(context, key, lastUsed));
      }
    }
  });
  await attempt('iam.ListSSHPublicKeys', async () => {
    for await (const page of paginateListSSHPublicKeys(
      { client, pageSize: options.pageSize },
      { UserName: userName },
    )) {
      for (const key of page.SSHPublicKeys ?? []) result.credentials.push(sshKeyCredential(context, key));
    }
  });
  await attempt('iam.ListSigningCertificates', async () => {
    for await (const page of paginateListSigningCertificates(
      { client, pageSize: options.pageSize },
      { UserName: userName },
    )) {
      for (const certificate of page.Certificates ?? [])
        result.credentials.push(signingCertificateCredential(context, certificate));
    }
  });
  await attempt('iam.ListServiceSpecificCredentials', async () => {
    const answer = await client.send(new ListServiceSpecificCredentialsCommand({ UserName: userName }), {
      abortSignal: signal,
    });
    for (const credential of answer.ServiceSpecificCredentials ?? [])
      result.credentials.push(serviceCredential(context, credential));
  });
  await attempt('iam.GetLoginProfile', async () => {
    try {
      const answer = await client.send(new GetLoginProfileCommand({ UserName: userName }), {
        abortSignal: signal,
      });
      if (answer.LoginProfile) {
        const credential = consolePasswordCredential(
          context,
          answer.LoginProfile,
          passwordLastUsed?.get(userName),
        );
        if (!passwordLastUsed) {
          credential.lastUsedKnown = false;
          credential.lastUsedUnknownReason = 'iam.ListUsers (PasswordLastUsed) could not be read';
        }
        result.credentials.push(credential);
      }
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error; // no console password: nothing to list
    }
  });
  return result;
}

export async function* listAccount(
  options: AwsOptions,
  target: AccountTarget,
  signal: AbortSignal,
  progress?: (message: string) => void,
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
  let passwordLastUsed: Map<string, Date> | undefined;
  try {
    passwordLastUsed = await readPasswordLastUsed(client, options);
  } catch (error) {
    if (signal.aborted) throw error;
    yield { credentials: [], principals: [], partial: problem(accountId, 'iam.ListUsers', error) };
  }
  yield { credentials: [], principals: details.roles.map((role) => rolePrincipal(accountId, role)) };

  const limit = pLimit(options.concurrency);
  const policies = { groups: details.groups, managed: details.managed };
  for (let start = 0; start < details.users.length; start += USERS_PER_PAGE) {
    const users = details.users.slice(start, start + USERS_PER_PAGE);
    const results = await Promise.all(
      users.map((user) =>
        limit(() =>
          readUserCredentials(
            client,
            options,
            {
              accountId,
              user,
              privilegedReasons: privilegeReasons(user, policies),
              ownerTagKeys: options.ownerTagKeys,
              departmentTagKeys: options.departmentTagKeys,
            },
            passwordLastUsed,
            signal,
          ),
        ),
      ),
    );
    const problems = results.flatMap((result) => result.problems);
    yield {
      credentials: results.flatMap((result) => result.credentials),
      principals: users.map((user) => userPrincipal(accountId, user)),
      ...(problems[0] ? { partial: problems[0] } : {}),
    };
    for (const extra of problems.slice(1)) yield { credentials: [], principals: [], partial: extra };
    progress?.(
      `aws ${accountId}: ${Math.min(start + USERS_PER_PAGE, details.users.length)}/${details.users.length} users`,
    );
  }
}
