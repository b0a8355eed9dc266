/**
 * Revokes exactly the key named, and re-reads it for verification.
 * - disable: keys.disable (reversible; only this key stops working);
 * - disable-principal: serviceAccounts.disable, when `disableServiceAccount` is on (reversible, but
 *   stops every key and workload of the account, so the queue always asks for approval);
 * - delete: keys.delete (irreversible).
 * 404 means already revoked. The executor decides dry-run, approvals and guards; a dry run here
 * makes no call and only names the exact one. A leaver's `iam-binding` (a person's own access) is
 * revoke-binding.ts's: one `delete` step, removing the member from the project policy.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { GcpClients } from './clients.js';
import { describeGoogleError, gcpFailure, isFailedPrecondition, isNotFound } from './errors.js';
import { IAM_BINDING_KIND } from './leaver-bindings.js';
import type { GcpOptions } from './options.js';
import { revokeBinding, verifyBinding } from './revoke-binding.js';

interface Call {
  /** `POST /v1/projects/p/serviceAccounts/e/keys/k:disable`: what the result and the audit log show. */
  apiCall: string;
  send(clients: GcpClients, signal: AbortSignal): Promise<unknown>;
}

function names(credential: Credential) {
  if (credential.kind !== 'service-account-key' || !credential.principalName)
    throw new Error(`gcp: ${credential.uid} is not a service account key this plugin listed`);
  const account = `projects/${credential.account}/serviceAccounts/${credential.principalName}`;
  return { account, key: `${account}/keys/${credential.externalId}` };
}

function plan(credential: Credential, step: RevokeStep): Call {
  const { account, key } = names(credential);
  switch (step) {
    case 'disable':
      return {
        apiCall: `POST /v1/${key}:disable`,
        send: (clients, signal) =>
          clients.iam.projects.serviceAccounts.keys.disable({ name: key, requestBody: {} }, { signal }),
      };
    case 'disable-principal':
      return {
        apiCall: `POST /v1/${account}:disable`,
        send: (clients, signal) =>
          clients.iam.projects.serviceAccounts.disable({ name: account, requestBody: {} }, { signal }),
      };
    case 'delete':
      return {
        apiCall: `DELETE /v1/${key}`,
        send: (clients, signal) =>
          clients.iam.projects.serviceAccounts.keys.delete({ name: key }, { signal }),
      };
    default:
      throw new Error(`gcp: step ${step} is not supported; use disable, disable-principal or delete`);
  }
}

/**
 * A key: disable it, then (when configured) the whole service account, then delete the key. A
 * user binding: remove the member (one irreversible step).
 */
export function revocationSteps(options: GcpOptions): (credential: Credential) => RevokeStep[] {
  return (credential) => {
    if (credential.kind === IAM_BINDING_KIND) return ['delete'];
    return options.disableServiceAccount ? ['disable', 'disable-principal', 'delete'] : ['disable', 'delete'];
  };
}

export async function revokeCredential(
  clients: () => GcpClients,
  credential: Credential,
  step: RevokeStep,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  if (credential.kind === IAM_BINDING_KIND) return revokeBinding(clients, credential, step, options);
  const call = plan(credential, step);
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await call.send(clients(), options.signal);
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNotFound(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: '404 NOT_FOUND' };
    // IAM has been seen answering 400 FAILED_PRECONDITION to deleting a key that is already gone:
    // only a re-read that finds no key makes that "already revoked".
    if (
      step === 'delete' &&
      isFailedPrecondition(error) &&
      (await keyIsGone(clients(), credential, options.signal))
    )
      return {
        outcome: 'already-revoked',
        apiCall: call.apiCall,
        detail: `${describeGoogleError(error)}; a re-read found no such key`,
      };
    throw gcpFailure(call.apiCall, credential.account, error);
  }
}

async function keyIsGone(clients: GcpClients, credential: Credential, signal: AbortSignal): Promise<boolean> {
  try {
    await clients.iam.projects.serviceAccounts.keys.get({ name: names(credential).key }, { signal });
    return false;
  } catch (error) {
    return isNotFound(error);
  }
}

/**
 * Re-reads the key (keys.get) and its service account (serviceAccounts.get): usable while the key
 * exists, is enabled, has not expired, and its account is enabled.
 */
export async function verifyCredential(
  clients: GcpClients,
  credential: Credential,
  signal: AbortSignal,
  asOf: Date,
): Promise<VerifyResult> {
  if (credential.kind === IAM_BINDING_KIND) return verifyBinding(clients, credential, signal);
  const { account, key } = names(credential);
  try {
    const { data } = await clients.iam.projects.serviceAccounts.keys.get({ name: key }, { signal });
    if (data.disabled)
      return {
        usable: false,
        exists: true,
        detail: `key disabled (${data.disableReason ?? 'no reason given'})`,
      };
    if (data.validBeforeTime && new Date(data.validBeforeTime) <= asOf)
      return { usable: false, exists: true, detail: `key expired at ${data.validBeforeTime}` };
    const holder = await clients.iam.projects.serviceAccounts.get({ name: account }, { signal });
    if (holder.data.disabled)
      return { usable: false, exists: true, detail: 'key enabled, service account disabled' };
    return { usable: true, exists: true, detail: 'key and service account enabled' };
  } catch (error) {
    if (isNotFound(error)) return { usable: false, exists: false, detail: '404 NOT_FOUND' };
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeGoogleError(error)}` };
  }
}
