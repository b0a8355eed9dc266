/**
 * Revokes exactly the credential named, and re-reads it for verification:
 * - API token: delete (DELETE /api/v1/api-tokens/{id}; irreversible, Okta has no disable);
 * - client secret / JSON Web Key of an app: disable (POST …/{id}/lifecycle/deactivate, reversible
 *   by activating it again), then delete (DELETE …/{id}; Okta deletes only an inactive one).
 * 404 means already revoked. A dry run makes no call and only names the exact one.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeOptions, RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { OktaClients } from './clients.js';
import { describeOktaError, isNotFound, oktaFailure } from './errors.js';
import { API_TOKEN_KIND, CLIENT_JWK_KIND, CLIENT_SECRET_KIND } from './kinds.js';

type Client = ReturnType<OktaClients['client']>;

interface Target {
  kind: string;
  /** The app of a secret or key; absent for an API token. */
  appId?: string;
  id: string;
  path: string;
}

/** The provider object a credential names, from its kind and `externalId` (`id` or `appId/id`). */
function targetOf(credential: Credential): Target {
  const parts = credential.externalId.split('/');
  if (credential.kind === API_TOKEN_KIND && parts.length === 1 && parts[0])
    return { kind: API_TOKEN_KIND, id: parts[0], path: `/api/v1/api-tokens/${parts[0]}` };
  const [appId, id] = parts;
  if (
    (credential.kind === CLIENT_SECRET_KIND || credential.kind === CLIENT_JWK_KIND) &&
    appId &&
    id &&
    parts.length === 2
  ) {
    const collection = credential.kind === CLIENT_SECRET_KIND ? 'secrets' : 'jwks';
    return {
      kind: credential.kind,
      appId,
      id,
      path: `/api/v1/apps/${appId}/credentials/${collection}/${id}`,
    };
  }
  throw new Error(`okta: ${credential.uid} is not an API token, client secret or key this plugin listed`);
}

export function revocationSteps(credential: Credential): RevokeStep[] {
  return credential.kind === API_TOKEN_KIND ? ['delete'] : ['disable', 'delete'];
}

interface Call {
  apiCall: string;
  send(client: Client): Promise<unknown>;
}

function plan(credential: Credential, step: RevokeStep): Call {
  const target = targetOf(credential);
  const keys = (client: Client) => client.applicationSSOPublicKeysApi;
  const appId = target.appId ?? '';
  if (step === 'delete') {
    const apiCall = `DELETE ${target.path}`;
    if (target.kind === API_TOKEN_KIND)
      return { apiCall, send: (client) => client.apiTokenApi.revokeApiToken({ apiTokenId: target.id }) };
    if (target.kind === CLIENT_SECRET_KIND)
      return {
        apiCall,
        send: (client) => keys(client).deleteOAuth2ClientSecret({ appId, secretId: target.id }),
      };
    return { apiCall, send: (client) => keys(client).deletejwk({ appId, keyId: target.id }) };
  }
  if (step === 'disable' && target.kind !== API_TOKEN_KIND) {
    const apiCall = `POST ${target.path}/lifecycle/deactivate`;
    if (target.kind === CLIENT_SECRET_KIND)
      return {
        apiCall,
        send: (client) => keys(client).deactivateOAuth2ClientSecret({ appId, secretId: target.id }),
      };
    return {
      apiCall,
      send: (client) => keys(client).deactivateOAuth2ClientJsonWebKey({ appId, keyId: target.id }),
    };
  }
  throw new Error(
    `okta: step ${step} is not supported for ${credential.kind}; expected ${revocationSteps(credential).join(' then ')}`,
  );
}

export async function revokeCredential(
  clients: OktaClients,
  credential: Credential,
  step: RevokeStep,
  options: RevokeOptions,
): Promise<RevokeResult> {
  const call = plan(credential, step);
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await call.send(clients.client(options.signal, 'revoke'));
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNotFound(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: '404 E0000007' };
    throw oktaFailure(call.apiCall, clients.host, error);
  }
}

/** Re-reads the credential: a token is usable until its expiresAt; a secret or key while ACTIVE. */
export async function verifyCredential(
  clients: OktaClients,
  credential: Credential,
  signal: AbortSignal,
  now: Date,
): Promise<VerifyResult> {
  const target = targetOf(credential);
  const client = clients.client(signal, 'revoke');
  const keys = client.applicationSSOPublicKeysApi;
  const appId = target.appId ?? '';
  try {
    if (target.kind === API_TOKEN_KIND) {
      const token = await client.apiTokenApi.getApiToken({ apiTokenId: target.id });
      const expires = token.expiresAt ? new Date(token.expiresAt) : undefined;
      if (expires && expires.getTime() <= now.getTime())
        return { usable: false, exists: true, detail: `expired at ${expires.toISOString()}` };
      return { usable: true, exists: true, detail: `GET ${target.path} answers the token` };
    }
    const item =
      target.kind === CLIENT_SECRET_KIND
        ? await keys.getOAuth2ClientSecret({ appId, secretId: target.id })
        : await keys.getJwk({ appId, keyId: target.id });
    const status = (item as { status?: string }).status;
    return { usable: status === 'ACTIVE', exists: true, detail: `status ${status ?? 'not given'}` };
  } catch (error) {
    if (isNotFound(error)) return { usable: false, exists: false, detail: '404 E0000007' };
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeOktaError(error)}` };
  }
}
