/**
 * The Entra emulator through the real @azure/identity ClientSecretCredential (MSAL over HTTPS,
 * trusting the emulator's CA) for tokens and raw fetch for Graph: token issuance and the AADSTS
 * errors, TLS trust, discovery, paging, $select, secrets never served, owners, app role
 * assignments, revocation that shows on the next read, users, the beta report, and the errors a
 * scanner must handle (401, 403, 404, 400, 405, 429, 503), all asserted as exact payloads.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { ClientSecretCredential } from '@azure/identity';
import type { AppRole, AppRoleAssignment } from '@microsoft/microsoft-graph-types';
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureEstate, EntraTenantEstate } from '../../../scanners/azure/emulator/estate.js';
import {
  type AzureEmulator,
  type AzureEmulatorOptions,
  type AzureRequestLogEntry,
  startAzureEmulator,
} from '../../../scanners/azure/emulator/index.js';
import {
  accessTokenClaims,
  checkAccessToken,
  signAccessToken,
} from '../../../scanners/azure/emulator/jwt.js';
import { signingKey } from '../../../scanners/azure/emulator/keys.js';

const TENANT = '7c1d2e3f-0a1b-4c2d-8e3f-000000000001';
const READER_TENANT = '7c1d2e3f-0a1b-4c2d-8e3f-000000000002';
const CLIENT_ID = 'c0000000-0000-4000-8000-000000000001';
const READER_CLIENT_ID = 'c0000000-0000-4000-8000-000000000002';
const CLIENT_SECRET = 'emulated-client-secret-not-real-1';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_SP = '9a000000-0000-4000-8000-000000000001';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const PLANTED_SECRET = 'planted-secret-text-never-served';
const PLANTED_KEY = 'ZmFrZS1jZXJ0aWZpY2F0ZS1ub3QtcmVhbA==';

const ROLE = {
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
} as const;

const id = (kind: string, n: number) =>
  `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const appObject = (n: number) => id('a1', n);
const appId = (n: number) => id('a2', n);
const spObject = (n: number) => id('b1', n);
const ANN = id('e1', 1);
const BOB = id('e1', 2);
const SECRET_1 = id('d1', 1);
const SECRET_2 = id('d1', 2);
const SP_SECRET = id('d1', 3);
const CERT_1 = id('d2', 1);
const CERT_2 = id('d2', 2);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRAPH_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

const appRoles: AppRole[] = Object.entries(ROLE).map(([value, roleId]) => ({
  id: roleId,
  value,
  displayName: value,
  description: `Allows the app to ${value}.`,
  allowedMemberTypes: ['Application'],
  isEnabled: true,
  origin: 'Application',
}));

const assignment = (n: number, role: keyof typeof ROLE): AppRoleAssignment => ({
  id: id('f1', n),
  appRoleId: ROLE[role],
  createdDateTime: '2024-02-01T10:00:00Z',
  principalDisplayName: 'Deployer',
  principalId: spObject(1),
  principalType: 'ServicePrincipal',
  resourceDisplayName: 'Microsoft Graph',
  resourceId: GRAPH_SP,
});

function tenant(): EntraTenantEstate {
  return {
    tenantId: TENANT,
    domain: 'acme.onmicrosoft.com',
    client: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      roles: ['Application.ReadWrite.All', 'User.Read.All', 'User.RevokeSessions.All', 'AuditLog.Read.All'],
    },
    users: [
      {
        id: ANN,
        userPrincipalName: 'ann@acme.onmicrosoft.com',
        mail: 'ann@acme.example',
        displayName: 'Ann Archer',
        givenName: 'Ann',
        surname: 'Archer',
        jobTitle: 'Platform lead',
        accountEnabled: true,
      },
      {
        id: BOB,
        userPrincipalName: 'bob@acme.onmicrosoft.com',
        mail: 'bob@acme.example',
        displayName: 'Bob Baker',
        accountEnabled: false,
        signInSessionsValidFromDateTime: '2024-01-01T00:00:00Z',
      },
    ],
    applications: [
      {
        application: {
          id: appObject(1),
          appId: appId(1),
          displayName: 'Deployer',
          signInAudience: 'AzureADMyOrg',
          passwordCredentials: [
            {
              keyId: SECRET_1,
              displayName: 'ci',
              hint: 'Q~1',
              secretText: PLANTED_SECRET,
              startDateTime: '2024-01-10T09:00:00Z',
              endDateTime: '2026-01-10T09:00:00Z',
            },
            {
              keyId: SECRET_2,
              displayName: 'old',
              hint: 'Q~2',
              startDateTime: '2023-01-10T09:00:00Z',
              endDateTime: '2025-01-10T09:00:00Z',
            },
          ],
          keyCredentials: [
            {
              keyId: CERT_1,
              displayName: 'CN=deployer-2024',
              type: 'AsymmetricX509Cert',
              usage: 'Verify',
              key: PLANTED_KEY,
              customKeyIdentifier: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
              startDateTime: '2024-03-01T00:00:00Z',
              endDateTime: '2025-03-01T00:00:00Z',
            },
            {
              keyId: CERT_2,
              displayName: 'CN=deployer-2025',
              type: 'AsymmetricX509Cert',
              usage: 'Verify',
              startDateTime: '2025-03-01T00:00:00Z',
              endDateTime: '2026-03-01T00:00:00Z',
            },
          ],
        },
        owners: [
          { userId: ANN },
          { servicePrincipalId: spObject(2) },
          { userId: 'e1000000-0000-4000-8000-0000000000ff' },
        ],
      },
      ...[2, 3, 4, 5].map((n) => ({
        application: {
          id: appObject(n),
          appId: appId(n),
          displayName: `Tool ${n}`,
          passwordCredentials: [],
          keyCredentials: [],
        },
        owners: n === 2 ? [{ userId: BOB }] : [],
      })),
    ],
    servicePrincipals: [
      {
        servicePrincipal: {
          id: spObject(1),
          appId: appId(1),
          displayName: 'Deployer',
          accountEnabled: true,
          servicePrincipalType: 'Application',
          passwordCredentials: [],
          keyCredentials: [],
        },
        owners: [{ userId: ANN }],
        appRoleAssignments: [
          assignment(1, 'Application.ReadWrite.All'),
          assignment(2, 'AuditLog.Read.All'),
          assignment(3, 'RoleManagement.ReadWrite.Directory'),
        ],
      },
      {
        servicePrincipal: {
          id: spObject(2),
          appId: appId(2),
          displayName: 'Tool 2',
          accountEnabled: true,
          servicePrincipalType: 'Application',
          passwordCredentials: [
            {
              keyId: SP_SECRET,
              displayName: 'sp secret',
              hint: 'sp~',
              secretText: PLANTED_SECRET,
              endDateTime: '2026-06-01T00:00:00Z',
            },
          ],
          keyCredentials: [],
        },
        owners: [],
        appRoleAssignments: [],
      },
    ],
    graphServicePrincipal: { id: GRAPH_SP, appId: GRAPH_APP_ID, appRoles },
    signInActivities: [1, 2, 3].map((n) => ({
      id: id('f2', n),
      appId: appId(1),
      appObjectId: appObject(1),
      keyId: n === 3 ? CERT_1 : n === 1 ? SECRET_1 : SECRET_2,
      keyType: n === 3 ? 'certificate' : 'clientSecret',
      keyUsage: 'verify',
      credentialOrigin: 'application',
      servicePrincipalObjectId: spObject(1),
      resourceId: GRAPH_SP,
      signInActivity: { lastSignInDateTime: `2025-05-0${n}T08:00:00Z`, lastSignInRequestId: id('f3', n) },
    })),
  };
}

/** A second tenant whose client may only read applications. */
function readerTenant(): EntraTenantEstate {
  return {
    ...tenant(),
    tenantId: READER_TENANT,
    domain: 'reader.onmicrosoft.com',
    client: { clientId: READER_CLIENT_ID, clientSecret: CLIENT_SECRET, roles: ['Application.Read.All'] },
  };
}

