/**
 * The GCP emulator's per-minute quotas: one bucket per (quota project, API, Read|Write). IAM charges
 * the project in the path; Resource Manager and Policy Analyzer charge the caller's quota project
 * (x-goog-user-project, else the credential's own project), so another scope is never affected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { type GcpQuotas, quotaLimiter, REAL_GCP_QUOTAS } from '../../../scanners/gcp/emulator/quotas.js';
import { TOKEN, twoProjectEstate } from './estate.js';

/** One request a minute per bucket (burst 1): nothing refills while a test runs. */
const ONE_AT_ONCE: GcpQuotas = {
  iam: { readsPerMinute: 1, writesPerMinute: 1 },
  cloudresourcemanager: { readsPerMinute: 1, writesPerMinute: 1 },
  policyanalyzer: { readsPerMinute: 1 },
  burstSeconds: 1,
};

async function call(
  emulator: GcpEmulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${emulator.endpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

const consumerOf = (answer: { body: { error?: { message: string } } }) =>
  /consumer 'project_number:(\d+)'/.exec(answer.body.error?.message ?? '')?.[1];

describe('GCP emulator quotas', () => {
  let emulator: GcpEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('charges IAM to the project in the path: one project over its quota leaves the other, and writes, alone', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate(), rateLimit: ONE_AT_ONCE });
    const prodList = '/v1/projects/acme-prod/serviceAccounts';
    expect((await call(emulator, 'GET', prodList)).status).toBe(200);
    const refused = await call(emulator, 'GET', prodList);
    expect(refused).toEqual({
      status: 429,
      body: {
        error: {
          code: 429,
          message:
            "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'iam.googleapis.com' for consumer 'project_number:111111111111'.",
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'RATE_LIMIT_EXCEEDED',
              domain: 'googleapis.com',
              metadata: {
                consumer: 'projects/111111111111',
                quota_limit: 'ReadRequestsPerMinutePerProject',
                quota_limit_value: '1',
                quota_location: 'global',
                quota_metric: 'iam.googleapis.com/read_requests',
                service: 'iam.googleapis.com',
              },
            },
            {
              '@type': 'type.googleapis.com/google.rpc.Help',
              links: [
                {
                  description: 'Request a higher quota limit.',
                  url: 'https://cloud.google.com/docs/quotas/help/request_increase',
                },
              ],
            },
          ],
        },
      },
    });
    // Another project's IAM quota, the same project's write quota, and Resource Manager: untouched.
    expect((await call(emulator, 'GET', '/v1/projects/acme-dev/serviceAccounts')).status).toBe(200);
    const prodAccount = emulator.estate.projects[0]!.serviceAccounts[0]!.account.email;
    expect(
      (await call(emulator, 'POST', `/v1/projects/acme-prod/serviceAccounts/${prodAccount}:disable`)).status,
    ).toBe(200);
    expect((await call(emulator, 'POST', '/v3/projects/acme-prod:getIamPolicy')).status).toBe(200);
    expect((await call(emulator, 'GET', '/v1/projects/acme-dev/serviceAccounts')).status).toBe(429);
    expect(
      emulator.requestLog.map((entry) => [entry.operation, entry.project, entry.throttled ?? false]),
    ).toEqual([
      ['serviceAccounts.list', 'acme-prod', false],
      ['serviceAccounts.list', 'acme-prod', true],
      ['serviceAccounts.list', 'acme-dev', false],
      ['serviceAccounts.disable', 'acme-prod', false],
      ['projects.getIamPolicy', 'acme-prod', false],
      ['serviceAccounts.list', 'acme-dev', true],
    ]);
    expect(emulator.throttledCount).toBe(2);
  });

  it('charges Resource Manager and Policy Analyzer to the quota project, whatever project they read', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate(), rateLimit: ONE_AT_ONCE });
    expect((await call(emulator, 'POST', '/v3/projects/acme-prod:getIamPolicy')).status).toBe(200);
    // acme-dev's policy, but the credential's own project (acme-prod) pays: over its quota.
    const devPolicy = await call(emulator, 'POST', '/v3/projects/acme-dev:getIamPolicy');
    expect(devPolicy.status).toBe(429);
    expect(consumerOf(devPolicy)).toBe('111111111111');
    // x-goog-user-project names another quota project: a bucket of its own, by id or number.
    const asDev = { 'x-goog-user-project': 'acme-dev' };
    expect((await call(emulator, 'POST', '/v3/projects/acme-prod:getIamPolicy', asDev)).status).toBe(200);
    const again = await call(emulator, 'POST', '/v3/projects/acme-prod:getIamPolicy', {
      'x-goog-user-project': '222222222222',
    });
    expect([again.status, consumerOf(again)]).toEqual([429, '222222222222']);
    const activities =
      '/v1/projects/acme-dev/locations/global/activityTypes/serviceAccountKeyLastAuthentication/activities:query';
    expect((await call(emulator, 'GET', activities)).status).not.toBe(429);
    const refused = await call(emulator, 'GET', activities.replace('acme-dev', 'acme-prod'));
    expect([refused.status, consumerOf(refused)]).toEqual([429, '111111111111']);
    expect(refused.body.error?.message).toContain("of service 'policyanalyzer.googleapis.com'");
  });

  it('refills each bucket at its per-minute rate, up to burstSeconds of quota', () => {
    let now = 0;
    const limiter = quotaLimiter(twoProjectEstate(), { ...REAL_GCP_QUOTAS, burstSeconds: 2 }, () => now);
    const iamRead = {
      service: 'iam',
      kind: 'Read',
      pathProject: 'acme-prod',
      userProject: undefined,
    } as const;
    const taken = Array.from({ length: 201 }, () => limiter.charge(iamRead));
    // 6,000 a minute = 100 a second; 2 s of it = 200 at once.
    expect(taken.filter((refusal) => refusal === undefined)).toHaveLength(200);
    expect(taken[200]).toEqual({ consumer: '111111111111', perMinute: 6000 });
    now = 50; // 50 ms: 5 more.
    expect(Array.from({ length: 6 }, () => limiter.charge(iamRead) === undefined)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    const crmWrite = {
      service: 'cloudresourcemanager',
      kind: 'Write',
      pathProject: 'acme-dev',
      userProject: undefined,
    } as const;
    expect(limiter.quotaProjectOf(crmWrite)).toBe('acme-prod');
    expect(limiter.quotaProjectOf({ ...crmWrite, userProject: '222222222222' })).toBe('acme-dev');
    expect(limiter.quotaProjectOf({ ...iamRead, pathProject: 'acme-dev' })).toBe('acme-dev');
  });
});
