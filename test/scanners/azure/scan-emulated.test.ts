/**
 * The azure scanner against the Graph and token-endpoint emulator, with a real @azure/identity
 * ClientSecretCredential over TLS: the exact inventory of a tenant across pages, the same under
 * throttling (Retry-After honoured), a SAML token-signing certificate, a tenant without
 * AuditLog.Read.All, leavers' users, and a failed read reported rather than taken as "nothing there".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { GraphClient } from '../../../scanners/azure/graph-client.js';
import { azureOptionsSchema } from '../../../scanners/azure/options.js';
import { tokenCredential } from '../../../scanners/azure/token-credential.js';
import type { Principal } from '../../../src/core/model.js';
import {
  appId,
  CLIENT_SECRET,
  guid,
  keyId,
  SAML_THUMBPRINT,
  SECRET_ENV,
  TENANT,
  tenantEstate,
} from './estate.js';
import { credentialLine, list, sourceOptions } from './run-scanner.js';

const INVENTORY = [
  'certificate:c0000000-0000-4000-8000-000000000005 active principal=application:a0000000-0000-4000-8000-000000000003 created=2026-02-01T00:00:00Z expires=2027-02-01T00:00:00Z used=2026-11-01T08:00:00Z privileged=[] owner=[owners-api:bob@acme.example] hint=00000005 attributes={displayName:CN=cert 5, type:AsymmetricX509Cert, usage:Verify}',
  // saml-portal's token-signing certificate, once: its Verify key. Its Sign key (8) and the password
  // of its private key (keyId 8 too) are not listed.
  'certificate:c0000000-0000-4000-8000-000000000010 active principal=service-principal:a0000000-0000-4000-8000-000000000007 created=2026-05-01T00:00:00Z expires=2029-05-01T00:00:00Z used=unknown privileged=[] owner=[owners-api:upn:cyd@acme.onmicrosoft.com] hint=bmluZyE= attributes={displayName:CN=Microsoft Azure Federated SSO Certificate, type:AsymmetricX509Cert, usage:Verify, samlTokenSigning:true}',
  'client-secret:c0000000-0000-4000-8000-000000000001 active principal=application:a0000000-0000-4000-8000-000000000001 created=2026-01-01T00:00:00Z expires=2027-01-01T00:00:00Z used=2026-11-20T08:00:00Z privileged=[Microsoft Graph application permission Directory.ReadWrite.All] owner=[owners-api:ann@acme.example] hint=Pay attributes={displayName:secret 1}',
  'client-secret:c0000000-0000-4000-8000-000000000002 expired principal=application:a0000000-0000-4000-8000-000000000001 created=2025-01-01T00:00:00Z expires=2026-06-01T00:00:00Z used=null privileged=[Microsoft Graph application permission Directory.ReadWrite.All] owner=[owners-api:ann@acme.example] hint=Old attributes={displayName:secret 2}',
  'client-secret:c0000000-0000-4000-8000-000000000003 active principal=application:a0000000-0000-4000-8000-000000000002 created=2024-01-01T00:00:00Z expires=2028-01-01T00:00:00Z used=2025-01-10T08:00:00Z privileged=[] owner=[] hint=Leg attributes={displayName:secret 3}',
  'client-secret:c0000000-0000-4000-8000-000000000004 active principal=application:a0000000-0000-4000-8000-000000000003 created=2026-03-01T00:00:00Z expires=2027-03-01T00:00:00Z used=null privileged=[] owner=[owners-api:bob@acme.example] hint=Bob attributes={displayName:secret 4}',
  'client-secret:c0000000-0000-4000-8000-000000000007 active principal=service-principal:a0000000-0000-4000-8000-000000000007 created=2026-05-01T00:00:00Z expires=2027-05-01T00:00:00Z used=null privileged=[] owner=[owners-api:upn:cyd@acme.onmicrosoft.com] hint=Sml attributes={displayName:secret 7, preferredSingleSignOnMode:saml}',
];

const principalLine = (principal: Principal) =>
  [
    principal.uid.replace(`azure:${TENANT}:`, ''),
    principal.name,
    ...Object.entries(principal.tags ?? {}).map(([key, value]) => `${key}=${value}`),
  ].join(' ');

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[SECRET_ENV];
});

const operations = (from = 0) => {
  const counts: Record<string, number> = {};
  for (const entry of emulator!.requestLog.slice(from)) {
    const key = `${entry.server} ${entry.operation}${entry.throttled ? ' (429)' : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('azure scanner against the emulator', () => {
  it('lists the exact inventory of a tenant across pages, through a real token', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const listed = await list(emulator, { pageSize: 2 });
    expect(listed.partial).toEqual([]);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.principals.map(principalLine).sort()).toEqual([
      'application:a0000000-0000-4000-8000-000000000001 payroll-sync appId=a0000000-0000-4000-8000-000000000001 objectId=0b000000-0000-4000-8000-000000000001',
      'application:a0000000-0000-4000-8000-000000000002 legacy-report appId=a0000000-0000-4000-8000-000000000002 objectId=0b000000-0000-4000-8000-000000000002',
      'application:a0000000-0000-4000-8000-000000000003 bob-tool appId=a0000000-0000-4000-8000-000000000003 objectId=0b000000-0000-4000-8000-000000000003',
      'service-principal:a0000000-0000-4000-8000-000000000007 saml-portal appId=a0000000-0000-4000-8000-000000000007 objectId=5b000000-0000-4000-8000-000000000007 servicePrincipalType=Application',
    ]);
    const graph = operations();
    expect(graph['graph applications.list']).toBe(3);
    expect(graph['graph servicePrincipals.list']).toBe(3);
    expect(graph).toMatchObject({
      'graph servicePrincipals.get': 1,
      'graph reports.appCredentialSignInActivities': 1,
      'graph applications.owners': 3,
      'graph servicePrincipals.owners': 1,
      'graph servicePrincipals.appRoleAssignments': 4,
    });
    // Owners and role assignments are read only for objects holding credentials.
    const ownerReads = emulator.requestLog
      .filter((entry) => entry.operation.endsWith('.owners'))
      .map((entry) => entry.path);
    expect(ownerReads.sort()).toEqual(
      [
        `/v1.0/applications/0b000000-0000-4000-8000-000000000001/owners`,
        `/v1.0/applications/0b000000-0000-4000-8000-000000000002/owners`,
        `/v1.0/applications/0b000000-0000-4000-8000-000000000003/owners`,
        `/v1.0/servicePrincipals/5b000000-0000-4000-8000-000000000007/owners`,
      ].sort(),
    );
    const beta = emulator.requestLog
      .filter((entry) => entry.version === 'beta')
      .map((entry) => entry.operation);
    expect(beta).toEqual(['reports.appCredentialSignInActivities']);
  });

  it('lists a SAML token-signing certificate once, as its Verify certificate, and its private key’s password not at all', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const listed = await list(emulator);
    expect(listed.partial).toEqual([]);
    const saml = listed.credentials.filter(
      (credential) => credential.principalUid === `azure:${TENANT}:service-principal:${appId(7)}`,
    );
    expect(saml.map((credential) => credential.uid)).toEqual([
      `azure:${TENANT}:certificate:${keyId(10)}`,
      `azure:${TENANT}:client-secret:${keyId(7)}`,
    ]);
    expect(saml[0]).toEqual({
      uid: `azure:${TENANT}:certificate:${keyId(10)}`,
      provider: 'azure',
      account: TENANT,
      kind: 'certificate',
      externalId: keyId(10),
      principalUid: `azure:${TENANT}:service-principal:${appId(7)}`,
      principalName: 'saml-portal',
      status: 'active',
      createdAt: '2026-05-01T00:00:00Z',
      expiresAt: '2029-05-01T00:00:00Z',
      lastUsedAt: null,
      lastUsedKnown: false,
      lastUsedUnknownReason:
        'a SAML token-signing certificate signs the tokens Entra issues for the app; the sign-in activity report does not record that use',
      privileged: false,
      privilegedReasons: [],
      department: null,
      ownerSignals: [
        {
          kind: 'owners-api',
          value: 'upn:cyd@acme.onmicrosoft.com',
          source: `owners of service principal saml-portal (${appId(7)})`,
        },
      ],
      hint: SAML_THUMBPRINT.slice(-8),
      attributes: {
        displayName: 'CN=Microsoft Azure Federated SSO Certificate',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        samlTokenSigning: 'true',
      },
    });
    // Neither the Sign key nor the password that shares its keyId is a credential of its own.
    expect(listed.credentials.filter((credential) => credential.externalId === keyId(8))).toEqual([]);
  });

  it('lists the same inventory when Graph throttles, waiting out each Retry-After', async () => {
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate()] },
      rateLimit: { requestsPerSecond: 20, burst: 4 },
      retryAfterSeconds: 1,
    });
    const listed = await list(emulator, { pageSize: 2, concurrency: 8 });
    expect(emulator.throttledCount).toBeGreaterThan(0);
    expect(listed.partial).toEqual([]);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
  });

  it('waits the Retry-After Graph sends before retrying a throttled request', async () => {
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate()] },
      rateLimit: { requestsPerSecond: 0.5, burst: 1 },
      retryAfterSeconds: 3,
    });
    process.env[SECRET_ENV] = CLIENT_SECRET;
    const options = azureOptionsSchema.parse(sourceOptions(emulator));
    const graph = new GraphClient({
      graphUrl: options.graphUrl,
      scope: options.graphScope,
      credential: tokenCredential(options, '.'),
      retries: options.retries,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
      requestTimeoutSeconds: options.requestTimeoutSeconds,
    });
    await graph.request('GET', 'applications', { query: { $select: 'id' } });
    const started = Date.now();
    await graph.request('GET', 'servicePrincipals', { query: { $select: 'id' } });
    // One 429, then the retry after 3 s finds a token (refilled after 2 s): a client that retried
    // sooner than Retry-After would be throttled again.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(graph.stats).toEqual({ requests: 3, throttled: 1, retries: 1 });
    expect(
      emulator.requestLog
        .filter((entry) => entry.server === 'graph')
        .map((entry) => `${entry.operation} ${entry.status}`),
    ).toEqual(['applications.list 200', 'servicePrincipals.list 429', 'servicePrincipals.list 200']);
  });

  it('says why last use is unknown without AuditLog.Read.All, and never guesses', async () => {
    const tenant = tenantEstate();
    tenant.client.roles = tenant.client.roles.filter((role) => role !== 'AuditLog.Read.All');
    emulator = await startAzureEmulator({ estate: { tenants: [tenant] } });
    const listed = await list(emulator);
    expect(listed.partial).toEqual([]);
    expect(new Set(listed.credentials.map((credential) => credential.lastUsedKnown))).toEqual(
      new Set([false]),
    );
    expect(listed.credentials[0]!.lastUsedUnknownReason).toBe(
      `sign-in activity report (beta) denied for tenant ${TENANT} (needs AuditLog.Read.All): 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.`,
    );
  });

  it('marks the credentials of a disabled service principal inactive, and an app owned only by a service principal has no owner', async () => {
    const tenant = tenantEstate();
    const servicePrincipal = (n: number) =>
      tenant.servicePrincipals.find((entry) => entry.servicePrincipal.appId === appId(n))!;
    // legacy-report's service principal is disabled: its application's secret cannot sign in here.
    servicePrincipal(2).servicePrincipal.accountEnabled = false;
    // saml-portal is disabled too, and holds its own secret.
    servicePrincipal(7).servicePrincipal.accountEnabled = false;
    // bob-tool's only owner becomes payroll-sync's service principal: no person owns it.
    tenant.applications.find((entry) => entry.application.appId === appId(3))!.owners = [
      { servicePrincipalId: guid('5b', 1) },
    ];
    emulator = await startAzureEmulator({ estate: { tenants: [tenant] } });
    const listed = await list(emulator);
    expect(listed.partial).toEqual([]);
    expect(
      listed.credentials.map(
        (credential) =>
          `${credential.uid.replace(`azure:${TENANT}:`, '')} ${credential.status} owner=[${credential.ownerSignals.map((signal) => signal.value).join(', ')}]`,
      ),
    ).toEqual([
      `certificate:${keyId(5)} active owner=[]`,
      `certificate:${keyId(10)} inactive owner=[upn:cyd@acme.onmicrosoft.com]`,
      `client-secret:${keyId(1)} active owner=[ann@acme.example]`,
      `client-secret:${keyId(2)} expired owner=[ann@acme.example]`,
      `client-secret:${keyId(3)} inactive owner=[]`,
      `client-secret:${keyId(4)} active owner=[]`,
      `client-secret:${keyId(7)} inactive owner=[upn:cyd@acme.onmicrosoft.com]`,
    ]);
    expect(listed.principals.map(principalLine).sort()).toEqual([
      `application:${appId(1)} payroll-sync appId=${appId(1)} objectId=${guid('0b', 1)}`,
      `application:${appId(2)} legacy-report appId=${appId(2)} objectId=${guid('0b', 2)} servicePrincipalAccountEnabled=false`,
      `application:${appId(3)} bob-tool appId=${appId(3)} objectId=${guid('0b', 3)}`,
      `service-principal:${appId(7)} saml-portal appId=${appId(7)} objectId=${guid('5b', 7)} servicePrincipalType=Application accountEnabled=false`,
    ]);
  });

  it('reports owners it could not read instead of calling the app ownerless', async () => {
    const tenant = tenantEstate();
    tenant.client.roles = ['AuditLog.Read.All'];
    emulator = await startAzureEmulator({ estate: { tenants: [tenant] } });
    const listed = await list(emulator);
    expect(listed.credentials).toEqual([]);
    expect(listed.partial.map((mark) => mark.scope)).toEqual([
      `tenant ${TENANT} Microsoft Graph app roles`,
      `tenant ${TENANT} applications`,
      `tenant ${TENANT} service principals`,
    ]);
    expect(listed.partial[1]!.reason).toMatch(/^403 Authorization_RequestDenied: /);
  });

  it('gives up on a part whose Retry-After is longer than maxRetryAfterSeconds, and says so', async () => {
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate()] },
      rateLimit: { requestsPerSecond: 0.001, burst: 1 },
      retryAfterSeconds: 30,
    });
    const listed = await list(emulator, { maxRetryAfterSeconds: 5, lastUse: false });
    expect(listed.credentials).toEqual([]);
    expect(listed.partial).toEqual([
      { scope: `tenant ${TENANT} applications`, reason: '429 TooManyRequests: Too many requests.' },
      { scope: `tenant ${TENANT} service principals`, reason: '429 TooManyRequests: Too many requests.' },
    ]);
  });

  it('names the file and key when the authority CA file cannot be read', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    await expect(list(emulator, { authorityCaFile: 'no-such-ca.pem' })).rejects.toThrow(
      /no-such-ca\.pem, key authorityCaFile: cannot read the authority CA file \(ENOENT\)$/,
    );
  });
});
