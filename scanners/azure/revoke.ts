/**
 * Revokes exactly the credential named, and re-reads it for verification.
 * - disable-principal: PATCH the app's service principal `accountEnabled: false` (reversible, but
 *   it stops every credential of the app in this tenant, so the queue always asks for approval);
 * - delete a client secret: `removePassword {keyId}` on the object that holds it;
 * - delete a certificate: PATCH the holder's keyCredentials without it (removeKey would need a
 *   proof-of-possession token signed with one of the app's own keys, which nhiscan never holds);
 * - disable and revoke-sessions of a leaver's own Entra user: revoke-user.ts;
 * - manual: a SAML token-signing certificate, which a person rotates; any other step is refused.
 * A client secret or certificate of an app with SAML single sign-on is only ever deleted:
 * disable-principal would stop every user's sign-in to the app, so it is refused for it.
 * 404 means already revoked. A dry run makes no call and names the exact one.
 */
import type { Application } from '@microsoft/microsoft-graph-types';
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import { azureFailure, describeError, isGraphStatus } from './errors.js';
import type { GraphCall } from './graph-call.js';
import type { GraphClient } from './graph-client.js';
import { isUserAccount, planUserStep, userAccountSteps, verifyUserAccount } from './revoke-user.js';
import { isTokenSigningCredential, rotateInstructions } from './token-signing.js';
import { type AzureCredentialKind, parseHolder, SAML_SINGLE_SIGN_ON_ATTRIBUTE } from './transform.js';

type Call = GraphCall;

const collectionOf = (type: 'application' | 'service-principal') =>
  type === 'application' ? 'applications' : 'servicePrincipals';

function holderOf(credential: Credential) {
  const holder = parseHolder(credential.principalUid);
  if (!holder) throw new Error(`azure: ${credential.uid} is not a credential this plugin listed`);
  return { ...holder, path: `${collectionOf(holder.type)}(appId='${holder.appId}')` };
}

/**
 * A client secret or (non token-signing) certificate of an app whose service principal uses SAML
 * single sign-on (`preferredSingleSignOnMode: saml`).
 */
export const isSamlAppCredential = (credential: Credential) =>
  (credential.kind === 'client-secret' || credential.kind === 'certificate') &&
  credential.attributes?.[SAML_SINGLE_SIGN_ON_ATTRIBUTE] === 'saml' &&
  !isTokenSigningCredential(credential);

const KIND_NAMES: Record<string, string> = { 'client-secret': 'client secret', certificate: 'certificate' };

function plan(credential: Credential, step: RevokeStep): Call {
  const kind = credential.kind as AzureCredentialKind;
  const keyId = credential.externalId;
  if (isUserAccount(credential)) return planUserStep(credential, step);
  const holder = holderOf(credential);
  if (isTokenSigningCredential(credential)) {
    // Removing it, or disabling its service principal, stops every user signing in to the app.
    if (step !== 'manual')
      throw new Error(
        `azure: ${credential.uid} is a SAML token-signing certificate: step ${step} is refused; it is rotated by hand (manual)`,
      );
    return {
      apiCall: 'manual',
      manualTask: rotateInstructions(credential),
      send: async () => undefined,
    };
  }
  if (step === 'disable-principal') {
    if (isSamlAppCredential(credential))
      throw new Error(
        `azure: ${credential.uid} is a ${KIND_NAMES[kind]} of ${credential.principalName ?? holder.appId}, which uses SAML single sign-on: step disable-principal is refused (it would stop every user signing in to the app); use delete`,
      );
    const path = `servicePrincipals(appId='${holder.appId}')`;
    return {
      apiCall: `PATCH /v1.0/${path} {"accountEnabled":false}`,
      send: (graph, signal) => graph.request('PATCH', path, { body: { accountEnabled: false }, signal }),
    };
  }
  if (step !== 'delete')
    throw new Error(`azure: step ${step} is not supported; use disable-principal or delete`);
  if (kind === 'client-secret') {
    const path = `${holder.path}/removePassword`;
    return {
      apiCall: `POST /v1.0/${path} {"keyId":"${keyId}"}`,
      send: (graph, signal) => graph.request('POST', path, { body: { keyId }, signal }),
    };
  }
  return {
    apiCall: `PATCH /v1.0/${holder.path} keyCredentials without ${keyId}`,
    send: async (graph, signal) => {
      const current = await graph.request<Application>('GET', holder.path, {
        query: { $select: 'keyCredentials' },
        signal,
      });
      const keys = current?.keyCredentials ?? [];
      if (!keys.some((key) => key.keyId === keyId)) throw new AlreadyGone();
      return graph.request('PATCH', holder.path, {
        body: { keyCredentials: keys.filter((key) => key.keyId !== keyId) },
        signal,
      });
    },
  };
}