const estate = (): AzureEstate => ({ tenants: [tenant(), readerTenant()] });

let emulator: AzureEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Partial<AzureEmulatorOptions> = {}): Promise<AzureEmulator> {
  emulator = await startAzureEmulator({ estate: estate(), ...options });
  return emulator;
}

/** The credential a scanner builds for the emulator. */
function credential(running: AzureEmulator, tenantId = TENANT, clientId = CLIENT_ID, secret = CLIENT_SECRET) {
  return new ClientSecretCredential(tenantId, clientId, secret, {
    authorityHost: running.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: running.caCertificatePem },
  });
}

async function tokenOf(running: AzureEmulator, tenantId = TENANT, clientId = CLIENT_ID): Promise<string> {
  const token = await credential(running, tenantId, clientId).getToken(GRAPH_SCOPE);
  return token.token;
}

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function graph(
  running: AzureEmulator,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const url = path.startsWith('http') ? path : `${running.graphEndpoint}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** HTTPS to the token endpoint (fetch cannot be given a CA); `ca: undefined` trusts only the system. */
function https(
  url: string,
  options: { method?: string; form?: Record<string, string>; ca?: string | undefined },
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const request = httpsRequest(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        headers: payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));

const innerError = {
  date: expect.stringMatching(GRAPH_DATE),
  'request-id': expect.stringMatching(GUID),
  'client-request-id': expect.stringMatching(GUID),
};
const graphError = (code: string, message: string) => ({ error: { code, message, innerError } });

const stsError = (error: string, code: number, description: string) => ({
  error,
  error_description: expect.stringMatching(
    new RegExp(
      `^${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
    ),
  ),
  error_codes: [code],
  timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
  trace_id: expect.stringMatching(GUID),
  correlation_id: expect.stringMatching(GUID),
  error_uri: `${emulator!.authorityHost}/error?code=${code}`,
});

const tokenLog = (running: AzureEmulator) =>
  running.requestLog
    .filter((entry) => entry.server === 'token')
    .map((entry) => `${entry.method} ${entry.path} ${entry.operation} ${entry.status}`);

