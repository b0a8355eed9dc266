/** The azure source's options: one tenant or several, and the pace and concurrency defaults. */
import { describe, expect, it } from 'vitest';
import { azureOptionsSchema, tenantsOf } from '../../../scanners/azure/options.js';

const A = '11111111-2222-3333-4444-555555555555';
const B = '11111111-2222-3333-4444-666666666666';
const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const APP_B = 'aaaaaaaa-0000-4000-8000-000000000002';

const issues = (input: unknown) => {
  const result = azureOptionsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('azure source options', () => {
  it('takes one tenant with the documented defaults', () => {
    const options = azureOptionsSchema.parse({ tenantId: A });
    expect(options).toMatchObject({ concurrency: 32, tenantConcurrency: 4, resourceUnitsPer10s: 3000 });
    expect(options.requestsPerSecond).toBeUndefined();
    expect(tenantsOf(options).map((tenant) => [tenant.tenantId, tenant.credentials])).toEqual([
      [A, undefined],
    ]);
  });

  it('takes several tenants, each with its own credentials or the source’s', () => {
    const options = azureOptionsSchema.parse({
      tenants: [
        { tenantId: A },
        { tenantId: B, credentials: { clientId: APP_B, clientSecret: 'env:B_SECRET' } },
      ],
      credentials: { clientId: APP, clientSecret: 'env:A_SECRET' },
    });
    expect(tenantsOf(options).map((tenant) => [tenant.tenantId, tenant.credentials])).toEqual([
      [A, { clientId: APP, clientSecret: 'env:A_SECRET' }],
      [B, { clientId: APP_B, clientSecret: 'env:B_SECRET' }],
    ]);
  });

  it('refuses neither or both of tenantId and tenants, and a tenant listed twice', () => {
    expect(issues({})).toEqual([
      ['tenantId', 'expected exactly one of tenantId (one tenant) or tenants (several)'],
    ]);
    expect(issues({ tenantId: A, tenants: [{ tenantId: B }] })).toEqual([
      ['tenants', 'expected exactly one of tenantId (one tenant) or tenants (several)'],
    ]);
    expect(issues({ tenants: [{ tenantId: A }, { tenantId: A.toUpperCase() }] })).toEqual([
      ['tenants.1.tenantId', `tenant ${A.toUpperCase()} is listed twice`],
    ]);
    expect(issues({ tenants: [] })).toEqual([['tenants', 'Too small: expected array to have >=1 items']]);
  });

  it('paces in resource units per 10 s (0 = unpaced), and keeps requestsPerSecond as an extra cap', () => {
    expect(azureOptionsSchema.parse({ tenantId: A, resourceUnitsPer10s: 0 }).resourceUnitsPer10s).toBe(0);
    expect(azureOptionsSchema.parse({ tenantId: A, requestsPerSecond: 40 }).requestsPerSecond).toBe(40);
    expect(issues({ tenantId: A, resourceUnitsPer10s: 2.5 })).toEqual([
      ['resourceUnitsPer10s', 'Invalid input: expected int, received number'],
    ]);
  });
});
