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
  type ServiceSpecificCredentialMetadata,
  type UserDetail,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import type { Credential } from '../../src/core/model.js';
import type { PartialMark, ScanPage } from '../../src/core/plugin.js';
import { redact } from '../../src/core/redact.js';
import type { AccountTarget } from './accounts.js';
import { accountCredentials, iamClient } from './clients.js';
import { type CredentialReport, type ReportRow, readCredentialReport, slotFor } from './credential-report.js';
import { awsErrorName, isNoSuchEntity } from './errors.js';
import { type LeaverIndex, leaverUserRecord } from './leaver-users.js';
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

interface UserResult {
  credentials: Credential[];
  problems: PartialMark[];
  /** The operations that failed (`iam.GetLoginProfile`…), for the leaver check. */
  failed: string[];
}

interface AccountFacts {
  /** From the credential report when fresh; a user missing from it is read call by call. */
  report: CredentialReport | undefined;
  /** ListUsers' PasswordLastUsed, when the report is not used; undefined if it could not be read. */
  passwordLastUsed: Map<string, Date> | undefined;
  /** Every user's service-specific credentials (one AllUsers call); undefined = ask per user. */
  serviceCredentials: Map<string, ServiceSpecificCredentialMetadata[]> | undefined;
}

async function readUserCredentials(
  client: IAMClient,
  options: AwsOptions,
  context: UserContext,
  facts: AccountFacts,
  signal: AbortSignal,
): Promise<UserResult> {
  const userName = context.user.UserName!;
  const row: ReportRow | undefined = facts.report?.rows.get(userName);
  const result: UserResult = { credentials: [], problems: [], failed: [] };
  const attempt = async (operation: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (signal.aborted) throw error;
      result.problems.push(problem(context.accountId, `user ${userName} ${operation}`, error));
      result.failed.push(operation);
    }
  };
  if (!row || row.accessKeys.length > 0) {
    await attempt('iam.ListAccessKeys', async () => {
      for await (const page of paginateListAccessKeys(
        { client, pageSize: options.pageSize },
        { UserName: userName },
        { abortSignal: signal },
      )) {
        for (const key of page.AccessKeyMetadata ?? []) {
          const slot = row ? slotFor(row, key.CreateDate) : undefined;
          let lastUsed: Parameters<typeof accessKeyCredential>[2];
          if (slot && slot.lastUsedDate !== undefined) {
            lastUsed = {
              value: {
                ServiceName: 'N/A',
                Region: 'N/A',
                ...(slot.lastUsedDate ? { LastUsedDate: new Date(slot.lastUsedDate) } : {}),
              },
            };
          } else {
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
          }
          result.credentials.push(accessKeyCredential(context, key, lastUsed));
        }
      }
    });
  }
  if (options.sshPublicKeys) {
    await attempt('iam.ListSSHPublicKeys', async () => {
      for await (const page of paginateListSSHPublicKeys(
        { client, pageSize: options.pageSize },
        { UserName: userName },
        { abortSignal: signal },
      )) {
        for (const key of page.SSHPublicKeys ?? []) result.credentials.push(sshKeyCredential(context, key));
      }
    });
  }
  if (!row || row.certificates.length > 0) {
    await attempt('iam.ListSigningCertificates', async () => {
      for await (const page of paginateListSigningCertificates(
        { client, pageSize: options.pageSize },
        { UserName: userName },
        { abortSignal: signal },
      )) {
        for (const certificate of page.Certificates ?? [])
          result.credentials.push(signingCertificateCredential(context, certificate));
      }
    });
  }
  const shared = facts.serviceCredentials;
  if (shared) {
    for (const credential of shared.get(userName) ?? [])
      result.credentials.push(serviceCredential(context, credential));
  } else {
    await attempt('iam.ListServiceSpecificCredentials', async () => {
      const answer = await client.send(new ListServiceSpecificCredentialsCommand({ UserName: userName }), {
        abortSignal: signal,
      });
      for (const credential of answer.ServiceSpecificCredentials ?? [])
        result.credentials.push(serviceCredential(context, credential));
    });
  }
  if (!row || row.passwordEnabled) {
    await attempt('iam.GetLoginProfile', async () => {
      try {
        const answer = await client.send(new GetLoginProfileCommand({ UserName: userName }), {
          abortSignal: signal,
        });
        if (!answer.LoginProfile) return;
        const lastUsed = row
          ? row.passwordLastUsed
            ? new Date(row.passwordLastUsed)
            : undefined
          : facts.passwordLastUsed?.get(userName);
        const credential = consolePasswordCredential(context, answer.LoginProfile, lastUsed);
        if (!row && !facts.passwordLastUsed) {
          credential.lastUsedKnown = false;
          credential.lastUsedUnknownReason = 'iam.ListUsers (PasswordLastUsed) could not be read';
        }
        result.credentials.push(credential);
      } catch (error) {
        if (!isNoSuchEntity(error)) throw error; // no console password: nothing to list
      }
    });
  }
  return result;
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
      users.map((context) => limit(() => readUserCredentials(client, options, context, facts, signal))),
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
