/**
 * The client credentials grant: checks the form MSAL posts (client_secret_post, or
 * client_secret_basic) against the tenant's client and answers an access token for Microsoft
 * Graph, or the AADSTS error Entra answers for the same mistake.
 */
import { createHash } from 'node:crypto';
import type { EntraTenantEstate } from './estate.js';
import {
  accessTokenClaims,
  GRAPH_APP_ID,
  GRAPH_AUDIENCE,
  signAccessToken,
  TOKEN_LIFETIME_SECONDS,
} from './jwt.js';
import type { SigningKey } from './keys.js';
import {
  invalidClientSecret,
  missingClientSecret,
  missingParameter,
  resourceNotFound,
  scopeNotDefault,
  unknownClient,
  unsupportedGrantType,
} from './sts-errors.js';

/** The 200 body of the token endpoint for the client credentials grant. */
export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_RESOURCES = new Set([GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID]);

/** `client_secret_basic`: `Authorization: Basic base64(urlencoded id ":" urlencoded secret)`. */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined {
  const encoded = /^basic\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

/** The object id of the client's service principal (the `oid` of its tokens). */
function clientObjectId(tenant: EntraTenantEstate): { id: string; displayName?: string } {
  const { clientId } = tenant.client;
  const sp = tenant.servicePrincipals.find((candidate) => candidate.servicePrincipal.appId === clientId);
  if (sp) return { id: sp.servicePrincipal.id, displayName: sp.servicePrincipal.displayName };
  const app = tenant.applications.find((candidate) => candidate.application.appId === clientId);
  const hex = createHash('sha256').update(`${tenant.tenantId}/${clientId}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { id, ...(app ? { displayName: app.application.displayName } : {}) };
}

function isKnownApp(tenant: EntraTenantEstate, clientId: string): boolean {
  const id = clientId.toLowerCase();
  return (
    tenant.client.clientId.toLowerCase() === id ||
    tenant.applications.some((app) => app.application.appId.toLowerCase() === id) ||
    tenant.servicePrincipals.some((sp) => sp.servicePrincipal.appId.toLowerCase() === id)
  );
}

function checkScope(tenant: EntraTenantEstate, raw: string): void {
  const scopes = raw.split(/\s+/).filter((scope) => scope !== '' && !OIDC_SCOPES.has(scope));
  if (scopes.length === 0) throw missingParameter('scope');
  for (const scope of scopes) {
    if (!scope.endsWith('/.default')) throw scopeNotDefault(scope);
    const resource = scope.slice(0, -'/.default'.length);
    if (!GRAPH_RESOURCES.has(resource)) throw resourceNotFound(resource, tenant.domain);
  }
}

export function issueToken(
  tenant: EntraTenantEstate,
  form: URLSearchParams,
  authorization: string | undefined,
  key: SigningKey,
  now: number,
): TokenResponse {
  const grantType = form.get('grant_type');
  if (!grantType) throw missingParameter('grant_type');
  if (grantType !== 'client_credentials') throw unsupportedGrantType();
  const basic = basicCredentials(authorization);
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId) throw missingParameter('client_id');
  if (!isKnownApp(tenant, clientId)) throw unknownClient(clientId, tenant.domain);
  const secret = form.get('client_secret') ?? basic?.secret;
  if (!secret) throw missingClientSecret();
  if (
    clientId.toLowerCase() !== tenant.client.clientId.toLowerCase() ||
    secret !== tenant.client.clientSecret
  ) {
    throw invalidClientSecret(clientId);
  }
  checkScope(tenant, form.get('scope') ?? '');
  const principal = clientObjectId(tenant);
  const claims = accessTokenClaims({
    tenantId: tenant.tenantId,
    clientId: tenant.client.clientId,
    objectId: principal.id,
    ...(principal.displayName ? { displayName: principal.displayName } : {}),
    roles: tenant.client.roles,
    now,
  });
  return {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: signAccessToken(claims, key),
  };
}
