/**
 * The GCP emulator through the official clients (@googleapis/iam, @googleapis/cloudresourcemanager
 * with a google-auth-library OAuth2Client) and, for Policy Analyzer (no standalone client) and the
 * error bodies, raw fetch: paging, key filters, revocation that shows on the next read, IAM
 * policies, activities, and the errors a scanner must handle (401, 403, 404, 400, 429, 503).
 */
import { cloudresourcemanager } from '@googleapis/cloudresourcemanager';
import { iam } from '@googleapis/iam';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { GcpEstate, GcpServiceAccountEstate } from '../../../scanners/gcp/emulator/estate.js';
import {
  type GcpEmulator,
  type GcpEmulatorOptions,
  type GcpRequestLogEntry,
  startGcpEmulator,
} from '../../../scanners/gcp/emulator/index.js';

const TOKEN = 'gcp-emulator-test-token-not-real';
const PROD = 'acme-prod';
const DEPLOYER = `deployer@${PROD}.iam.gserviceaccount.com`;
const LEGACY = `legacy@${PROD}.iam.gserviceaccount.com`;
const USER_KEY = '1f1a216b2f2ae7e5ab8a2bf1d2b5e2a4c0ffee01';
const SYSTEM_KEY = '9d8c7b6a5f4e3d2c1b0a99887766554433221100';
const OLD_KEY = '0123456789abcdef0123456789abcdef01234567';
const USER_INITIATED = 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED';

function bigAccount(index: number): GcpServiceAccountEstate {
  const id = String(index).padStart(2, '0');
  return {
    account: {
      email: `sa-${id}@acme-big.iam.gserviceaccount.com`,
      uniqueId: `2000000000000000000${id}`,
      displayName: `Batch ${id}`,
    },
    keys:
      index < 5
        ? [
            {
              keyId: `b1${id}`.padEnd(40, '0'),
              key: {
                keyType: 'USER_MANAGED',
                keyOrigin: 'GOOGLE_PROVIDED',
                keyAlgorithm: 'KEY_ALG_RSA_2048',
              },
              lastAuthenticatedTime: `2025-04-${String(index + 10)}T07:00:00Z`,
            },
          ]
        : [],
  };
}

function estate(): GcpEstate {
  return {
    token: TOKEN,
    projects: [
      {
        projectId: PROD,
        projectNumber: '123456789012',
        iamPolicy: {
          version: 3,
          etag: 'BwX1proj',
          bindings: [
            { role: 'roles/owner', members: ['user:ann@acme.example'] },
            {
              role: 'roles/iam.serviceAccountKeyAdmin',
              members: [`serviceAccount:${DEPLOYER}`],
              condition: {
                title: 'until 2026',
                expression: "request.time < timestamp('2026-01-01T00:00:00Z')",
              },
            },
          ],
        },
        serviceAccounts: [
          {
            account: {
              email: DEPLOYER,
              uniqueId: '104729000000000000001',
              displayName: 'Deployer',
              description: 'CI deploys; owner ann@acme.example',
            },
            iamPolicy: {
              version: 1,
              etag: 'BwX1sa',
              bindings: [{ role: 'roles/iam.serviceAccountUser', members: ['user:ann@acme.example'] }],
            },
            keys: [
              {
                keyId: USER_KEY,
                key: {
                  keyType: 'USER_MANAGED',
                  keyOrigin: 'GOOGLE_PROVIDED',
                  keyAlgorithm: 'KEY_ALG_RSA_2048',
                  validAfterTime: '2024-01-10T09:00:00Z',
                  validBeforeTime: '9999-12-31T23:59:59Z',
                  // Planted so a test can prove that no key material is ever served (fake values).
                  privateKeyData: 'ZmFrZS1wcml2YXRlLWtleQ==',
                  publicKeyData: 'ZmFrZS1wdWJsaWMta2V5',
                },
                lastAuthenticatedTime: '2025-05-01T07:00:00Z',
              },
              {
                keyId: SYSTEM_KEY,
                key: {
                  keyType: 'SYSTEM_MANAGED',
                  keyOrigin: 'GOOGLE_PROVIDED',
                  keyAlgorithm: 'KEY_ALG_RSA_2048',
                  validAfterTime: '2025-05-01T00:00:00Z',
                  validBeforeTime: '2025-07-01T00:00:00Z',
                },
                lastAuthenticatedTime: '2025-05-02T07:00:00Z',
              },
              {
                keyId: OLD_KEY,
                key: {
                  keyType: 'USER_MANAGED',
                  keyOrigin: 'USER_PROVIDED',
                  keyAlgorithm: 'KEY_ALG_RSA_2048',
                  validAfterTime: '2022-03-01T00:00:00Z',
                  validBeforeTime: '2032-03-01T00:00:00Z',
                  disabled: true,
                  disableReason: USER_INITIATED,
                },
              },
            ],
          },
          {
            account: { email: LEGACY, uniqueId: '104729000000000000002', disabled: true },
            keys: [],
          },
        ],
      },
      {
        projectId: 'acme-big',
        projectNumber: '222222222222',
        iamPolicy: { version: 1, etag: 'BwX2proj', bindings: [] },
        serviceAccounts: Array.from({ length: 45 }, (_, index) => bigAccount(index)),
      },
      {
        projectId: 'acme-locked',
        projectNumber: '333333333333',
        policyAnalyzer: false,
        iamPolicy: { version: 1, etag: 'BwX3proj' },
        serviceAccounts: [
          {
            account: { email: 'ops@acme-locked.iam.gserviceaccount.com', uniqueId: '300000000000000000001' },
            keys: [
              {
                keyId: 'c0'.padEnd(40, '0'),
                key: { keyType: 'USER_MANAGED' },
                lastAuthenticatedTime: '2025-03-03T08:00:00Z',
              },
            ],
          },
        ],
      },
    ],
  };
}

