/**
 * Graph's identity-and-access throttling: the cost of a request (the scanner's table and the
 * emulator's give the same answers) and the emulator's buckets per app and tenant, per app and per
 * tenant, on a fixed clock.
 */
import { describe, expect, it } from 'vitest';
import { graphRateLimits } from '../../../scanners/azure/emulator/rate-limits.js';
import { requestCost as emulatorCost } from '../../../scanners/azure/emulator/resource-units.js';
import {
  GRAPH_IDENTITY_LIMITS,
  type GraphThrottleLimit,
  graphThrottle,
} from '../../../scanners/azure/emulator/throttle.js';
import { isGraphThrottleLimit } from '../../../scanners/azure/emulator/types.js';
import { requestCost as scannerCost } from '../../../scanners/azure/resource-units.js';

/** Graph's real shape with one key applied (`nhiscan emulate --rate-limit azure.KEY=VALUE`). */
function withKey(key: string, value: number): GraphThrottleLimit {
  const limit = graphRateLimits.keys[key]!.apply(graphRateLimits.real, value);
  if (!isGraphThrottleLimit(limit)) throw new Error(`azure.${key} did not give Graph's shape`);
  return limit;
}

const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_APP = 'aaaaaaaa-0000-4000-8000-000000000002';
const TENANT_A = '11111111-2222-3333-4444-555555555555';
const TENANT_B = '11111111-2222-3333-4444-666666666666';

const REQUESTS: [method: string, path: string, query: string, resourceUnits: number, writes: number][] = [
  ['GET', '/v1.0/applications', '', 2, 0],
  ['GET', '/v1.0/applications', '$select=id,appId&$top=999', 1, 0],
  ['GET', '/v1.0/applications', '$top=5', 1, 0],
  ['GET', '/v1.0/applications', '$top=20', 2, 0],
  ['GET', '/v1.0/applications', '$select=id&$top=5', 1, 0],
  ['GET', '/v1.0/applications', '$expand=owners', 3, 0],
  ['GET', '/v1.0/applications/0b000000-0000-4000-8000-000000000001', '', 1, 0],
  ['GET', '/v1.0/applications/0b000000-0000-4000-8000-000000000001/owners', '$select=id,mail', 1, 0],
  ['GET', '/v1.0/servicePrincipals', '', 1, 0],
  ['GET', "/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", '$select=id', 1, 0],
  ['GET', '/v1.0/servicePrincipals/5b000000-0000-4000-8000-000000000001/appRoleAssignments', '', 2, 0],
  ['GET', '/v1.0/users', "$filter=mail in ('a@x.example')", 2, 0],
  ['GET', '/v1.0/users/ann@acme.onmicrosoft.com/memberOf', '', 2, 0],
  ['GET', '/v1.0/groups/0b000000-0000-4000-8000-000000000001/transitiveMembers', '', 5, 0],
  ['GET', '/beta/reports/appCredentialSignInActivities', '', 1, 0],
  ['POST', '/v1.0/applications/0b000000-0000-4000-8000-000000000001/removePassword', '', 1, 1],
  ['PATCH', '/v1.0/users/e0000000-0000-4000-8000-000000000001', '', 1, 1],
  ['POST', '/v1.0/users/ann@acme.onmicrosoft.com/getMemberGroups', '', 2, 1],
];

describe('the resource-unit cost of a Graph request', () => {
  it.each(REQUESTS)(
    '%s %s?%s costs %d RU and %d writes, in the scanner and the emulator',
    (method, path, query, resourceUnits, writes) => {
      const params = new URLSearchParams(query);
      expect(scannerCost(method, path, params)).toEqual({ resourceUnits, writes });
      expect(emulatorCost(method, path, params)).toEqual({ resourceUnits, writes });
    },
  );

  it('reads the path after the version segment when the Graph URL has a prefix (scanner)', () => {
    expect(scannerCost('GET', '/proxy/graph/v1.0/applications', new URLSearchParams())).toEqual({
      resourceUnits: 2,
      writes: 0,
    });
  });
});

