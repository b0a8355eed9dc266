/**
 * A two-project GCP estate for the scanner tests. acme-prod lets the scanner read Policy Analyzer;
 * acme-dev does not. Owners come from the description convention, bindings on the account itself
 * and account names. Fake values only.
 */
import type {
  GcpEstate,
  GcpKeyEstate,
  GcpServiceAccountEstate,
} from '../../../scanners/gcp/emulator/estate.js';

export const TOKEN = 'gcp-emulator-static-token-0001';
export const TOKEN_ENV = 'NHISCAN_TEST_GCP_TOKEN';
export const AS_OF = '2026-11-26';

/** A 40-hex key id that reads as what it is in test output. */
export function keyId(n: number): string {
  return `${'ab'.repeat(16)}${String(n).padStart(8, '0')}`;
}

function key(
  project: string,
  email: string,
  n: number,
  fields: Partial<GcpKeyEstate['key']> & { lastAuthenticatedTime?: string } = {},
): GcpKeyEstate {
  const { lastAuthenticatedTime, ...keyFields } = fields;
  const id = keyId(n);
  return {
    keyId: id,
    key: {
      name: `projects/${project}/serviceAccounts/${email}/keys/${id}`,
      keyType: 'USER_MANAGED',
      keyOrigin: 'GOOGLE_PROVIDED',
      keyAlgorithm: 'KEY_ALG_RSA_2048',
      validAfterTime: '2025-01-01T00:00:00Z',
      validBeforeTime: '9999-12-31T23:59:59Z',
      ...keyFields,
    },
    ...(lastAuthenticatedTime ? { lastAuthenticatedTime } : {}),
  };
}

function account(
  project: string,
  name: string,
  uniqueId: string,
  fields: { description?: string; disabled?: boolean } = {},
): GcpServiceAccountEstate['account'] {
  return {
    email: `${name}@${project}.iam.gserviceaccount.com`,
    uniqueId,
    displayName: name,
    ...fields,
  };
}

export function twoProjectEstate(): GcpEstate {
  const prod = 'acme-prod';
  const dev = 'acme-dev';
  const prodEmail = (name: string) => `${name}@${prod}.iam.gserviceaccount.com`;
  const devEmail = (name: string) => `${name}@${dev}.iam.gserviceaccount.com`;
  const filler = (index: number): GcpServiceAccountEstate => ({
    account: account(prod, `workload-${index}`, `1090000000000000000${index}`),
    keys: [],
  });
  return {
    token: TOKEN,
    projects: [
      {
        projectId: prod,
        projectNumber: '111111111111',
        iamPolicy: {
          version: 1,
          etag: 'BwYprod',
          bindings: [
            {
              role: 'roles/editor',
              members: [`serviceAccount:${prodEmail('deployer')}`, 'user:ann@acme.example'],
            },
            { role: 'roles/viewer', members: [`serviceAccount:${prodEmail('backup')}`] },
          ],
        },
        serviceAccounts: [
          {
            account: account(prod, 'deployer', '100000000000000000001', {
              description: 'Deploys production. owner: ann@acme.example',
            }),
            keys: [
              key(prod, prodEmail('deployer'), 1, { lastAuthenticatedTime: '2026-11-20T00:00:00Z' }),
              key(prod, prodEmail('deployer'), 2, {
                validAfterTime: '2024-01-01T00:00:00Z',
                disabled: true,
                disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED',
              }),
              key(prod, prodEmail('deployer'), 3, {
                keyType: 'SYSTEM_MANAGED',
                keyOrigin: 'GOOGLE_PROVIDED',
              }),
            ],
          },
          {
            account: account(prod, 'backup', '100000000000000000002'),
            iamPolicy: {
              version: 1,
              etag: 'BwYbackup',
              bindings: [
                { role: 'roles/iam.serviceAccountKeyAdmin', members: ['user:bob@acme.example'] },
                { role: 'roles/iam.serviceAccountUser', members: ['group:ops@acme.example'] },
              ],
            },
            keys: [
              key(prod, prodEmail('backup'), 4, {
                // Made from a public key someone uploaded, not by Google.
                keyOrigin: 'USER_PROVIDED',
                validAfterTime: '2025-03-01T00:00:00Z',
                lastAuthenticatedTime: '2026-11-01T00:00:00Z',
              }),
            ],
          },
          filler(1),
          {
            account: account(prod, 'cyd', '100000000000000000003'),
            keys: [
              key(prod, prodEmail('cyd'), 5, {
                validAfterTime: '2026-01-01T00:00:00Z',
                validBeforeTime: '2026-06-01T00:00:00Z',
              }),
            ],
          },
          filler(2),
          {
            account: account(prod, 'legacy', '100000000000000000004', { disabled: true }),
            keys: [key(prod, prodEmail('legacy'), 6, { validAfterTime: '2023-05-05T00:00:00Z' })],
          },
          filler(3),
        ],
      },
      {
        projectId: dev,
        projectNumber: '222222222222',
        policyAnalyzer: false,
        iamPolicy: { version: 1, etag: 'BwYdev', bindings: [] },
        serviceAccounts: [
          {
            account: account(dev, 'ci', '200000000000000000001', { description: 'owner: dee@acme.example' }),
            keys: [
              // No activity: were Policy Analyzer readable here, this key would be "never used" and stale.
              key(dev, devEmail('ci'), 7, { validAfterTime: '2024-02-01T00:00:00Z' }),
            ],
          },
          {
            account: account(dev, 'shared', '200000000000000000002'),
            iamPolicy: {
              version: 3,
              etag: 'BwYshared',
              bindings: [
                {
                  role: 'roles/iam.serviceAccountUser',
                  members: ['user:ann@acme.example', 'user:dee@acme.example'],
                },
                {
                  role: 'roles/iam.serviceAccountTokenCreator',
                  members: ['deleted:user:eve@acme.example?uid=123456789'],
                },
              ],
            },
            keys: [key(dev, devEmail('shared'), 8, { validAfterTime: '2026-10-01T00:00:00Z' })],
          },
        ],
      },
    ],
  };
}

export const HR_CSV = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,cyd',
  'E4,dee@acme.example,Dee,active,employee,2020-01-01,,',
  'E5,eve@acme.example,Eve,terminated,employee,2020-01-01,2026-09-01,',
  '',
].join('\n');