describe('token endpoint', () => {
  it('issues a signed Graph token to ClientSecretCredential after OpenID discovery', async () => {
    const running = await start();
    const before = Math.floor(Date.now() / 1000);
    const token = await credential(running).getToken(GRAPH_SCOPE);
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500_000);
    const claims = claimsOf(token.token);
    expect(claims).toEqual({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${TENANT}/`,
      iat: expect.any(Number),
      nbf: claims.iat,
      exp: claims.iat + 3599,
      appid: CLIENT_ID,
      appidacr: '1',
      idp: `https://sts.windows.net/${TENANT}/`,
      idtyp: 'app',
      oid: expect.stringMatching(GUID),
      roles: ['Application.ReadWrite.All', 'User.Read.All', 'User.RevokeSessions.All', 'AuditLog.Read.All'],
      sub: claims.oid,
      tid: TENANT,
      uti: expect.any(String),
      ver: '1.0',
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    // The signature verifies against the published JWKS.
    const jwks = await https(`${running.authorityHost}/${TENANT}/discovery/v2.0/keys`, {
      ca: running.caCertificatePem,
    });
    const { keys } = jwks.body as { keys: (JsonWebKey & { kid: string })[] };
    const header = headerOf(token.token);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', x5t: keys[0]!.kid, kid: keys[0]!.kid });
    const [head, body, signature] = token.token.split('.') as [string, string, string];
    const publicKey = createPublicKey({ key: keys[0]!, format: 'jwk' });
    expect(
      verify('sha256', Buffer.from(`${head}.${body}`), publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(tokenLog(running)).toEqual([
      `GET /${TENANT}/v2.0/.well-known/openid-configuration openid-configuration 200`,
      `POST /${TENANT}/oauth2/v2.0/token token 200`,
      `GET /${TENANT}/discovery/v2.0/keys jwks 200`,
    ]);
    const tokenEntry = running.requestLog.find((entry) => entry.operation === 'token')!;
    expect(tokenEntry).toEqual({
      server: 'token',
      method: 'POST',
      path: `/${TENANT}/oauth2/v2.0/token`,
      query: { 'client-request-id': expect.stringMatching(GUID) },
      status: 200,
      operation: 'token',
      tenantId: TENANT,
    });
    expect(JSON.stringify(running.requestLog)).not.toContain(CLIENT_SECRET);
  });

  it('names the oid and display name of the client service principal when the estate has one', async () => {
    const running = await startAzureEmulator({
      estate: { tenants: [{ ...tenant(), client: { ...tenant().client, clientId: appId(1) } }] },
    });
    emulator = running;
    const claims = claimsOf(await tokenOf(running, TENANT, appId(1)));
    expect(claims).toMatchObject({
      appid: appId(1),
      oid: spObject(1),
      sub: spObject(1),
      app_displayname: 'Deployer',
    });
  });

  it('refuses a wrong secret with AADSTS7000215 (401 invalid_client)', async () => {
    const running = await start();
    await expect(
      credential(running, TENANT, CLIENT_ID, 'wrong-secret').getToken(GRAPH_SCOPE),
    ).rejects.toThrow(/AADSTS7000215: Invalid client secret provided/);
    const reply = await https(`${running.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca: running.caCertificatePem,
      form: {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: 'wrong',
        scope: GRAPH_SCOPE,
      },
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.body).toEqual(
      stsError(
        'invalid_client',
        7000215,
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.`,
      ),
    );
  });

  it('answers the AADSTS errors of an unknown tenant, an unknown client and a scope without /.default', async () => {
    const running = await start();
    const post = (tenantRef: string, form: Record<string, string>) =>
      https(`${running.authorityHost}/${tenantRef}/oauth2/v2.0/token`, {
        ca: running.caCertificatePem,
        form,
      });
    const good = {
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: GRAPH_SCOPE,
    };
    const unknownTenant = await post('00000000-0000-4000-8000-00000000dead', good);
    expect(unknownTenant.status).toBe(400);
    expect(unknownTenant.body).toEqual(
      stsError(
        'invalid_request',
        90002,
        "AADSTS90002: Tenant '00000000-0000-4000-8000-00000000dead' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
      ),
    );
    const unknownClient = await post(TENANT, { ...good, client_id: 'c0000000-0000-4000-8000-0000000000ff' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.body).toEqual(
      stsError(
        'unauthorized_client',
        700016,
        "AADSTS700016: Application with identifier 'c0000000-0000-4000-8000-0000000000ff' was not found in the directory 'acme.onmicrosoft.com'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
      ),
    );
    const badScope = await post('acme.onmicrosoft.com', {
      ...good,
      scope: 'https://graph.microsoft.com/User.Read',
    });
    expect(badScope.status).toBe(400);
    expect((badScope.body as { error: string; error_codes: number[] }).error_codes).toEqual([1002012]);
    const otherResource = await post(TENANT, { ...good, scope: 'https://vault.azure.net/.default' });
    expect((otherResource.body as { error: string }).error).toBe('invalid_resource');
    const getToken = await https(`${running.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca: running.caCertificatePem,
    });
    expect(getToken.body).toEqual(
      stsError(
        'invalid_request',
        900561,
        'AADSTS900561: The endpoint only accepts POST, OPTIONS requests. Received a GET request.',
      ),
    );
  });

  it('is trusted only through its CA, whose certificate covers 127.0.0.1 and localhost', async () => {
    const running = await start();
    const untrusting = new ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET, {
      authorityHost: running.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(untrusting.getToken(GRAPH_SCOPE)).rejects.toThrow(/endpoints_resolution_error/);
    await expect(https(`${running.authorityHost}/${TENANT}/discovery/v2.0/keys`, {})).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    const viaLocalhost = running.authorityHost.replace('127.0.0.1', 'localhost');
    const keys = await https(`${viaLocalhost}/${TENANT}/discovery/v2.0/keys`, {
      ca: running.caCertificatePem,
    });
    expect(keys.status).toBe(200);
    expect(running.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(running.caCertificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // Made at start-up: another emulator has its own certificate, which this one's clients do not trust.
    const other = await startAzureEmulator({ estate: estate() });
    try {
      expect(other.caCertificatePem).not.toBe(running.caCertificatePem);
      await expect(
        https(`${other.authorityHost}/${TENANT}/discovery/v2.0/keys`, { ca: running.caCertificatePem }),
      ).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      await other.close();
    }
  });

  it('serves the OpenID configuration MSAL reads, and the JWKS', async () => {
    const running = await start();
    const host = running.authorityHost;
    const reply = await https(`${host}/${TENANT}/v2.0/.well-known/openid-configuration`, {
      ca: running.caCertificatePem,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      token_endpoint: `${host}/${TENANT}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${host}/${TENANT}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${host}/${TENANT}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${host}/${TENANT}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${host}/${TENANT}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${host}/${TENANT}/oauth2/v2.0/logout`,
      claims_supported: expect.arrayContaining(['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'ver']),
      kerberos_endpoint: `${host}/${TENANT}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    });
    const byDomain = await https(`${host}/acme.onmicrosoft.com/v2.0/.well-known/openid-configuration`, {
      ca: running.caCertificatePem,
    });
    expect((byDomain.body as { issuer: string }).issuer).toBe(`${host}/${TENANT}/v2.0`);
    const common = await https(`${host}/common/v2.0/.well-known/openid-configuration`, {
      ca: running.caCertificatePem,
    });
    expect(common.body).toMatchObject({ issuer: `${host}/{tenantid}/v2.0`, tenant_region_scope: null });
    const unknown = await https(`${host}/nobody.onmicrosoft.com/v2.0/.well-known/openid-configuration`, {
      ca: running.caCertificatePem,
    });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: string; error_codes: number[] }).error).toBe('invalid_tenant');
    const jwks = await https(`${host}/${TENANT}/discovery/v2.0/keys`, { ca: running.caCertificatePem });
    expect(jwks.body).toEqual({
      keys: [
        {
          kty: 'RSA',
          use: 'sig',
          kid: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
          x5t: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
          n: expect.any(String),
          e: 'AQAB',
          x5c: [expect.any(String)],
          issuer: `${host}/{tenantid}/v2.0`,
        },
      ],
    });
  });
});