const running: GcpEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options: Partial<GcpEmulatorOptions> = {}): Promise<GcpEmulator> {
  const emulator = await startGcpEmulator({ estate: estate(), ...options });
  running.push(emulator);
  return emulator;
}

function clients(emulator: GcpEmulator, token = TOKEN) {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token });
  const rootUrl = `${emulator.endpoint}/`;
  return {
    iam: iam({ version: 'v1', auth, rootUrl }),
    crm: cloudresourcemanager({ version: 'v3', auth, rootUrl }),
  };
}

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A raw request; `token: null` sends no Authorization header. */
async function call(
  emulator: GcpEmulator,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<Reply> {
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${emulator.endpoint}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The status and body of a failed SDK call (a GaxiosError). */
async function sdkFailure(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as { status?: number; response?: { data?: unknown } };
    return { status: status ?? 0, body: response?.data };
  }
  throw new Error('expected the call to fail');
}

const deployerAccount = {
  name: `projects/${PROD}/serviceAccounts/${DEPLOYER}`,
  projectId: PROD,
  uniqueId: '104729000000000000001',
  email: DEPLOYER,
  displayName: 'Deployer',
  etag: 'MDEwMjE5MjA=',
  description: 'CI deploys; owner ann@acme.example',
  oauth2ClientId: '104729000000000000001',
};

const legacyAccount = {
  name: `projects/${PROD}/serviceAccounts/${LEGACY}`,
  projectId: PROD,
  uniqueId: '104729000000000000002',
  email: LEGACY,
  etag: 'MDEwMjE5MjA=',
  oauth2ClientId: '104729000000000000002',
  disabled: true,
};

const keyName = (keyId: string) => `projects/${PROD}/serviceAccounts/${DEPLOYER}/keys/${keyId}`;

const userKey = {
  name: keyName(USER_KEY),
  validAfterTime: '2024-01-10T09:00:00Z',
  validBeforeTime: '9999-12-31T23:59:59Z',
  keyAlgorithm: 'KEY_ALG_RSA_2048',
  keyOrigin: 'GOOGLE_PROVIDED',
  keyType: 'USER_MANAGED',
};

const systemKey = {
  name: keyName(SYSTEM_KEY),
  validAfterTime: '2025-05-01T00:00:00Z',
  validBeforeTime: '2025-07-01T00:00:00Z',
  keyAlgorithm: 'KEY_ALG_RSA_2048',
  keyOrigin: 'GOOGLE_PROVIDED',
  keyType: 'SYSTEM_MANAGED',
};

const oldKey = {
  name: keyName(OLD_KEY),
  validAfterTime: '2022-03-01T00:00:00Z',
  validBeforeTime: '2032-03-01T00:00:00Z',
  keyAlgorithm: 'KEY_ALG_RSA_2048',
  keyOrigin: 'USER_PROVIDED',
  keyType: 'USER_MANAGED',
  disabled: true,
  disableReason: USER_INITIATED,
};

const iamDenied = (permission: string) => ({
  error: {
    code: 403,
    message: `Permission '${permission}' denied on resource (or it may not exist).`,
    status: 'PERMISSION_DENIED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'IAM_PERMISSION_DENIED',
        domain: 'iam.googleapis.com',
        metadata: { permission },
      },
    ],
  },
});

