/**
 * One IAM user's credentials: its access keys (with last use), SSH public keys, signing
 * certificates, service-specific credentials and console password. The calls are independent, so
 * they run at once; what they return is assembled in one fixed order (keys, SSH keys,
 * certificates, service credentials, password), so a scan's output does not depend on timing.
 * A call that fails is a problem naming the user and the operation, never "none".
 */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import type { Credential } from '../../src/core/model.js';
import type { PartialMark } from '../../src/core/plugin.js';
import { redact } from '../../src/core/redact.js';
import { type CredentialReport, type ReportRow, slotFor } from './credential-report.js';
import { awsErrorName, isNoSuchEntity } from './errors.js';
import type { AwsOptions } from './options.js';
import {
  accessKeyCredential,
  consolePasswordCredential,
  serviceCredential,
  signingCertificateCredential,
  sshKeyCredential,
  type UserContext,
} from './transform.js';

export function problem(accountId: string, scope: string, error: unknown): PartialMark {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scope: `account ${accountId}${scope ? ` ${scope}` : ''}`,
    reason: redact(`${awsErrorName(error)}: ${message}`),
  };
}

export interface UserResult {
  credentials: Credential[];
  problems: PartialMark[];
  /** The operations that failed (`iam.GetLoginProfile`…), for the leaver check. */
  failed: string[];
}

/** One operation's outcome: its credentials, and the problem that stopped it if one did. */
interface Outcome {
  credentials: Credential[];
  failed?: { operation: string; problem: PartialMark };
}

export interface AccountFacts {
  /** From the credential report when fresh; a user missing from it is read call by call. */
  report: CredentialReport | undefined;
  /** ListUsers' PasswordLastUsed, when the report is not used; undefined if it could not be read. */
  passwordLastUsed: Map<string, Date> | undefined;
  /** Every user's service-specific credentials (one AllUsers call); undefined = ask per user. */
  serviceCredentials: Map<string, ServiceSpecificCredentialMetadata[]> | undefined;
}

type LastUse = Parameters<typeof accessKeyCredential>[2];

async function keyLastUse(
  client: IAMClient,
  accessKeyId: string | undefined,
  slot: ReturnType<typeof slotFor>,
  signal: AbortSignal,
): Promise<LastUse> {
  if (slot && slot.lastUsedDate !== undefined) {
    return {
      value: {
        ServiceName: 'N/A',
        Region: 'N/A',
        ...(slot.lastUsedDate ? { LastUsedDate: new Date(slot.lastUsedDate) } : {}),
      },
    };
  }
  try {
    const answer = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }), {
      abortSignal: signal,
    });
    return { value: answer.AccessKeyLastUsed };
  } catch (error) {
    if (signal.aborted) throw error;
    return { unknownReason: `iam.GetAccessKeyLastUsed failed: ${awsErrorName(error)}` };
  }
}

/** Reads one user's credentials; `listSsh` false skips ListSSHPublicKeys (codecommit-access.ts). */
export async function readUserCredentials(
  client: IAMClient,
  options: AwsOptions,
  context: UserContext,
  facts: AccountFacts,
  listSsh: boolean,
  signal: AbortSignal,
): Promise<UserResult> {
  const userName = context.user.UserName!;
  const row: ReportRow | undefined = facts.report?.rows.get(userName);
  const paging = { client, pageSize: options.pageSize };
  const attempt = async (
    operation: string,
    work: (found: Credential[]) => Promise<void>,
  ): Promise<Outcome> => {
    const found: Credential[] = [];
    try {
      await work(found);
      return { credentials: found };
    } catch (error) {
      if (signal.aborted) throw error;
      return {
        credentials: found,
        failed: { operation, problem: problem(context.accountId, `user ${userName} ${operation}`, error) },
      };
    }
  };
  const none: Outcome = { credentials: [] };

  const accessKeys =
    !row || row.accessKeys.length > 0
      ? attempt('iam.ListAccessKeys', async (found) => {
          for await (const page of paginateListAccessKeys(
            paging,
            { UserName: userName },
            { abortSignal: signal },
          )) {
            const keys = page.AccessKeyMetadata ?? [];
            const lastUses = await Promise.all(
              keys.map((key) =>
                keyLastUse(client, key.AccessKeyId, row ? slotFor(row, key.CreateDate) : undefined, signal),
              ),
            );
            for (const [index, key] of keys.entries())
              found.push(accessKeyCredential(context, key, lastUses[index]!));
          }
        })
      : Promise.resolve(none);
  const sshKeys = listSsh
    ? attempt('iam.ListSSHPublicKeys', async (found) => {
        for await (const page of paginateListSSHPublicKeys(
          paging,
          { UserName: userName },
          { abortSignal: signal },
        ))
          for (const key of page.SSHPublicKeys ?? []) found.push(sshKeyCredential(context, key));
      })
    : Promise.resolve(none);
  const certificates =
    !row || row.certificates.length > 0
      ? attempt('iam.ListSigningCertificates', async (found) => {
          for await (const page of paginateListSigningCertificates(
            paging,
            { UserName: userName },
            { abortSignal: signal },
          ))
            for (const certificate of page.Certificates ?? [])
              found.push(signingCertificateCredential(context, certificate));
        })
      : Promise.resolve(none);
  const shared = facts.serviceCredentials;
  const services = shared
    ? Promise.resolve<Outcome>({
        credentials: (shared.get(userName) ?? []).map((item) => serviceCredential(context, item)),
      })
    : attempt('iam.ListServiceSpecificCredentials', async (found) => {
        const answer = await client.send(new ListServiceSpecificCredentialsCommand({ UserName: userName }), {
          abortSignal: signal,
        });
        for (const item of answer.ServiceSpecificCredentials ?? [])
          found.push(serviceCredential(context, item));
      });
  const password =
    !row || row.passwordEnabled
      ? attempt('iam.GetLoginProfile', async (found) => {
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
            found.push(credential);
          } catch (error) {
            if (!isNoSuchEntity(error)) throw error; // no console password: nothing to list
          }
        })
      : Promise.resolve(none);

  const outcomes = await Promise.all([accessKeys, sshKeys, certificates, services, password]);
  const result: UserResult = { credentials: [], problems: [], failed: [] };
  for (const outcome of outcomes) {
    result.credentials.push(...outcome.credentials);
    if (outcome.failed) {
      result.problems.push(outcome.failed.problem);
      result.failed.push(outcome.failed.operation);
    }
  }
  return result;
}