describe('access token checks', () => {
  it('refuses an expired token and one for another audience, accepts its own within the clock skew', async () => {
    const key = await signingKey();
    const now = Date.parse('2025-06-01T12:00:00Z');
    const claims = accessTokenClaims({
      tenantId: TENANT,
      clientId: CLIENT_ID,
      objectId: spObject(1),
      roles: [],
      now,
    });
    expect(claims).not.toHaveProperty('roles');
    const token = signAccessToken(claims, key);
    expect(checkAccessToken(token, key, now)).toEqual({ ok: true, claims });
    expect(checkAccessToken(token, key, now + 3599_000 + 299_000)).toMatchObject({ ok: true });
    expect(checkAccessToken(token, key, now + 3599_000 + 300_000)).toEqual({ ok: false, problem: 'expired' });
    const vault = signAccessToken({ ...claims, aud: 'https://vault.azure.net' }, key);
    expect(checkAccessToken(vault, key, now)).toEqual({ ok: false, problem: 'audience' });
    expect(checkAccessToken(token, await signingKey(), now)).toEqual({ ok: false, problem: 'signature' });
    expect(checkAccessToken('', key, now)).toEqual({ ok: false, problem: 'empty' });
    expect(checkAccessToken('a.b', key, now)).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('Graph: applications', () => {
  it('pages with $top and an absolute @odata.nextLink that carries $skiptoken', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const first = await graph(running, token, 'GET', '/v1.0/applications?$top=2&$select=displayName');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
    expect(first.headers.get('request-id')).toMatch(GUID);
    const firstBody = first.body as { '@odata.nextLink': string };
    expect(first.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#applications(displayName)`,
      '@odata.nextLink': expect.stringMatching(
        new RegExp(
          `^${running.graphEndpoint.replace(/\./g, '\\.')}/v1\\.0/applications\\?\\$top=2&\\$select=displayName&\\$skiptoken=[A-Za-z0-9_-]+$`,
        ),
      ),
      value: [
        { id: appObject(1), displayName: 'Deployer' },
        { id: appObject(2), displayName: 'Tool 2' },
      ],
    });
    const second = await graph(running, token, 'GET', firstBody['@odata.nextLink']);
    const secondBody = second.body as { '@odata.nextLink': string; value: { id: string }[] };
    expect(secondBody.value.map((app) => app.id)).toEqual([appObject(3), appObject(4)]);
    const third = await graph(running, token, 'GET', secondBody['@odata.nextLink']);
    expect(third.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#applications(displayName)`,
      value: [{ id: appObject(5), displayName: 'Tool 5' }],
    });
    // A token from one listing does not page another.
    const skiptoken = new URL(firstBody['@odata.nextLink']).searchParams.get('$skiptoken');
    const misused = await graph(running, token, 'GET', `/v1.0/servicePrincipals?$skiptoken=${skiptoken}`);
    expect(misused.status).toBe(400);
    expect(misused.body).toEqual(graphError('BadRequest', `Invalid $skiptoken '${skiptoken}'.`));
    // Without $top, the default page (100) holds all five.
    const all = await graph(running, token, 'GET', '/v1.0/applications');
    expect((all.body as { value: unknown[] }).value).toHaveLength(5);
    expect(all.body).not.toHaveProperty('@odata.nextLink');
  });

  it('serves credential metadata but never secretText or a certificate key', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const reply = await graph(running, token, 'GET', `/v1.0/applications/${appObject(1)}`);
    expect(reply.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#applications/$entity`,
      id: appObject(1),
      appId: appId(1),
      displayName: 'Deployer',
      signInAudience: 'AzureADMyOrg',
      passwordCredentials: [
        {
          keyId: SECRET_1,
          displayName: 'ci',
          hint: 'Q~1',
          startDateTime: '2024-01-10T09:00:00Z',
          endDateTime: '2026-01-10T09:00:00Z',
        },
        {
          keyId: SECRET_2,
          displayName: 'old',
          hint: 'Q~2',
          startDateTime: '2023-01-10T09:00:00Z',
          endDateTime: '2025-01-10T09:00:00Z',
        },
      ],
      keyCredentials: [
        {
          keyId: CERT_1,
          displayName: 'CN=deployer-2024',
          type: 'AsymmetricX509Cert',
          usage: 'Verify',
          customKeyIdentifier: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
          startDateTime: '2024-03-01T00:00:00Z',
          endDateTime: '2025-03-01T00:00:00Z',
        },
        {
          keyId: CERT_2,
          displayName: 'CN=deployer-2025',
          type: 'AsymmetricX509Cert',
          usage: 'Verify',
          startDateTime: '2025-03-01T00:00:00Z',
          endDateTime: '2026-03-01T00:00:00Z',
        },
      ],
    });
    const texts = await Promise.all(
      [
        '/v1.0/applications',
        `/v1.0/applications/${appObject(1)}?$select=passwordCredentials,keyCredentials`,
        `/v1.0/applications(appId='${appId(1)}')`,
        '/v1.0/servicePrincipals',
        `/v1.0/servicePrincipals/${spObject(2)}`,
        `/v1.0/applications/${appObject(2)}/owners`,
      ].map(async (path) => JSON.stringify((await graph(running, token, 'GET', path)).body)),
    );
    for (const text of texts) {
      expect(text).not.toContain(PLANTED_SECRET);
      expect(text).not.toContain('secretText');
      expect(text).not.toContain(PLANTED_KEY);
      expect(text).not.toContain('"key"');
    }
  });

  it('gets by app id, $select returns the named properties plus id (null when unset)', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const reply = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications(appId='${appId(2)}')?$select=appId,notes`,
    );
    expect(reply.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#applications(appId,notes)/$entity`,
      id: appObject(2),
      appId: appId(2),
      notes: null,
    });
    const encoded = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications(appId=%27${appId(2)}%27)?%24select=DisplayName`,
    );
    expect(encoded.body).toMatchObject({ id: appObject(2), displayName: 'Tool 2' });
  });

  it('answers Graph errors for an unknown property, a bad $top, an unserved option and a missing object', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const unknownProperty = await graph(
      running,
      token,
      'GET',
      '/v1.0/applications?$select=displayName,secretSauce',
    );
    expect(unknownProperty.status).toBe(400);
    expect(unknownProperty.body).toEqual(
      graphError(
        'BadRequest',
        "Parsing OData Select and Expand failed: Could not find a property named 'secretSauce' on type 'microsoft.graph.application'.",
      ),
    );
    const tooLarge = await graph(running, token, 'GET', '/v1.0/applications?$top=1000');
    expect(tooLarge.body).toEqual(
      graphError(
        'Request_UnsupportedQuery',
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
      ),
    );
    const notANumber = await graph(running, token, 'GET', '/v1.0/servicePrincipals?$top=ten');
    expect(notANumber.status).toBe(400);
    expect(notANumber.body).toEqual(
      graphError(
        'BadRequest',
        "Invalid value 'ten' for $top query option found. The $top query option requires a non-negative integer value.",
      ),
    );
    const filter = await graph(running, token, 'GET', "/v1.0/applications?$filter=displayName eq 'x'");
    expect(filter.body).toEqual(
      graphError('Request_UnsupportedQuery', "The emulator does not serve the query option '$filter'."),
    );
    const missing = await graph(
      running,
      token,
      'GET',
      '/v1.0/applications/a1000000-0000-4000-8000-0000000000ff',
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(
      graphError(
        'Request_ResourceNotFound',
        "Resource 'a1000000-0000-4000-8000-0000000000ff' does not exist or one of its queried reference-property objects are not present.",
      ),
    );
  });

  it('lists owners as directoryObjects with their @odata.type, and honours $select', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const reply = await graph(running, token, 'GET', `/v1.0/applications/${appObject(1)}/owners`);
    expect(reply.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#directoryObjects`,
      value: [
        {
          '@odata.type': '#microsoft.graph.user',
          businessPhones: [],
          displayName: 'Ann Archer',
          givenName: 'Ann',
          jobTitle: 'Platform lead',
          mail: 'ann@acme.example',
          mobilePhone: null,
          officeLocation: null,
          preferredLanguage: null,
          surname: 'Archer',
          userPrincipalName: 'ann@acme.onmicrosoft.com',
          id: ANN,
        },
        {
          '@odata.type': '#microsoft.graph.servicePrincipal',
          id: spObject(2),
          appId: appId(2),
          displayName: 'Tool 2',
          accountEnabled: true,
          servicePrincipalType: 'Application',
          passwordCredentials: [
            { keyId: SP_SECRET, displayName: 'sp secret', hint: 'sp~', endDateTime: '2026-06-01T00:00:00Z' },
          ],
          keyCredentials: [],
        },
      ],
    });
    const selected = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications(appId='${appId(1)}')/owners?$select=userPrincipalName,mail,accountEnabled,appId&$top=1`,
    );
    expect(selected.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#directoryObjects(userPrincipalName,mail,accountEnabled,appId)`,
      '@odata.nextLink': expect.stringContaining('$skiptoken='),
      value: [
        {
          '@odata.type': '#microsoft.graph.user',
          id: ANN,
          userPrincipalName: 'ann@acme.onmicrosoft.com',
          mail: 'ann@acme.example',
          accountEnabled: true,
        },
      ],
    });
    const next = await graph(
      running,
      token,
      'GET',
      (selected.body as { '@odata.nextLink': string })['@odata.nextLink'],
    );
    expect((next.body as { value: unknown[] }).value).toEqual([
      {
        '@odata.type': '#microsoft.graph.servicePrincipal',
        id: spObject(2),
        accountEnabled: true,
        appId: appId(2),
      },
    ]);
    const none = await graph(running, token, 'GET', `/v1.0/applications/${appObject(3)}/owners`);
    expect(none.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#directoryObjects`,
      value: [],
    });
  });

  it('removePassword deletes the secret from the estate; removing it again is 400', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const removed = await graph(running, token, 'POST', `/v1.0/applications/${appObject(1)}/removePassword`, {
      keyId: SECRET_2,
    });
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    const app = running.estate.tenants[0]!.applications[0]!.application;
    expect(app.passwordCredentials.map((credential) => credential.keyId)).toEqual([SECRET_1]);
    const read = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications/${appObject(1)}?$select=passwordCredentials`,
    );
    expect(
      (read.body as { passwordCredentials: { keyId: string }[] }).passwordCredentials.map((c) => c.keyId),
    ).toEqual([SECRET_1]);
    const again = await graph(
      running,
      token,
      'POST',
      `/v1.0/applications(appId='${appId(1)}')/removePassword`,
      {
        keyId: SECRET_2,
      },
    );
    expect(again.status).toBe(400);
    expect(again.body).toEqual(
      graphError('Request_BadRequest', `No password credential found with keyId ${SECRET_2}.`),
    );
    const noBody = await graph(
      running,
      token,
      'POST',
      `/v1.0/applications/${appObject(1)}/removePassword`,
      '{oops',
    );
    expect(noBody.body).toEqual(
      graphError(
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      ),
    );
    expect(running.requestLog.filter((entry) => entry.server === 'graph' && entry.method === 'POST')).toEqual(
      [
        {
          server: 'graph',
          method: 'POST',
          path: `/v1.0/applications/${appObject(1)}/removePassword`,
          query: {},
          status: 204,
          version: 'v1.0',
          operation: 'applications.removePassword',
          tenantId: TENANT,
          body: { keyId: SECRET_2 },
        },
        {
          server: 'graph',
          method: 'POST',
          path: `/v1.0/applications(appId='${appId(1)}')/removePassword`,
          query: {},
          status: 400,
          version: 'v1.0',
          operation: 'applications.removePassword',
          tenantId: TENANT,
          body: { keyId: SECRET_2 },
        },
        {
          server: 'graph',
          method: 'POST',
          path: `/v1.0/applications/${appObject(1)}/removePassword`,
          query: {},
          status: 400,
          version: 'v1.0',
          operation: 'applications.removePassword',
          tenantId: TENANT,
          body: '{oops',
        },
      ],
    );
  });

  it('PATCH keyCredentials without a certificate removes it; a new entry must bring its key', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const path = `/v1.0/applications(appId='${appId(1)}')`;
    const current = await graph(running, token, 'GET', `${path}?$select=keyCredentials`);
    const keys = (current.body as { keyCredentials: { keyId: string }[] }).keyCredentials;
    const patched = await graph(running, token, 'PATCH', path, {
      keyCredentials: keys.filter((key) => key.keyId !== CERT_1),
    });
    expect(patched.status).toBe(204);
    const stored = running.estate.tenants[0]!.applications[0]!.application.keyCredentials;
    expect(stored.map((key) => key.keyId)).toEqual([CERT_2]);
    expect(stored[0]).toEqual({
      keyId: CERT_2,
      displayName: 'CN=deployer-2025',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: '2025-03-01T00:00:00Z',
      endDateTime: '2026-03-01T00:00:00Z',
    });
    const unknown = await graph(running, token, 'PATCH', path, {
      keyCredentials: [
        { keyId: CERT_2 },
        { keyId: 'd2000000-0000-4000-8000-0000000000ff', type: 'AsymmetricX509Cert' },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(
      graphError(
        'Request_BadRequest',
        "Key credential d2000000-0000-4000-8000-0000000000ff is new and has no 'key' value.",
      ),
    );
    const otherProperty = await graph(running, token, 'PATCH', path, { displayName: 'Renamed' });
    expect(otherProperty.body).toEqual(
      graphError(
        'Request_BadRequest',
        "The emulator does not update 'displayName' (it updates keyCredentials).",
      ),
    );
    const notAProperty = await graph(running, token, 'PATCH', path, { keyCredential: [] });
    expect(notAProperty.body).toEqual(
      graphError(
        'BadRequest',
        "The property 'keyCredential' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type or mark the type as open type.",
      ),
    );
    expect(stored.map((key) => key.keyId)).toEqual([CERT_2]);
    const emptied = await graph(running, token, 'PATCH', `/v1.0/applications/${appObject(1)}`, {
      keyCredentials: [],
    });
    expect(emptied.status).toBe(204);
    expect(running.estate.tenants[0]!.applications[0]!.application.keyCredentials).toEqual([]);
  });
});

describe('Graph: service principals', () => {
  it('lists service principals with Microsoft Graph last, and reads Graph by app id with its app roles', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const list = await graph(running, token, 'GET', '/v1.0/servicePrincipals?$select=appId,accountEnabled');
    expect(list.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#servicePrincipals(appId,accountEnabled)`,
      value: [
        { id: spObject(1), appId: appId(1), accountEnabled: true },
        { id: spObject(2), appId: appId(2), accountEnabled: true },
        { id: GRAPH_SP, appId: GRAPH_APP_ID, accountEnabled: true },
      ],
    });
    const graphSp = await graph(
      running,
      token,
      'GET',
      `/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`,
    );
    expect(graphSp.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#servicePrincipals(id,appRoles)/$entity`,
      id: GRAPH_SP,
      appRoles,
    });
    const byId = await graph(running, token, 'GET', `/v1.0/servicePrincipals/${spObject(1)}`);
    expect(byId.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#servicePrincipals/$entity`,
      id: spObject(1),
      appId: appId(1),
      displayName: 'Deployer',
      accountEnabled: true,
      servicePrincipalType: 'Application',
      passwordCredentials: [],
      keyCredentials: [],
    });
  });

  it('pages appRoleAssignments and lists owners', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const first = await graph(
      running,
      token,
      'GET',
      `/v1.0/servicePrincipals/${spObject(1)}/appRoleAssignments?$top=2`,
    );
    expect(first.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#servicePrincipals('${spObject(1)}')/appRoleAssignments`,
      '@odata.nextLink': expect.stringMatching(
        /\/v1\.0\/servicePrincipals\/b1000000-.*\/appRoleAssignments\?\$top=2&\$skiptoken=/,
      ),
      value: [assignment(1, 'Application.ReadWrite.All'), assignment(2, 'AuditLog.Read.All')],
    });
    const second = await graph(
      running,
      token,
      'GET',
      (first.body as { '@odata.nextLink': string })['@odata.nextLink'],
    );
    expect((second.body as { value: unknown[] }).value).toEqual([
      assignment(3, 'RoleManagement.ReadWrite.Directory'),
    ]);
    const owners = await graph(
      running,
      token,
      'GET',
      `/v1.0/servicePrincipals(appId='${appId(1)}')/owners?$select=mail`,
    );
    expect((owners.body as { value: unknown[] }).value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: ANN, mail: 'ann@acme.example' },
    ]);
    const graphAssignments = await graph(
      running,
      token,
      'GET',
      `/v1.0/servicePrincipals/${GRAPH_SP}/appRoleAssignments`,
    );
    expect((graphAssignments.body as { value: unknown[] }).value).toEqual([]);
  });

  it('PATCH accountEnabled disables and re-enables; removePassword works on a service principal', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const path = `/v1.0/servicePrincipals(appId='${appId(2)}')`;
    expect((await graph(running, token, 'PATCH', path, { accountEnabled: false })).status).toBe(204);
    const sp = running.estate.tenants[0]!.servicePrincipals[1]!.servicePrincipal;
    expect(sp.accountEnabled).toBe(false);
    const read = await graph(running, token, 'GET', `${path}?$select=accountEnabled`);
    expect(read.body).toMatchObject({ id: spObject(2), accountEnabled: false });
    const notBoolean = await graph(running, token, 'PATCH', path, { accountEnabled: 'no' });
    expect(notBoolean.body).toEqual(
      graphError('BadRequest', "Cannot convert a primitive value to the expected type 'Edm.Boolean'."),
    );
    expect(
      (
        await graph(running, token, 'PATCH', `/v1.0/servicePrincipals/${spObject(2)}`, {
          accountEnabled: true,
        })
      ).status,
    ).toBe(204);
    expect(sp.accountEnabled).toBe(true);
    const removed = await graph(
      running,
      token,
      'POST',
      `/v1.0/servicePrincipals/${spObject(2)}/removePassword`,
      {
        keyId: SP_SECRET,
      },
    );
    expect(removed.status).toBe(204);
    expect(sp.passwordCredentials).toEqual([]);
    const graphSp = await graph(running, token, 'PATCH', `/v1.0/servicePrincipals/${GRAPH_SP}`, {
      accountEnabled: false,
    });
    expect(graphSp.body).toEqual(
      graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    );
  });
});

