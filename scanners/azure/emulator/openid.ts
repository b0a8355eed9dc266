/**
 * The documents MSAL reads before it asks for a token: a tenant's OpenID Connect discovery
 * document (v2.0, shaped as Entra serves it, with every endpoint on the emulator) and the JWKS
 * holding the key access tokens are signed with.
 */
import type { SigningJwk } from './keys.js';

/** `common` and `organizations` answer the multi-tenant document, with the `{tenantid}` template. */
export const MULTI_TENANT = new Set(['common', 'organizations']);

export interface OpenIdConfiguration {
  token_endpoint: string;
  token_endpoint_auth_methods_supported: string[];
  jwks_uri: string;
  response_modes_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
  response_types_supported: string[];
  scopes_supported: string[];
  issuer: string;
  request_uri_parameter_supported: boolean;
  userinfo_endpoint: string;
  authorization_endpoint: string;
  device_authorization_endpoint: string;
  http_logout_supported: boolean;
  frontchannel_logout_supported: boolean;
  end_session_endpoint: string;
  claims_supported: string[];
  kerberos_endpoint: string;
  tenant_region_scope: string | null;
  cloud_instance_name: string;
  cloud_graph_host_name: string;
  msgraph_host: string;
  rbac_url: string;
}

/** `tenant` is a tenant id, or `common` / `organizations`. */
export function openIdConfiguration(origin: string, tenant: string): OpenIdConfiguration {
  const base = `${origin}/${tenant}`;
  const multiTenant = MULTI_TENANT.has(tenant);
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // MSAL accepts an issuer on the authority's own scheme, host and port; it fills {tenantid} in.
    issuer: multiTenant ? `${origin}/{tenantid}/v2.0` : `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: multiTenant ? null : 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export interface JsonWebKeySet {
  keys: SigningJwk[];
}

/** The issuer each key names, as Entra's JWKS does (`{tenantid}` left as a template). */
export const jwks = (origin: string, jwk: (issuer: string) => SigningJwk): JsonWebKeySet => ({
  keys: [jwk(`${origin}/{tenantid}/v2.0`)],
});
