/**
 * Small estates for the provider canary test: each emulator's payload fields hold canary secrets
 * of every shape the detector knows, planted the way a careless admin would (an owner tag
 * `bob@acme.example token=ghp_…`, a key pasted into a description or a display name). Every
 * canary contains the word "canary" and nothing else in these estates does, so a search for it
 * finds any leak, whole or in part. Fake values only.
 */
import type { AwsEstate } from '../../scanners/aws/emulator/estate.js';
import type { EntraTenantEstate } from '../../scanners/azure/emulator/estate.js';
import type { GcpEstate } from '../../scanners/gcp/emulator/estate.js';
import type { GithubEstate } from '../../scanners/github/emulator/estate.js';

export type Shape = 'github' | 'gitlab' | 'slack' | 'aws' | 'pem' | 'jwt' | 'google' | 'stripe';

/** The canaries of one provider (`Aws`, `Gcp`, `Ent`, `Ghb`), by shape. */
export function canaries(provider: string): Record<Shape, string> {
  return {
    github: `ghp_${provider}CanaryGithubToken0000000000000001`,
    gitlab: `glpat-${provider}CanaryGitlabToken01`,
    slack: `xoxb-1234567890-${provider.toLowerCase()}canaryslacktoken01`,
    aws: `${provider}CanaryAwsSecretKey0a1B2c3D4e5F6g7H8i9`,
    pem: `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${provider}CanaryPemBody0123456789\n-----END RSA PRIVATE KEY-----`,
    jwt: `eyJhbGciOiJIUzI1NiJ9.eyJ${provider}CanaryJwtPayload01.${provider}CanaryJwtSignature01`,
    google: `AIza${provider}CanaryGoogleApiKey0123456789abcd`,
    stripe: `sk_live_${provider}CanaryStripeKey0123456789`,
  };
}

export const HR_CSV = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,upn:ann@acme.onmicrosoft.com;github:ann',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,upn:bob@acme.onmicrosoft.com;github:bob',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,upn:cyd@acme.onmicrosoft.com;github:cyd',
  '',
].join('\n');

export const AWS_ACCOUNT = '111111111111';
/** The IAM user whose name is a Stripe key (IAM allows `[\w+=,.@-]`). */
export const AWS_USER = canaries('Aws').stripe;

export function awsEstate(): AwsEstate {
  const c = canaries('Aws');
  return {
    callerAccessKey: {
      accessKeyId: 'AKIATESTSECCALLER001',
      secretAccessKey: 'emulator-caller-secret',
      accountId: AWS_ACCOUNT,
      userName: 'scanner',
    },
    accounts: [
      {
        id: AWS_ACCOUNT,
        scannerRoleName: 'read',
        users: [
          {
            name: AWS_USER,
            userId: 'AIDATESTSEC000000001',
            createDate: '2026-01-01T00:00:00Z',
            path: `/svc/${c.slack}/`,
            tags: {
              owner: `bob@acme.example token=${c.github}`,
              department: `platform ${c.aws}`,
              note: `rotate ${c.slack}`,
              ci: `deploy ${c.jwt}`,
              // Tag values allow spaces, not newlines: the block as it would be pasted on one line.
              key: c.pem.replaceAll('\n', ' '),
            },
            inlinePolicies: [
              { name: c.google, document: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } },
            ],
            accessKeys: [
              {
                id: 'AKIATESTSEC000000001',
                status: 'Active',
                createDate: '2026-11-01T00:00:00Z',
                lastUsed: { date: '2026-11-25T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
              },
            ],
            loginProfile: { createDate: '2026-02-01T00:00:00Z' },
          },
        ],
        roles: [],
        groups: [],
      },
    ],
  };
}

export const GCP_TOKEN = 'gcp-emulator-static-token-0002';
export const GCP_PROJECT = 'acme-prod';
export const gcpKeyId = (n: number) => `${'cd'.repeat(16)}${String(n).padStart(8, '0')}`;