describe('the emulator’s identity-and-access buckets', () => {
  const read = (resourceUnits: number) => ({ resourceUnits, writes: 0 });

  it.each([
    [49, 3500],
    [50, 5000],
    [500, 5000],
    [501, 8000],
  ])('gives a tenant of %d users %d RU per 10 s per app, and refuses the next unit', (users, quota) => {
    const throttle = graphThrottle(GRAPH_IDENTITY_LIMITS, () => 0);
    expect(throttle.admit({ appId: APP, tenantId: TENANT_A, users, cost: read(quota) })).toEqual({
      admitted: true,
    });
    expect(throttle.admit({ appId: APP, tenantId: TENANT_A, users, cost: read(1) })).toEqual({
      admitted: false,
      scope: `Tenant_Application/ReadWrite/${APP}/${TENANT_A}`,
      information: 'ResourceUnitLimitExceeded',
      retryAfterSeconds: 1,
    });
  });

  it('refills the pair at its quota per window, charges nothing for a refused request', () => {
    let now = 0;
    const limit = withKey('resourceUnits', 10);
    const throttle = graphThrottle(limit, () => now);
    const admit = (units: number) =>
      throttle.admit({ appId: APP, tenantId: TENANT_A, users: 3, cost: read(units) });
    expect(admit(8).admitted).toBe(true);
    // 2 RU left: a 5-unit request waits for 3 more, at 1 RU a second.
    expect(admit(5)).toMatchObject({ admitted: false, retryAfterSeconds: 3 });
    expect(admit(2).admitted).toBe(true);
    now = 2999;
    expect(admit(3).admitted).toBe(false);
    now = 3000;
    expect(admit(3).admitted).toBe(true);
  });

  it('counts writes per app and tenant on their own quota', () => {
    const limit = withKey('writes', 2);
    const throttle = graphThrottle(limit, () => 0);
    const write = () =>
      throttle.admit({ appId: APP, tenantId: TENANT_A, users: 3, cost: { resourceUnits: 1, writes: 1 } });
    expect(write().admitted).toBe(true);
    expect(write().admitted).toBe(true);
    expect(write()).toEqual({
      admitted: false,
      scope: `Tenant_Application/Write/${APP}/${TENANT_A}`,
      information: 'WriteLimitExceeded',
      // 2 writes per 150 s: one comes back after 75 s.
      retryAfterSeconds: 75,
    });
    // Reads still pass: the write quota is its own.
    expect(throttle.admit({ appId: APP, tenantId: TENANT_A, users: 3, cost: read(1) }).admitted).toBe(true);
  });

  it('charges an app across tenants, and another app not at all', () => {
    const limit = withKey('appResourceUnits', 3);
    const throttle = graphThrottle(limit, () => 0);
    expect(throttle.admit({ appId: APP, tenantId: TENANT_A, users: 3, cost: read(2) }).admitted).toBe(true);
    expect(throttle.admit({ appId: APP, tenantId: TENANT_B, users: 3, cost: read(2) })).toEqual({
      admitted: false,
      scope: `Application/ReadWrite/${APP}/${TENANT_B}`,
      information: 'ResourceUnitLimitExceeded',
      // 1 RU short at 3 RU per 20 s: 6.7 s.
      retryAfterSeconds: 7,
    });
    expect(throttle.admit({ appId: OTHER_APP, tenantId: TENANT_B, users: 3, cost: read(2) }).admitted).toBe(
      true,
    );
  });

  it('describes the real shape and a changed one', () => {
    expect(graphRateLimits.describe(graphRateLimits.real)).toBe(
      'resource units per app and tenant: 3,500 (under 50 users) / 5,000 (50–500) / 8,000 (over 500) per 10 s; 150,000 per 20 s per app across tenants; writes 3,000 per 150 s per app and tenant; 429 + Retry-After',
    );
    const changed = graphRateLimits.keys.windowSeconds!.apply(
      graphRateLimits.keys.resourceUnits!.apply(graphRateLimits.real, 400),
      2,
    );
    expect(graphRateLimits.describe(changed)).toBe(
      'resource units per app and tenant: 400 per 2 s; 150,000 per 20 s per app across tenants; writes 3,000 per 150 s per app and tenant; 429 + Retry-After',
    );
    expect(graphRateLimits.describe({ requestsPerSecond: 20, burst: 4 })).toBe(
      'token bucket 20 requests/s, burst 4, per tenant, 429 + Retry-After',
    );
  });
});