describe('Graph: users', () => {
  it('gets a user by UPN (default properties) or id ($select), and 404s a stranger', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const byUpn = await graph(running, token, 'GET', '/v1.0/users/bob%40acme.onmicrosoft.com');
    expect(byUpn.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#users/$entity`,
      businessPhones: [],
      displayName: 'Bob Baker',
      givenName: null,
      jobTitle: null,
      mail: 'bob@acme.example',
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      surname: null,
      userPrincipalName: 'bob@acme.onmicrosoft.com',
      id: BOB,
    });
    const selected = await graph(
      running,
      token,
      'GET',
      `/v1.0/users/${BOB}?$select=id,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime`,
    );
    expect(selected.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#users(id,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime)/$entity`,
      id: BOB,
      userPrincipalName: 'bob@acme.onmicrosoft.com',
      accountEnabled: false,
      signInSessionsValidFromDateTime: '2024-01-01T00:00:00Z',
    });
    const stranger = await graph(running, token, 'GET', '/v1.0/users/zed@acme.onmicrosoft.com');
    expect(stranger.status).toBe(404);
    expect(stranger.body).toEqual(
      graphError(
        'Request_ResourceNotFound',
        "Resource 'zed@acme.onmicrosoft.com' does not exist or one of its queried reference-property objects are not present.",
      ),
    );
  });

  it('revokeSignInSessions answers true and moves signInSessionsValidFromDateTime to now', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const before = Date.now() - 1000;
    const reply = await graph(
      running,
      token,
      'POST',
      '/v1.0/users/ann@acme.onmicrosoft.com/revokeSignInSessions',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#Edm.Boolean`,
      value: true,
    });
    const stamp = running.estate.tenants[0]!.users[0]!.signInSessionsValidFromDateTime!;
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(stamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamp)).toBeLessThanOrEqual(Date.now());
  });
});