export function gcpEstate(): GcpEstate {
  const c = canaries('Gcp');
  const email = (name: string) => `${name}@${GCP_PROJECT}.iam.gserviceaccount.com`;
  const key = (name: string, n: number) => ({
    keyId: gcpKeyId(n),
    key: {
      name: `projects/${GCP_PROJECT}/serviceAccounts/${email(name)}/keys/${gcpKeyId(n)}`,
      keyType: 'USER_MANAGED' as const,
      keyOrigin: 'GOOGLE_PROVIDED',
      keyAlgorithm: 'KEY_ALG_RSA_2048',
      validAfterTime: '2026-01-01T00:00:00Z',
      validBeforeTime: '9999-12-31T23:59:59Z',
    },
    lastAuthenticatedTime: '2026-11-20T00:00:00Z',
  });
  return {
    token: GCP_TOKEN,
    projects: [
      {
        projectId: GCP_PROJECT,
        projectNumber: '333333333333',
        iamPolicy: { version: 1, etag: 'BwYprod', bindings: [] },
        serviceAccounts: [
          {
            account: {
              email: email('deployer'),
              uniqueId: '100000000000000000011',
              displayName: `deployer ${c.google}`,
              description: `Deploys production, owner: ann@acme.example; ci ${c.slack}\n${c.pem}`,
            },
            keys: [key('deployer', 1)],
          },
          {
            account: {
              email: email('backup'),
              uniqueId: '100000000000000000012',
              displayName: `backup ${c.jwt}`,
              description: `owner: bob@acme.example (old token ${c.github}, gitlab ${c.gitlab}, stripe ${c.stripe}, aws ${c.aws})`,
            },
            keys: [key('backup', 2)],
          },
        ],
      },
    ],
  };
}