const activitiesPath = (project: string, activityType = 'serviceAccountKeyLastAuthentication') =>
  `/v1/projects/${project}/locations/global/activityTypes/${activityType}/activities:query`;

const fullKeyName = (project: string, email: string, keyId: string) =>
  `//iam.googleapis.com/projects/${project}/serviceAccounts/${email}/keys/${keyId}`;

describe('GCP emulator: service accounts', () => {
  it('pages 45 accounts 20 at a time with opaque tokens, and clamps pageSize to 100', async () => {
    const emulator = await start();
    const { iam: client } = clients(emulator);
    const pages: number[] = [];
    const emails: string[] = [];
    const tokens: string[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await client.projects.serviceAccounts.list({
        name: 'projects/acme-big',
        pageSize: 20,
        ...(pageToken ? { pageToken } : {}),
      });
      pages.push(data.accounts?.length ?? 0);
      emails.push(...(data.accounts ?? []).map((account) => account.email ?? ''));
      pageToken = data.nextPageToken ?? undefined;
      if (pageToken) tokens.push(pageToken);
    } while (pageToken);
    expect(pages).toEqual([20, 20, 5]);
    expect(emails).toEqual(
      Array.from(
        { length: 45 },
        (_, index) => `sa-${String(index).padStart(2, '0')}@acme-big.iam.gserviceaccount.com`,
      ),
    );
    for (const token of tokens) expect(token).not.toMatch(/^\d+$/);
    expect(emulator.requestLog.map((entry) => entry.query)).toEqual([
      { pageSize: '20' },
      { pageSize: '20', pageToken: tokens[0] },
      { pageSize: '20', pageToken: tokens[1] },
    ]);

    const byDefault = await client.projects.serviceAccounts.list({ name: 'projects/acme-big' });
    expect(byDefault.data.accounts).toHaveLength(20);
    const clamped = await client.projects.serviceAccounts.list({ name: 'projects/acme-big', pageSize: 500 });
    expect(clamped.data.accounts).toHaveLength(45);
    expect(clamped.data.nextPageToken).toBeUndefined();
  });

  it('answers each account in IAM v1 shape: derived name, stable etag, disabled only when true', async () => {
    const emulator = await start();
    const { data } = await clients(emulator).iam.projects.serviceAccounts.list({ name: `projects/${PROD}` });
    expect(data).toStrictEqual({ accounts: [deployerAccount, legacyAccount] });
    expect(data.accounts?.[1]?.disabled).toBe(true);
    expect(Object.hasOwn(data.accounts?.[0] ?? {}, 'disabled')).toBe(false);
  });

  it('refuses a made-up page token, or one from another listing, with 400 INVALID_ARGUMENT', async () => {
    const emulator = await start();
    const invalid = {
      error: {
        code: 400,
        message: 'Request contains an invalid argument.',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'page_token', description: 'Invalid page token.' }],
          },
        ],
      },
    };
    const madeUp = await call(emulator, 'GET', '/v1/projects/acme-big/serviceAccounts?pageToken=20');
    expect(madeUp).toMatchObject({ status: 400, body: invalid });
    const first = await call(emulator, 'GET', '/v1/projects/acme-big/serviceAccounts?pageSize=1');
    const token = (first.body as { nextPageToken: string }).nextPageToken;
    const elsewhere = await call(emulator, 'GET', `/v1/projects/${PROD}/serviceAccounts?pageToken=${token}`);
    expect(elsewhere).toMatchObject({ status: 400, body: invalid });
    const notANumber = await call(emulator, 'GET', `/v1/projects/${PROD}/serviceAccounts?pageSize=lots`);
    expect(notANumber.body).toStrictEqual({
      error: {
        code: 400,
        message: `Invalid value at 'page_size' (TYPE_INT32), "lots"`,
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [
              { field: 'page_size', description: `Invalid value at 'page_size' (TYPE_INT32), "lots"` },
            ],
          },
        ],
      },
    });
  });

  it('answers 403 for an unknown project, as Google cannot tell it from one the caller may not see', async () => {
    const emulator = await start();
    const failure = await sdkFailure(
      clients(emulator).iam.projects.serviceAccounts.list({ name: 'projects/no-such-project' }),
    );
    expect(failure).toStrictEqual({ status: 403, body: iamDenied('iam.serviceAccounts.list') });
  });

  it('gets an account by e-mail, by unique id and under `-`; 404 for a missing one (403 under `-`)', async () => {
    const emulator = await start();
    const accounts = clients(emulator).iam.projects.serviceAccounts;
    expect((await accounts.get({ name: `projects/${PROD}/serviceAccounts/${DEPLOYER}` })).data).toStrictEqual(
      deployerAccount,
    );
    expect(
      (await accounts.get({ name: `projects/${PROD}/serviceAccounts/104729000000000000001` })).data,
    ).toStrictEqual(deployerAccount);
    expect((await accounts.get({ name: `projects/-/serviceAccounts/${LEGACY}` })).data).toStrictEqual(
      legacyAccount,
    );
    expect(
      await sdkFailure(
        accounts.get({ name: `projects/${PROD}/serviceAccounts/ghost@${PROD}.iam.gserviceaccount.com` }),
      ),
    ).toStrictEqual({
      status: 404,
      body: { error: { code: 404, message: 'Unknown service account', status: 'NOT_FOUND' } },
    });
    expect(
      await sdkFailure(
        accounts.get({ name: `projects/-/serviceAccounts/ghost@${PROD}.iam.gserviceaccount.com` }),
      ),
    ).toStrictEqual({ status: 403, body: iamDenied('iam.serviceAccounts.get') });
  });

  it('disables an account in the estate (idempotent), and the next read shows it', async () => {
    const emulator = await start();
    const accounts = clients(emulator).iam.projects.serviceAccounts;
    const name = `projects/${PROD}/serviceAccounts/${DEPLOYER}`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { status, data } = await accounts.disable({ name, requestBody: {} });
      expect({ status, data }).toStrictEqual({ status: 200, data: {} });
    }
    expect(emulator.estate.projects[0]?.serviceAccounts[0]?.account.disabled).toBe(true);
    expect((await accounts.get({ name })).data).toStrictEqual({ ...deployerAccount, disabled: true });
  });

  it("answers an account's IAM policy, or the empty version-1 policy when it has none", async () => {
    const emulator = await start();
    const accounts = clients(emulator).iam.projects.serviceAccounts;
    const withPolicy = await accounts.getIamPolicy({
      resource: `projects/${PROD}/serviceAccounts/${DEPLOYER}`,
      'options.requestedPolicyVersion': 3,
    });
    expect(withPolicy.data).toStrictEqual({
      version: 1,
      etag: 'BwX1sa',
      bindings: [{ role: 'roles/iam.serviceAccountUser', members: ['user:ann@acme.example'] }],
    });
    const without = await accounts.getIamPolicy({ resource: `projects/${PROD}/serviceAccounts/${LEGACY}` });
    expect(without.data).toStrictEqual({ version: 1, etag: 'ACAB' });
  });
});