describe('Graph: beta sign-in activity report', () => {
  it('pages the report with AuditLog.Read.All and refuses it without (403)', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const first = await graph(running, token, 'GET', '/beta/reports/appCredentialSignInActivities?$top=2');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      '@odata.context': `${running.graphEndpoint}/beta/$metadata#reports/appCredentialSignInActivities`,
      '@odata.nextLink': expect.stringMatching(
        /\/beta\/reports\/appCredentialSignInActivities\?\$top=2&\$skiptoken=/,
      ),
      value: tenant().signInActivities.slice(0, 2),
    });
    const second = await graph(
      running,
      token,
      'GET',
      (first.body as { '@odata.nextLink': string })['@odata.nextLink'],
    );
    expect((second.body as { value: unknown[] }).value).toEqual(tenant().signInActivities.slice(2));
    expect(
      running.requestLog.filter((entry) => entry.version === 'beta').map((entry) => entry.operation),
    ).toEqual(['reports.appCredentialSignInActivities', 'reports.appCredentialSignInActivities']);
    const reader = await tokenOf(running, READER_TENANT, READER_CLIENT_ID);
    const denied = await graph(running, reader, 'GET', '/beta/reports/appCredentialSignInActivities');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(
      graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    );
    const onV1 = await graph(running, token, 'GET', '/v1.0/reports/appCredentialSignInActivities');
    expect(onV1.body).toEqual(graphError('BadRequest', "Resource not found for the segment 'reports'."));
  });
});