export const ENTRA_TENANT = '11111111-2222-3333-4444-555555555555';
export const ENTRA_CLIENT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const ENTRA_CLIENT_SECRET = 'emulator-client-secret-value-0002';
const guid = (kind: string, n: number) =>
  `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const entraKeyId = (n: number) => guid('c0', n);

export function entraEstate(): EntraTenantEstate {
  const c = canaries('Ent');
  const user = (n: number, name: string) => ({
    id: guid('e0', n),
    userPrincipalName: `${name}@acme.onmicrosoft.com`,
    mail: `${name}@acme.example`,
    displayName: name,
    accountEnabled: true,
  });
  const password = (n: number, displayName: string) => ({
    keyId: entraKeyId(n),
    displayName,
    hint: 'abc',
    startDateTime: '2026-01-01T00:00:00Z',
    endDateTime: '2027-01-01T00:00:00Z',
    customKeyIdentifier: null,
  });
  const app = (n: number, displayName: string, fields: object, owner: number) => ({
    application: {
      id: guid('0b', n),
      appId: guid('a0', n),
      displayName,
      createdDateTime: '2024-01-01T00:00:00Z',
      passwordCredentials: [],
      keyCredentials: [],
      ...fields,
    },
    owners: [{ userId: guid('e0', owner) }],
  });
  const sp = (n: number, displayName: string) => ({
    servicePrincipal: {
      id: guid('5b', n),
      appId: guid('a0', n),
      displayName,
      accountEnabled: true,
      servicePrincipalType: 'Application',
      passwordCredentials: [],
      keyCredentials: [],
    },
    owners: [],
    appRoleAssignments: [],
  });
  return {
    tenantId: ENTRA_TENANT,
    domain: 'acme.onmicrosoft.com',
    client: {
      clientId: ENTRA_CLIENT_ID,
      clientSecret: ENTRA_CLIENT_SECRET,
      roles: ['Application.Read.All', 'AuditLog.Read.All', 'User.Read.All'],
    },
    users: [user(1, 'ann'), user(2, 'bob')],
    applications: [
      app(
        1,
        `billing ${c.github}`,
        {
          passwordCredentials: [password(1, `prod ${c.stripe}`)],
          keyCredentials: [
            {
              keyId: entraKeyId(2),
              displayName: `CN=billing ${c.jwt}`,
              type: 'AsymmetricX509Cert',
              usage: 'Verify',
              startDateTime: '2026-01-01T00:00:00Z',
              endDateTime: '2027-01-01T00:00:00Z',
              customKeyIdentifier: 'C0FFEE0000000000000000000000000000000002',
            },
          ],
        },
        2,
      ),
      app(
        3,
        `legacy ${c.slack}`,
        { passwordCredentials: [password(3, c.pem), password(4, `rotation ${c.aws}`)] },
        1,
      ),
    ],
    servicePrincipals: [sp(1, `billing ${c.google}`), sp(3, 'legacy')],
    graphServicePrincipal: {
      id: '9a000000-0000-4000-8000-00000000a000',
      appId: '00000003-0000-0000-c000-000000000000',
      appRoles: [],
    },
    signInActivities: [],
  };
}

export const GITHUB_TOKEN = 'ghp_emulatorscannertoken0000000000000002';

export function githubEstate(): GithubEstate {
  const c = canaries('Ghb');
  const deployKey = (id: number, title: string, addedBy: string) => ({
    id,
    key: `ssh-ed25519 AAAA-not-a-real-key-${id}`,
    title,
    verified: true,
    created_at: '2026-01-01T00:00:00Z',
    read_only: false,
    added_by: addedBy,
    last_used: '2026-11-01T00:00:00Z',
    enabled: true,
  });
  return {
    token: GITHUB_TOKEN,
    scopes: ['admin:org', 'repo'],
    viewer: { login: 'nhiscan-bot', id: 9001 },
    orgs: [
      {
        login: 'acme',
        id: 1001,
        saml: true,
        members: [
          { login: 'ann', id: 11, role: 'admin' },
          { login: 'bob', id: 12, role: 'member' },
          { login: 'cyd', id: 13, role: 'member' },
        ],
        outsideCollaborators: [],
        externalIdentities: [
          { login: 'ann', nameId: 'ann@acme.example', emails: ['ann@acme.example'] },
          // An IdP user name with a token pasted after it: no email, so the nameId is the signal.
          { login: 'cyd', nameId: `cyd ${c.slack}`, emails: [] },
        ],
        credentialAuthorizations: [
          {
            login: 'bob',
            credential_id: 502,
            credential_type: 'SSH Key',
            fingerprint: `SHA256 ${c.aws}`,
            credential_authorized_at: '2025-06-01T09:00:00Z',
            credential_accessed_at: null,
            authorized_credential_id: 9502,
          },
          {
            login: 'cyd',
            credential_id: 503,
            credential_type: 'personal access token',
            token_last_eight: 'c5030003',
            credential_authorized_at: '2026-03-03T09:00:00Z',
            credential_accessed_at: '2026-11-24T09:00:00Z',
            authorized_credential_id: 9503,
            authorized_credential_expires_at: '2027-03-03T00:00:00Z',
            scopes: ['repo'],
          },
        ],
        fineGrainedTokens: [
          {
            id: 701,
            owner: { login: 'ann', id: 11 },
            repository_selection: 'all',
            permissions: { repository: { contents: 'read' } },
            access_granted_at: '2026-02-01T09:00:00Z',
            token_id: 8701,
            // Not stored by the scanner: planted to show it goes nowhere.
            token_name: `ci ${c.jwt}`,
            token_expired: false,
            token_expires_at: '2027-02-01T09:00:00Z',
            token_last_used_at: '2026-11-01T09:00:00Z',
          },
        ],
        repos: [
          // A repository named with a token (GitHub allows `[A-Za-z0-9._-]`): in uids and names.
          { name: `api-${c.github}`, id: 3001, private: true, deployKeys: [deployKey(41, c.pem, 'bob')] },
          {
            name: `web-${c.stripe}`,
            id: 3002,
            private: true,
            deployKeys: [deployKey(42, `deploy ${c.google}`, 'ann')],
          },
        ],
        installations: [
          {
            id: 61,
            appId: 6001,
            // App slugs allow `[a-z0-9-]`: the Slack token is lowercase here.
            appSlug: `renovate-${c.slack}`,
            createdAt: '2025-05-05T00:00:00Z',
            repositorySelection: 'all',
            permissions: { contents: 'write', metadata: 'read' },
          },
        ],
      },
    ],
  };
}