class AlreadyGone extends Error {}

export function revocationSteps(credential: Credential): RevokeStep[] {
  if (isUserAccount(credential)) return userAccountSteps(credential);
  // A SAML token-signing certificate is rotated by a person, with the app's service provider.
  if (isTokenSigningCredential(credential)) return ['manual'];
  // Disabling a SAML app's service principal stops single sign-on for all its users: remove the one credential.
  if (isSamlAppCredential(credential)) return ['delete'];
  // Entra has no per-secret disable: the reversible step stops the whole service principal.
  return ['disable-principal', 'delete'];
}

async function credentialIsGone(
  graph: GraphClient,
  credential: Credential,
  signal: AbortSignal,
): Promise<boolean> {
  const holder = holderOf(credential);
  try {
    const current = await graph.request<Application>('GET', holder.path, {
      query: { $select: 'passwordCredentials,keyCredentials' },
      signal,
    });
    const all = [...(current?.passwordCredentials ?? []), ...(current?.keyCredentials ?? [])];
    return !all.some((entry) => entry.keyId === credential.externalId);
  } catch (error) {
    return isGraphStatus(error, 404);
  }
}

export async function revokeCredential(
  graph: () => GraphClient,
  credential: Credential,
  step: RevokeStep,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  const call = plan(credential, step);
  if (call.manualTask)
    return {
      outcome: options.dryRun ? 'planned' : 'waiting-for-human',
      apiCall: call.apiCall,
      manualTask: { instructions: call.manualTask },
    };
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await call.send(graph(), options.signal);
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (error instanceof AlreadyGone)
      return {
        outcome: 'already-revoked',
        apiCall: call.apiCall,
        detail: 'no such certificate on the holder',
      };
    if (isGraphStatus(error, 404)) {
      const detail =
        step === 'disable-principal'
          ? '404: the app has no service principal in this tenant'
          : '404 Request_ResourceNotFound';
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail };
    }
    // Removing a secret that is already gone answers 400: a re-read decides.
    if (
      step === 'delete' &&
      isGraphStatus(error, 400) &&
      (await credentialIsGone(graph(), credential, options.signal))
    )
      return {
        outcome: 'already-revoked',
        apiCall: call.apiCall,
        detail: `${describeError(error)}; a re-read found no such credential`,
      };
    throw azureFailure(call.apiCall, credential.account, error);
  }
}

export async function verifyCredential(
  graph: GraphClient,
  credential: Credential,
  signal: AbortSignal,
  asOf: Date,
): Promise<VerifyResult> {
  try {
    if (isUserAccount(credential)) return await verifyUserAccount(graph, credential, signal);
    const holder = holderOf(credential);
    const current = await graph.request<Application>('GET', holder.path, {
      query: { $select: 'passwordCredentials,keyCredentials' },
      signal,
    });
    const entry = [...(current?.passwordCredentials ?? []), ...(current?.keyCredentials ?? [])].find(
      (candidate) => candidate.keyId === credential.externalId,
    );
    if (!entry) return { usable: false, exists: false, detail: 'credential no longer on its holder' };
    if (entry.endDateTime && new Date(entry.endDateTime) <= asOf)
      return { usable: false, exists: true, detail: `expired at ${entry.endDateTime}` };
    try {
      const sp = await graph.request<{ accountEnabled?: boolean }>(
        'GET',
        `servicePrincipals(appId='${holder.appId}')`,
        {
          query: { $select: 'accountEnabled' },
          signal,
        },
      );
      if (sp?.accountEnabled === false)
        return { usable: false, exists: true, detail: 'service principal disabled' };
    } catch (error) {
      if (!isGraphStatus(error, 404)) throw error;
    }
    return { usable: true, exists: true, detail: 'credential present, service principal enabled' };
  } catch (error) {
    if (isGraphStatus(error, 404))
      return { usable: false, exists: false, detail: '404 Request_ResourceNotFound' };
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeError(error)}` };
  }
}