describe('Graph: refusals', () => {
  it('checks permissions per route and serves each tenant its own directory', async () => {
    const running = await start();
    const reader = await tokenOf(running, READER_TENANT, READER_CLIENT_ID);
    expect(claimsOf(reader)).toMatchObject({ tid: READER_TENANT, roles: ['Application.Read.All'] });
    expect((await graph(running, reader, 'GET', '/v1.0/applications?$top=1')).status).toBe(200);
    const write = await graph(running, reader, 'POST', `/v1.0/applications/${appObject(1)}/removePassword`, {
      keyId: SECRET_1,
    });
    expect(write.status).toBe(403);
    expect(write.body).toEqual(
      graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    );
    expect((await graph(running, reader, 'GET', `/v1.0/users/${ANN}`)).status).toBe(403);
    expect((await graph(running, reader, 'POST', `/v1.0/users/${ANN}/revokeSignInSessions`)).status).toBe(
      403,
    );
    expect(running.estate.tenants[1]!.applications[0]!.application.passwordCredentials).toHaveLength(2);
    expect(
      running.requestLog.filter((entry) => entry.server === 'graph').map((entry) => entry.tenantId),
    ).toEqual(Array(4).fill(READER_TENANT));
  });

  it('answers 401 InvalidAuthenticationToken without a token, with a forged one and with a malformed one', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const none = await graph(running, undefined, 'GET', '/v1.0/applications');
    expect(none.status).toBe(401);
    expect(none.body).toEqual(graphError('InvalidAuthenticationToken', 'Access token is empty.'));
    expect(none.headers.get('www-authenticate')).toBe(
      `Bearer realm="", authorization_uri="${running.authorityHost}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    );
    const [head, , signature] = token.split('.');
    const forgedClaims = { ...claimsOf(token), roles: ['Directory.ReadWrite.All'] };
    const forged = `${head}.${Buffer.from(JSON.stringify(forgedClaims)).toString('base64url')}.${signature}`;
    const refused = await graph(running, forged, 'GET', '/v1.0/applications');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(
      graphError('InvalidAuthenticationToken', 'Access token validation failure.'),
    );
    const malformed = await graph(running, 'not-a-jwt', 'GET', '/v1.0/applications');
    expect(malformed.body).toEqual(
      graphError('InvalidAuthenticationToken', 'CompactToken parsing failed with error code: 80049217'),
    );
    // A token from another emulator (another signing key) is refused too.
    const other = await startAzureEmulator({ estate: estate() });
    try {
      const foreign = await tokenOf(other);
      expect((await graph(running, foreign, 'GET', '/v1.0/applications')).status).toBe(401);
    } finally {
      await other.close();
    }
    expect(
      running.requestLog.filter((entry) => entry.server === 'graph').map((entry) => entry.status),
    ).toEqual([401, 401, 401, 401]);
  });

  it('answers 429 TooManyRequests with Retry-After over the rate limit', async () => {
    const running = await start({ rateLimit: { requestsPerSecond: 0.001, burst: 2 }, retryAfterSeconds: 3 });
    const token = await tokenOf(running);
    expect((await graph(running, token, 'GET', '/v1.0/applications')).status).toBe(200);
    expect((await graph(running, token, 'GET', '/v1.0/servicePrincipals')).status).toBe(200);
    const throttled = await graph(running, token, 'GET', '/v1.0/applications?$top=5');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body).toEqual(graphError('TooManyRequests', 'Too many requests.'));
    expect(running.throttledCount).toBe(1);
    // Unauthenticated requests are refused before the limiter.
    expect((await graph(running, undefined, 'GET', '/v1.0/applications')).status).toBe(401);
    expect(running.requestLog.filter((entry) => entry.server === 'graph')).toEqual([
      expect.objectContaining({ operation: 'applications.list', status: 200 }),
      expect.objectContaining({ operation: 'servicePrincipals.list', status: 200 }),
      {
        server: 'graph',
        method: 'GET',
        path: '/v1.0/applications',
        query: { $top: '5' },
        status: 429,
        version: 'v1.0',
        operation: 'applications.list',
        tenantId: TENANT,
        throttled: true,
      },
      expect.objectContaining({ status: 401 }),
    ]);
  });

  it('fails every Nth request with 503 serviceNotAvailable', async () => {
    const running = await start({ faults: { failEveryNth: 2 } });
    const token = await tokenOf(running);
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++)
      statuses.push((await graph(running, token, 'GET', '/v1.0/applications?$top=1')).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    const fifth = await graph(running, token, 'GET', `/v1.0/users/${ANN}`);
    expect(fifth.status).toBe(200);
    const fault = await graph(running, token, 'GET', `/v1.0/users/${ANN}`);
    expect(fault.body).toEqual(
      graphError('serviceNotAvailable', 'The service is temporarily unavailable. Try again later.'),
    );
    expect(running.requestLog.filter((entry) => entry.fault).map((entry) => entry.operation)).toEqual([
      'applications.list',
      'applications.list',
      'users.get',
    ]);
  });

  it('answers 400 for an unknown segment, 405 for a served path with another method', async () => {
    const running = await start();
    const token = await tokenOf(running);
    const unknown = await graph(running, token, 'GET', '/v1.0/groups');
    expect(unknown.body).toEqual(graphError('BadRequest', "Resource not found for the segment 'groups'."));
    const deeper = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications/${appObject(1)}/federatedIdentityCredentials`,
    );
    expect(deeper.body).toEqual(
      graphError('BadRequest', "Resource not found for the segment 'federatedIdentityCredentials'."),
    );
    const deleted = await graph(running, token, 'DELETE', `/v1.0/applications/${appObject(1)}`);
    expect(deleted.status).toBe(405);
    expect(deleted.body).toEqual(
      graphError('Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
    );
    expect(running.requestLog.map((entry: AzureRequestLogEntry) => entry.operation).slice(-3)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('waits latencyMs before answering, and leaves nothing in flight', async () => {
    const running = await start({ latencyMs: 60 });
    const token = await tokenOf(running);
    const began = Date.now();
    expect((await graph(running, token, 'GET', '/v1.0/applications?$top=1')).status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(55);
    expect(running.inFlight).toBe(0);
    expect(running.graphEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
