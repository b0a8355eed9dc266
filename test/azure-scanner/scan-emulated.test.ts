/**
 * The azure scanner against the Graph and token-endpoint emulator, with a real @azure/identity
 * ClientSecretCredential over TLS: the exact inventory of a tenant across pages, the same under
 * throttling (Retry-After honoured), a tenant without AuditLog.Read.All, leavers' users, and a
 * failed read reported rather than taken as "nothing there".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../scanners/azure/emulator/index.js';
import type { Person } from '../../src/core/model.js';
import { SECRET_ENV, TENANT, tenantEstate } from './estate.js';
import { credentialLine, list } from './run-scanner.js';

const INVENTORY = [
  'certificate:c0000000-0000-4000-8000-000000000005 active principal=application:a0000000-0000-4000-8000-000000000003 created=2026-02-01T00:00:00Z expires=2027-02-01T00:00:00Z used=2026-11-01T08:00:00Z privileged=[] owner=[owners-api:bob@acme.example] hint=00000005',
  'client-secret:c0000000-0000-4000-8000-000000000001 active principal=application:a0000000-0000-4000-8000-000000000001 created=2026-01-01T00:00:00Z expires=2027-01-01T00:00:00Z used=2026-11-20T08:00:00Z privileged=[Microsoft Graph application permission Directory.ReadWrite.All] owner=[owners-api:ann@acme.example] hint=Pay',
  'client-secret:c0000000-0000-4000-8000-000000000002 expired principal=application:a0000000-0000-4000-8000-000000000001 created=2025-01-01T00:00:00Z expires=2026-06-01T00:00:00Z used=null privileged=[Microsoft Graph application permission Directory.ReadWrite.All] owner=[owners-api:ann@acme.example] hint=Old',
  'client-secret:c0000000-0000-4000-8000-000000000003 active principal=application:a0000000-0000-4000-8000-000000000002 created=2024-01-01T00:00:00Z expires=2028-01-01T00:00:00Z used=2025-01-10T08:00:00Z privileged=[] owner=[] hint=Leg',
  'client-secret:c0000000-0000-4000-8000-000000000004 active principal=application:a0000000-0000-4000-8000-000000000003 created=2026-03-01T00:00:00Z expires=2027-03-01T00:00:00Z used=null privileged=[] owner=[owners-api:bob@acme.example] hint=Bob',
  'client-secret:c0000000-0000-4000-8000-000000000007 active principal=service-principal:a0000000-0000-4000-8000-000000000007 created=2026-05-01T00:00:00Z expires=2027-05-01T00:00:00Z used=null privileged=[] owner=[owners-api:upn:cyd@acme.onmicrosoft.com] hint=Sml',
];

const person = (
  employeeId: string,
  email: string,
  status: Person['status'],
  termination: string | null,
  upn: string,
): Person => ({
  employeeId,
  email,
  name: employeeId,
  status,
  workerType: 'employee',
  hireDate: '2020-01-01',
  terminationDate: termination,
  contractEndDate: null,
  department: null,
  managerEmail: null,
  previousDepartment: null,
  transferDate: null,
  aliases: [`upn:${upn}`],
});

const PEOPLE = [
  person('E1', 'ann@acme.example', 'active', null, 'ann@acme.onmicrosoft.com'),
  person('E2', 'bob@acme.example', 'terminated', '2026-10-01', 'bob@acme.onmicrosoft.com'),
  person('E9', 'gone@acme.example', 'terminated', '2026-09-01', 'gone@acme.onmicrosoft.com'),
];

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
    expect(listed.principals.map((principal) => `${principal.kind} ${principal.name}`).sort()).toEqual([
      'application bob-tool',
      'application legacy-report',
      'application payroll-sync',
      'service-principal saml-portal',
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

  it('lists a leaver’s still-enabled Entra user as sign-in sessions, and skips a user that is gone', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const listed = await list(emulator, {}, PEOPLE);
    expect(listed.partial).toEqual([]);
    const sessions = listed.credentials.filter((credential) => credential.kind === 'sign-in-sessions');
    expect(sessions.map(credentialLine)).toEqual([
      'sign-in-sessions:e0000000-0000-4000-8000-000000000002 active principal=user:e0000000-0000-4000-8000-000000000002 created=null expires=null used=unknown privileged=[] owner=[login:upn:bob@acme.onmicrosoft.com] hint=-',
    ]);
    expect(listed.principals.find((principal) => principal.kind === 'user')).toEqual({
      uid: `azure:${TENANT}:user:e0000000-0000-4000-8000-000000000002`,
      provider: 'azure',
      account: TENANT,
      kind: 'user',
      name: 'bob@acme.onmicrosoft.com',
      tags: { accountEnabled: 'true' },
    });
    const userReads = emulator.requestLog.filter((entry) => entry.operation === 'users.get');
    expect(userReads.map((entry) => `${entry.path} ${entry.status}`)).toEqual([
      '/v1.0/users/bob@acme.onmicrosoft.com 200',
      '/v1.0/users/gone@acme.onmicrosoft.com 404',
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
