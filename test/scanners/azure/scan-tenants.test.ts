/**
 * Several tenants in one azure source, against the emulator at Graph's identity-and-access shape:
 * the emulator charges each request its resource units (x-ms-resource-unit) and refuses exactly
 * the one over a tenant's budget (another tenant unaffected); the scanner reads two tenants at
 * once (one tenant's first answer is held until the other tenant has asked) and, paced in resource
 * units, is never throttled.
 */
import { ClientSecretCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntraTenantEstate } from '../../../scanners/azure/emulator/estate.js';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { graphRateLimits } from '../../../scanners/azure/emulator/rate-limits.js';
import { requestCost } from '../../../scanners/azure/emulator/resource-units.js';
import type { AzureRequestLogEntry } from '../../../scanners/azure/emulator/types.js';
import { CLIENT_ID, CLIENT_SECRET, SECRET_ENV, TENANT, tenantEstate } from './estate.js';
import { azureScanner, credentialLine, list } from './run-scanner.js';

const TENANT_B = '11111111-2222-3333-4444-666666666666';
const CLIENT_B = 'aaaaaaaa-0000-4000-8000-0000000000b2';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

function secondTenant(): EntraTenantEstate {
  const estate = tenantEstate();
  return { ...estate, tenantId: TENANT_B, client: { ...estate.client, clientId: CLIENT_B } };
}

const bothTenants = {
  tenantId: undefined,
  tenants: [
    { tenantId: TENANT },
    { tenantId: TENANT_B, credentials: { clientId: CLIENT_B, clientSecret: `env:${SECRET_ENV}` } },
  ],
};

const graphEntries = (running: AzureEmulator, tenantId?: string) =>
  running.requestLog.filter(
    (entry) => entry.server === 'graph' && (tenantId === undefined || entry.tenantId === tenantId),
  );

const resourceUnitsOf = (entries: AzureRequestLogEntry[]) =>
  entries.reduce(
    (sum, entry) =>
      sum + requestCost(entry.method, entry.path, new URLSearchParams(entry.query)).resourceUnits,
    0,
  );

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function tokenOf(running: AzureEmulator, tenantId: string, clientId: string) {
  const credential = new ClientSecretCredential(tenantId, clientId, CLIENT_SECRET, {
    authorityHost: running.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: running.caCertificatePem },
  });
  return (await credential.getToken(GRAPH_SCOPE)).token;
}