describe('GCP emulator: service account keys', () => {
  const parent = `projects/${PROD}/serviceAccounts/${DEPLOYER}`;

  it('lists every key, or the keyTypes asked for (repeated parameter), and never key material', async () => {
    const emulator = await start();
    const keys = clients(emulator).iam.projects.serviceAccounts.keys;
    expect((await keys.list({ name: parent })).data).toStrictEqual({ keys: [userKey, systemKey, oldKey] });
    expect((await keys.list({ name: parent, keyTypes: ['USER_MANAGED'] })).data).toStrictEqual({
      keys: [userKey, oldKey],
    });
    expect((await keys.list({ name: parent, keyTypes: ['SYSTEM_MANAGED'] })).data).toStrictEqual({
      keys: [systemKey],
    });
    const both = await keys.list({ name: parent, keyTypes: ['USER_MANAGED', 'SYSTEM_MANAGED'] });
    expect(both.data.keys).toHaveLength(3);
    expect(emulator.requestLog.at(-1)?.query).toStrictEqual({ keyTypes: ['USER_MANAGED', 'SYSTEM_MANAGED'] });
    const raw = await call(emulator, 'GET', `/v1/${parent}/keys`);
    expect(JSON.stringify(raw.body)).not.toMatch(/privateKeyData|publicKeyData|ZmFrZS/);
    const single = await keys.get({ name: keyName(USER_KEY) });
    expect(single.data).toStrictEqual(userKey);
    expect(JSON.stringify(single.data)).not.toMatch(/privateKeyData|publicKeyData|ZmFrZS/);
    expect((await keys.list({ name: `projects/${PROD}/serviceAccounts/${LEGACY}` })).data).toStrictEqual({
      keys: [],
    });
  });

  it('refuses an unknown key type as ESF does', async () => {
    const emulator = await start();
    const reply = await call(emulator, 'GET', `/v1/${parent}/keys?keyTypes=USER_MANAGED&keyTypes=ROOT`);
    const message = `Invalid value at 'key_types[1]' (type.googleapis.com/google.iam.admin.v1.ListServiceAccountKeysRequest.KeyType), "ROOT"`;
    expect(reply).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          message,
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'key_types[1]', description: message }],
            },
          ],
        },
      },
    });
  });

  it('answers 403 for the listing faults.denyServiceAccountKeys names, so a failed listing is not an empty one', async () => {
    const emulator = await start({ faults: { denyServiceAccountKeys: [DEPLOYER.toUpperCase()] } });
    const keys = clients(emulator).iam.projects.serviceAccounts.keys;
    expect(await sdkFailure(keys.list({ name: parent }))).toStrictEqual({
      status: 403,
      body: iamDenied('iam.serviceAccountKeys.list'),
    });
    expect(
      await sdkFailure(keys.list({ name: `projects/${PROD}/serviceAccounts/104729000000000000001` })),
    ).toMatchObject({ status: 403 });
    expect((await keys.list({ name: `projects/${PROD}/serviceAccounts/${LEGACY}` })).data).toStrictEqual({
      keys: [],
    });
    expect((await keys.get({ name: keyName(USER_KEY) })).status).toBe(200);
  });

  it('disables a key (user-initiated), and the next read shows it', async () => {
    const emulator = await start();
    const keys = clients(emulator).iam.projects.serviceAccounts.keys;
    const { status, data } = await keys.disable({ name: keyName(USER_KEY), requestBody: {} });
    expect({ status, data }).toStrictEqual({ status: 200, data: {} });
    const estateKey = emulator.estate.projects[0]?.serviceAccounts[0]?.keys[0]?.key;
    expect(estateKey).toMatchObject({ disabled: true, disableReason: USER_INITIATED });
    expect((await keys.get({ name: keyName(USER_KEY) })).data).toStrictEqual({
      ...userKey,
      disabled: true,
      disableReason: USER_INITIATED,
    });
    expect(await sdkFailure(keys.disable({ name: keyName('f'.repeat(40)), requestBody: {} }))).toStrictEqual({
      status: 404,
      body: {
        error: {
          code: 404,
          message: `Service account key ${'f'.repeat(40)} does not exist.`,
          status: 'NOT_FOUND',
        },
      },
    });
  });

  it('deletes a key from the estate; then get, delete and disable answer 404', async () => {
    const emulator = await start();
    const keys = clients(emulator).iam.projects.serviceAccounts.keys;
    const { status, data } = await keys.delete({ name: keyName(OLD_KEY) });
    expect({ status, data }).toStrictEqual({ status: 200, data: {} });
    expect(emulator.estate.projects[0]?.serviceAccounts[0]?.keys.map((key) => key.keyId)).toEqual([
      USER_KEY,
      SYSTEM_KEY,
    ]);
    expect((await keys.list({ name: parent })).data).toStrictEqual({ keys: [userKey, systemKey] });
    const gone = {
      status: 404,
      body: {
        error: { code: 404, message: `Service account key ${OLD_KEY} does not exist.`, status: 'NOT_FOUND' },
      },
    };
    expect(await sdkFailure(keys.get({ name: keyName(OLD_KEY) }))).toStrictEqual(gone);
    expect(await sdkFailure(keys.delete({ name: keyName(OLD_KEY) }))).toStrictEqual(gone);
    expect(await sdkFailure(keys.disable({ name: keyName(OLD_KEY), requestBody: {} }))).toStrictEqual(gone);
    expect(
      await sdkFailure(
        keys.list({ name: `projects/${PROD}/serviceAccounts/ghost@${PROD}.iam.gserviceaccount.com` }),
      ),
    ).toMatchObject({ status: 404, body: { error: { message: 'Unknown service account' } } });
  });
});

