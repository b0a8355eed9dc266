/**
 * Removing a leaver's access through their IAM user (an `iam-user` person-account record): one
 * `delete` step that deletes the console password (when the scan saw one, or could not tell) and
 * sets Status=Inactive on each access key the scan saw active. Exactly those calls, as approved:
 * the user itself and its other credentials stay. NoSuchEntity means already gone. Verify re-reads
 * the login profile and every access key.
 */
import {
  DeleteLoginProfileCommand,
  GetLoginProfileCommand,
  type IAMClient,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, VerifyResult } from '../../src/core/plugin.js';
import { awsFailure, isNoSuchEntity } from './errors.js';

interface Call {
  apiCall: string;
  command: DeleteLoginProfileCommand | UpdateAccessKeyCommand;
}

/** The calls of the `delete` step, from what the scan recorded on the record. */
export function leaverUserCalls(credential: Credential): Call[] {
  const UserName = credential.principalName ?? credential.externalId;
  const calls: Call[] = [];
  if (credential.attributes?.consolePassword !== 'no') {
    calls.push({
      apiCall: `iam:DeleteLoginProfile UserName=${UserName}`,
      command: new DeleteLoginProfileCommand({ UserName }),
    });
  }
  for (const AccessKeyId of (credential.attributes?.activeAccessKeyIds ?? '').split(' ').filter(Boolean)) {
    calls.push({
      apiCall: `iam:UpdateAccessKey UserName=${UserName} AccessKeyId=${AccessKeyId} Status=Inactive`,
      command: new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' }),
    });
  }
  return calls;
}

/** Runs the step's calls in order; a dry run makes none. Rerunning after a failure is safe. */
export async function revokeLeaverUser(
  client: () => Promise<IAMClient>,
  credential: Credential,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  const calls = leaverUserCalls(credential);
  const apiCall = calls.map((call) => call.apiCall).join('; ');
  if (calls.length === 0)
    return {
      outcome: 'already-revoked',
      apiCall: '(none)',
      detail: 'the scan saw no console password and no active access key',
    };
  if (options.dryRun) return { outcome: 'planned', apiCall };
  const iam = await client();
  const gone: string[] = [];
  for (const call of calls) {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the two commands have their own input/output types
      await iam.send(call.command as any, { abortSignal: options.signal });
    } catch (error) {
      if (!isNoSuchEntity(error))
        throw awsFailure(call.apiCall.split(' ')[0]!.replace(':', '.'), credential.account, error);
      gone.push(call.apiCall.split(' ')[0]!);
    }
  }
  if (gone.length === calls.length) return { outcome: 'already-revoked', apiCall, detail: 'NoSuchEntity' };
  return {
    outcome: 'revoked',
    apiCall,
    ...(gone.length > 0 ? { detail: `already gone (NoSuchEntity): ${gone.join(', ')}` } : {}),
  };
}

/** Usable (and existing, as access) while the login profile exists or any access key is Active. */
export async function verifyLeaverUser(
  client: IAMClient,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const UserName = credential.principalName ?? credential.externalId;
  try {
    let password = true;
    try {
      await client.send(new GetLoginProfileCommand({ UserName }), { abortSignal: signal });
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
      password = false;
    }
    const active: string[] = [];
    for await (const page of paginateListAccessKeys(
      { client, pageSize: 100 },
      { UserName },
      { abortSignal: signal },
    )) {
      for (const key of page.AccessKeyMetadata ?? [])
        if (key.Status === 'Active' && key.AccessKeyId) active.push(key.AccessKeyId);
    }
    const usable = password || active.length > 0;
    return {
      usable,
      exists: usable,
      detail: usable
        ? [
            password ? 'login profile exists' : '',
            active.length > 0 ? `active keys: ${active.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')
        : 'no console password and no active access key',
    };
  } catch (error) {
    // The user itself is gone: no access through it remains.
    if (isNoSuchEntity(error)) return { usable: false, exists: false, detail: 'NoSuchEntity' };
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${(error as Error).name}` };
  }
}