async function get(running: AzureEmulator, token: string, path: string) {
  const response = await fetch(`${running.graphEndpoint}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.text();
  return {
    status: response.status,
    resourceUnits: response.headers.get('x-ms-resource-unit'),
    retryAfter: response.headers.get('retry-after'),
    scope: response.headers.get('x-ms-throttle-scope'),
    information: response.headers.get('x-ms-throttle-information'),
  };
}

describe('the Graph emulator’s resource units', () => {
  it('charges each request its cost and refuses exactly the one over the tenant’s budget', async () => {
    let now = 0;
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate(), secondTenant()] },
      rateLimit: graphRateLimits.keys.resourceUnits!.apply(graphRateLimits.real, 5),
      throttleClock: () => now,
    });
    const a = await tokenOf(emulator, TENANT, CLIENT_ID);
    const b = await tokenOf(emulator, TENANT_B, CLIENT_B);
    const admitted = (resourceUnits: string) => ({
      status: 200,
      resourceUnits,
      retryAfter: null,
      scope: null,
      information: null,
    });
    const refused = (retryAfter: string) => ({
      status: 429,
      resourceUnits: null,
      retryAfter,
      scope: `Tenant_Application/ReadWrite/${CLIENT_ID}/${TENANT}`,
      information: 'ResourceUnitLimitExceeded',
    });
    expect(await get(emulator, a, '/v1.0/applications')).toEqual(admitted('2'));
    expect(await get(emulator, a, '/v1.0/applications?$select=id')).toEqual(admitted('1'));
    // 2 RU left: a 2-unit list passes, then 0 left.
    expect(await get(emulator, a, '/v1.0/users')).toEqual(admitted('2'));
    // 5 RU per 10 s refill half a unit a second: one unit takes 2 s.
    expect(await get(emulator, a, '/v1.0/servicePrincipals')).toEqual(refused('2'));
    // Another tenant of the same app has its own budget.
    expect(await get(emulator, b, '/v1.0/applications')).toEqual(admitted('2'));
    now = 1999;
    expect(await get(emulator, a, '/v1.0/servicePrincipals')).toEqual(refused('1'));
    now = 2000;
    expect(await get(emulator, a, '/v1.0/servicePrincipals')).toEqual(admitted('1'));
    expect(await get(emulator, a, '/v1.0/applications')).toEqual(refused('4'));
    expect(emulator.throttledCount).toBe(3);
    expect(
      graphEntries(emulator).map((entry) => [entry.tenantId === TENANT ? 'a' : 'b', entry.status]),
    ).toEqual([
      ['a', 200],
      ['a', 200],
      ['a', 200],
      ['a', 429],
      ['b', 200],
      ['a', 429],
      ['a', 200],
      ['a', 429],
    ]);
  });
});

describe('an azure source with several tenants', () => {
  it('reads two tenants at once: the first tenant’s first answer waits for the second tenant', async () => {
    let secondAsked: () => void = () => undefined;
    const secondTenantAsked = new Promise<void>((resolve) => {
      secondAsked = resolve;
    });
    const events: string[] = [];
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate(), secondTenant()] },
      // Read one after the other, the first tenant would wait here forever.
      beforeAnswer: async (entry) => {
        if (entry.tenantId === TENANT_B) {
          events.push('second tenant asks');
          secondAsked();
        }
        if (entry.tenantId === TENANT) {
          await secondTenantAsked;
          events.push('first tenant answered');
        }
      },
    });
    const listed = await list(emulator, { ...bothTenants, tenantConcurrency: 2 });
    expect(events[0]).toBe('second tenant asks');
    expect(events).toContain('first tenant answered');
    const first = graphEntries(emulator, TENANT);
    const second = graphEntries(emulator, TENANT_B);
    expect(listed.partial).toEqual([]);
    // Each tenant's inventory in full, under its own tenant id.
    const lines = listed.credentials.map(credentialLine);
    const ofSecond = lines.filter((line) => line.includes(TENANT_B));
    const ofFirst = lines.filter((line) => !line.includes(TENANT_B));
    expect(ofFirst.length).toBeGreaterThan(0);
    expect(ofSecond.map((line) => line.replaceAll(`azure:${TENANT_B}:`, ''))).toEqual(ofFirst);
    // The same calls in each tenant (in whatever order its parallel reads made them).
    const calls = (entries: AzureRequestLogEntry[]) =>
      entries.map((entry) => `${entry.method} ${entry.path}`).sort();
    expect(calls(first)).toEqual(calls(second));
  });

  it('is never throttled at the emulator’s shape when paced under its figure', async () => {
    // 12 RU per 2 s per app and tenant (capacity 12, 6 RU a second); paced at 4.8 RU a second (as
    // the default 3,000 per 10 s sits under Graph's 3,500), in a bucket of 2.4.
    const shape = graphRateLimits.keys.windowSeconds!.apply(
      graphRateLimits.keys.resourceUnits!.apply(graphRateLimits.real, 12),
      2,
    );
    emulator = await startAzureEmulator({
      estate: { tenants: [tenantEstate(), secondTenant()] },
      rateLimit: shape,
    });
    const listed = await list(emulator, { ...bothTenants, resourceUnitsPer10s: 48, pageSize: 2 });
    expect(emulator.throttledCount).toBe(0);
    expect(listed.partial).toEqual([]);
    // Each tenant spent more than its bucket holds: the pace, not luck, kept it under the limit.
    expect(resourceUnitsOf(graphEntries(emulator, TENANT))).toBeGreaterThan(12);
    expect(resourceUnitsOf(graphEntries(emulator, TENANT_B))).toBeGreaterThan(12);
  });
});

describe('the revoker of a source with several tenants', () => {
  it('calls Graph in the credential’s own tenant, with that tenant’s client', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate(), secondTenant()] } });
    const listed = await list(emulator, bothTenants);
    const target = listed.credentials.find(
      (credential) =>
        credential.account === TENANT_B &&
        credential.kind === 'client-secret' &&
        credential.status === 'active',
    )!;
    const scanner = azureScanner(emulator, bothTenants);
    const signal = new AbortController().signal;
    const before = emulator.requestLog.length;
    expect(await scanner.revoker!.revoke(target, 'delete', { dryRun: false, signal })).toMatchObject({
      outcome: 'revoked',
    });
    expect(
      emulator.requestLog
        .slice(before)
        .filter((entry) => entry.server === 'graph')
        .map((entry) => [entry.method, entry.tenantId]),
    ).toEqual([['POST', TENANT_B]]);
    const holds = (tenantId: string) =>
      emulator!.estate.tenants
        .find((tenant) => tenant.tenantId === tenantId)!
        .applications.some((entry) =>
          entry.application.passwordCredentials.some((secret) => secret.keyId === target.externalId),
        );
    expect(holds(TENANT_B)).toBe(false);
    expect(holds(TENANT)).toBe(true);
  });
});