describe('GCP emulator: Cloud Resource Manager', () => {
  it("answers a project's IAM policy (v3, conditions kept) by id or number; 403 for an unknown project", async () => {
    const emulator = await start();
    const { crm } = clients(emulator);
    const expected = estate().projects[0]?.iamPolicy;
    const byId = await crm.projects.getIamPolicy({
      resource: `projects/${PROD}`,
      requestBody: { options: { requestedPolicyVersion: 3 } },
    });
    expect(byId.data).toStrictEqual(expected);
    const byNumber = await crm.projects.getIamPolicy({ resource: 'projects/123456789012', requestBody: {} });
    expect(byNumber.data).toStrictEqual(expected);
    const unknown = await call(emulator, 'POST', '/v3/projects/no-such-project:getIamPolicy', {
      body: { options: { requestedPolicyVersion: 3 } },
    });
    expect(unknown).toMatchObject({
      status: 403,
      body: {
        error: {
          code: 403,
          message:
            "Permission 'resourcemanager.projects.getIamPolicy' denied on resource '//cloudresourcemanager.googleapis.com/projects/no-such-project' (or it may not exist).",
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'IAM_PERMISSION_DENIED',
              domain: 'cloudresourcemanager.googleapis.com',
              metadata: { permission: 'resourcemanager.projects.getIamPolicy' },
            },
          ],
        },
      },
    });
    expect(
      emulator.requestLog.map(({ service, operation, project }) => ({ service, operation, project })),
    ).toEqual([
      { service: 'cloudresourcemanager', operation: 'projects.getIamPolicy', project: PROD },
      { service: 'cloudresourcemanager', operation: 'projects.getIamPolicy', project: '123456789012' },
      { service: 'cloudresourcemanager', operation: 'projects.getIamPolicy', project: 'no-such-project' },
    ]);
  });
});

describe('GCP emulator: Policy Analyzer', () => {
  it('answers one serviceAccountKeyLastAuthentication activity per authenticated key, in the documented shape', async () => {
    const emulator = await start();
    const reply = await call(emulator, 'GET', activitiesPath(PROD));
    const activity = (keyId: string, time: string, end: string) => ({
      activityType: 'serviceAccountKeyLastAuthentication',
      fullResourceName: fullKeyName(PROD, DEPLOYER, keyId),
      observationPeriod: { startTime: time, endTime: end },
      activity: {
        lastAuthenticatedTime: time,
        serviceAccountKey: {
          fullResourceName: fullKeyName(PROD, DEPLOYER, keyId),
          projectNumber: '123456789012',
          serviceAccountKeyId: keyId,
        },
      },
    });
    expect(reply).toMatchObject({ status: 200 });
    expect(reply.body).toStrictEqual({
      activities: [
        activity(USER_KEY, '2025-05-01T07:00:00Z', '2025-05-02T07:00:00Z'),
        activity(SYSTEM_KEY, '2025-05-02T07:00:00Z', '2025-05-03T07:00:00Z'),
      ],
    });
    expect(emulator.requestLog).toStrictEqual([
      {
        method: 'GET',
        path: activitiesPath(PROD),
        service: 'policyanalyzer',
        operation: 'activities.query',
        project: PROD,
        query: {},
        status: 200,
      },
    ]);
  });

  it('pages activities with pageSize and an opaque pageToken, and accepts the project number', async () => {
    const emulator = await start();
    const names: string[] = [];
    const sizes: number[] = [];
    let pageToken = '';
    do {
      const query = `?pageSize=2${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const reply = await call(emulator, 'GET', `${activitiesPath('222222222222')}${query}`);
      const body = reply.body as { activities: { fullResourceName: string }[]; nextPageToken?: string };
      sizes.push(body.activities.length);
      names.push(...body.activities.map((activity) => activity.fullResourceName));
      pageToken = body.nextPageToken ?? '';
    } while (pageToken);
    expect(sizes).toEqual([2, 2, 1]);
    expect(names).toEqual(
      [0, 1, 2, 3, 4].map((index) => {
        const id = String(index).padStart(2, '0');
        return fullKeyName(
          'acme-big',
          `sa-${id}@acme-big.iam.gserviceaccount.com`,
          `b1${id}`.padEnd(40, '0'),
        );
      }),
    );
    const all = await call(emulator, 'GET', `${activitiesPath('acme-big')}?pageSize=5000`);
    expect((all.body as { activities: unknown[]; nextPageToken?: string }).activities).toHaveLength(5);
    expect(all.body).not.toHaveProperty('nextPageToken');
  });

  it('filters on activities.full_resource_name, with or without spaces; refuses any other filter', async () => {
    const emulator = await start();
    const wanted = fullKeyName(PROD, DEPLOYER, SYSTEM_KEY);
    for (const filter of [
      `activities.full_resource_name="${wanted}"`,
      `activities.full_resource_name = "${wanted}"`,
    ]) {
      const reply = await call(
        emulator,
        'GET',
        `${activitiesPath(PROD)}?filter=${encodeURIComponent(filter)}`,
      );
      const body = reply.body as { activities: { fullResourceName: string }[] };
      expect(body.activities.map((activity) => activity.fullResourceName)).toEqual([wanted]);
    }
    const none = await call(
      emulator,
      'GET',
      `${activitiesPath(PROD)}?filter=${encodeURIComponent(`activities.full_resource_name="${fullKeyName(PROD, DEPLOYER, OLD_KEY)}"`)}`,
    );
    expect(none).toMatchObject({ status: 200, body: { activities: [] } });
    const other = 'activities.last_authenticated_time > "2025-01-01"';
    const refused = await call(
      emulator,
      'GET',
      `${activitiesPath(PROD)}?filter=${encodeURIComponent(other)}`,
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { code: 400, message: `Invalid filter: ${other}`, status: 'INVALID_ARGUMENT' } },
    });
  });

  it('answers 403 where the caller may not query activities, and 400 for another activity type', async () => {
    const emulator = await start();
    const reply = await call(emulator, 'GET', activitiesPath('acme-locked'));
    expect(reply.status).toBe(403);
    expect(reply.body).toStrictEqual({
      error: {
        code: 403,
        message:
          "Permission 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query' denied on resource '//cloudresourcemanager.googleapis.com/projects/acme-locked' (or it may not exist).",
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'IAM_PERMISSION_DENIED',
            domain: 'policyanalyzer.googleapis.com',
            metadata: { permission: 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query' },
          },
        ],
      },
    });
    expect((await call(emulator, 'GET', activitiesPath('no-such-project'))).status).toBe(403);
    const otherType = await call(emulator, 'GET', activitiesPath(PROD, 'serviceAccountLastAuthentication'));
    expect(otherType).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Unsupported activity type: serviceAccountLastAuthentication.',
          status: 'INVALID_ARGUMENT',
        },
      },
    });
    const badToken = await call(emulator, 'GET', `${activitiesPath(PROD)}?pageToken=bogus`);
    expect(badToken).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
  });

  it('answers 403 SERVICE_DISABLED, as Google does, where the Policy Analyzer API is disabled', async () => {
    const disabled = estate();
    disabled.projects.find((project) => project.projectId === 'acme-locked')!.policyAnalyzer =
      'service-disabled';
    const emulator = await start({ estate: disabled });
    const reply = await call(emulator, 'GET', activitiesPath('acme-locked'));
    const url =
      'https://console.developers.google.com/apis/api/policyanalyzer.googleapis.com/overview?project=333333333333';
    const message = `Policy Analyzer API has not been used in project 333333333333 before or it is disabled. Enable it by visiting ${url} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
    expect(reply.status).toBe(403);
    expect(reply.body).toStrictEqual({
      error: {
        code: 403,
        message,
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: {
              service: 'policyanalyzer.googleapis.com',
              consumer: 'projects/333333333333',
              activationUrl: url,
              containerInfo: '333333333333',
              serviceTitle: 'Policy Analyzer API',
            },
          },
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
          {
            '@type': 'type.googleapis.com/google.rpc.Help',
            links: [{ description: 'Google developers console API activation', url }],
          },
        ],
      },
    });
  });
});

describe('GCP emulator: authentication, rate limit, faults, unknown routes', () => {
  it('answers 401 UNAUTHENTICATED with Google’s www-authenticate challenge, without or with a wrong token', async () => {
    const emulator = await start();
    const missing = await call(emulator, 'GET', `/v1/projects/${PROD}/serviceAccounts`, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="https://accounts.google.com/"');
    expect(missing.body).toStrictEqual({
      error: {
        code: 401,
        message:
          'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        status: 'UNAUTHENTICATED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'CREDENTIALS_MISSING',
            domain: 'googleapis.com',
            metadata: {
              method: 'google.iam.admin.v1.IAM.ListServiceAccounts',
              service: 'iam.googleapis.com',
            },
          },
        ],
      },
    });
    const wrong = await sdkFailure(
      clients(emulator, 'some-other-token').iam.projects.serviceAccounts.list({ name: `projects/${PROD}` }),
    );
    expect(wrong).toMatchObject({
      status: 401,
      body: {
        error: {
          code: 401,
          message: expect.stringMatching(/^Request had invalid authentication credentials\./),
          status: 'UNAUTHENTICATED',
        },
      },
    });
    const wrongRaw = await call(emulator, 'GET', activitiesPath(PROD), { token: 'some-other-token' });
    expect(wrongRaw.headers.get('www-authenticate')).toBe(
      'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    );
    expect(emulator.estate.projects[0]?.serviceAccounts[0]?.keys).toHaveLength(3);
    expect(emulator.requestLog.map((entry) => entry.status)).toEqual([401, 401, 401]);
  });

  it('answers 429 RESOURCE_EXHAUSTED with Google’s quota message once the bucket is empty', async () => {
    const emulator = await start({ rateLimit: { requestsPerSecond: 0.5, burst: 2 } });
    const list = `/v1/projects/${PROD}/serviceAccounts`;
    expect((await call(emulator, 'GET', list)).status).toBe(200);
    expect((await call(emulator, 'GET', list)).status).toBe(200);
    const refused = await call(emulator, 'GET', list);
    expect(refused.status).toBe(429);
    expect(refused.body).toStrictEqual({
      error: {
        code: 429,
        message:
          "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'iam.googleapis.com' for consumer 'project_number:123456789012'.",
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: {
              consumer: 'projects/123456789012',
              quota_limit: 'ReadRequestsPerMinutePerProject',
              quota_limit_value: '30',
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
    });
    const write = await call(emulator, 'DELETE', `/v1/${keyName(USER_KEY)}`);
    expect(write.status).toBe(429);
    expect((write.body as { error: { message: string } }).error.message).toBe(
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute' of service 'iam.googleapis.com' for consumer 'project_number:123456789012'.",
    );
    const crm = await call(emulator, 'POST', `/v3/projects/${PROD}:getIamPolicy`, { body: {} });
    expect((crm.body as { error: { message: string } }).error.message).toContain(
      "of service 'cloudresourcemanager.googleapis.com'",
    );
    expect(emulator.estate.projects[0]?.serviceAccounts[0]?.keys).toHaveLength(3);
    expect(emulator.throttledCount).toBe(3);
    expect(emulator.requestLog.map((entry) => entry.throttled ?? false)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('fails every Nth admitted request with 503 UNAVAILABLE (faults.failEveryNth)', async () => {
    const emulator = await start({ faults: { failEveryNth: 3 } });
    const path = `/v1/projects/${PROD}/serviceAccounts/${DEPLOYER}`;
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      const reply = await call(emulator, 'GET', path);
      statuses.push(reply.status);
      if (reply.status === 503) {
        expect(reply.body).toStrictEqual({
          error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' },
        });
      }
    }
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
    expect(emulator.requestLog.filter((entry) => entry.fault).length).toBe(2);
    const unauthenticated = await call(emulator, 'GET', path, { token: null });
    expect(unauthenticated.status).toBe(401);
  });

  it('answers 404 NOT_FOUND naming the method and path for anything else', async () => {
    const emulator = await start();
    const reply = await call(emulator, 'PATCH', `/v1/projects/${PROD}/serviceAccounts/${DEPLOYER}`);
    expect(reply).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 404,
          message: `Method not found: PATCH /v1/projects/${PROD}/serviceAccounts/${DEPLOYER}`,
          status: 'NOT_FOUND',
        },
      },
    });
    const elsewhere = await call(emulator, 'GET', '/v2/projects/acme-prod/roles');
    expect(elsewhere.status).toBe(404);
    expect(emulator.requestLog).toStrictEqual<GcpRequestLogEntry[]>([
      {
        method: 'PATCH',
        path: `/v1/projects/${PROD}/serviceAccounts/${DEPLOYER}`,
        service: 'iam',
        operation: 'unknown',
        project: PROD,
        query: {},
        status: 404,
      },
      {
        method: 'GET',
        path: '/v2/projects/acme-prod/roles',
        service: 'iam',
        operation: 'unknown',
        project: PROD,
        query: {},
        status: 404,
      },
    ]);
  });

  it('logs every operation with its service and project, decodes %40, and waits latencyMs before answering', async () => {
    const emulator = await start({ latencyMs: 40 });
    const { iam: client } = clients(emulator);
    const began = Date.now();
    await call(emulator, 'GET', `/v1/projects/${PROD}/serviceAccounts/${DEPLOYER.replace('@', '%40')}`);
    expect(Date.now() - began).toBeGreaterThanOrEqual(35);
    await client.projects.serviceAccounts.getIamPolicy({
      resource: `projects/${PROD}/serviceAccounts/${DEPLOYER}`,
    });
    await client.projects.serviceAccounts.keys.get({ name: keyName(SYSTEM_KEY) });
    await client.projects.serviceAccounts.keys.disable({ name: keyName(USER_KEY), requestBody: {} });
    await client.projects.serviceAccounts.keys.delete({ name: keyName(OLD_KEY) });
    await client.projects.serviceAccounts.disable({
      name: `projects/-/serviceAccounts/${LEGACY}`,
      requestBody: {},
    });
    expect(
      emulator.requestLog.map(({ method, service, operation, project, status }) => [
        method,
        service,
        operation,
        project,
        status,
      ]),
    ).toEqual([
      ['GET', 'iam', 'serviceAccounts.get', PROD, 200],
      ['POST', 'iam', 'serviceAccounts.getIamPolicy', PROD, 200],
      ['GET', 'iam', 'serviceAccounts.keys.get', PROD, 200],
      ['POST', 'iam', 'serviceAccounts.keys.disable', PROD, 200],
      ['DELETE', 'iam', 'serviceAccounts.keys.delete', PROD, 200],
      ['POST', 'iam', 'serviceAccounts.disable', '-', 200],
    ]);
    expect(emulator.inFlight).toBe(0);
  });
});
