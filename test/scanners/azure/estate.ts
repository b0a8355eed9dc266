/**
 * One Entra tenant for the azure scanner tests: apps with secrets and certificates, owned and
 * ownerless, one with Graph permissions that make it privileged, a SAML app's service principal
 * holding its own secret and a token-signing certificate (listed once, as its Verify certificate),
 * a managed identity (not listed), a leaver whose Entra user is still enabled, and the beta sign-in
 * activity report. Fake values only.
 */
import type { AppRoleAssignment } from '@microsoft/microsoft-graph-types';
import type {
  EntraApplicationEstate,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from '../../../scanners/azure/emulator/estate.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const CLIENT_SECRET = 'emulator-client-secret-value-0001';
export const SECRET_ENV = 'NHISCAN_TEST_ENTRA_SECRET';
export const AS_OF = '2026-11-26';

export const GRAPH_SP_ID = '9a000000-0000-4000-8000-00000000a000';
export const ROLE = {
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
} as const;

/** Readable GUIDs: `kind` picks the first block, n the last. */
export const guid = (kind: string, n: number) =>
  `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const appId = (n: number) => guid('a0', n);
export const keyId = (n: number) => guid('c0', n);

const ann = guid('e0', 1);
const bob = guid('e0', 2);
const cyd = guid('e0', 3);

const secret = (n: number, start: string, end: string, hint: string) => ({
  keyId: keyId(n),
  displayName: `secret ${n}`,
  hint,
  startDateTime: start,
  endDateTime: end,
  customKeyIdentifier: null,
});

const certificate = (n: number, usage: 'Verify' | 'Sign', start: string, end: string) => ({
  keyId: keyId(n),
  displayName: `CN=cert ${n}`,
  type: 'AsymmetricX509Cert',
  usage,
  startDateTime: start,
  endDateTime: end,
  customKeyIdentifier: `C0FFEE${String(n).padStart(34, '0')}`,
});

/** A SAML token-signing certificate's thumbprint, as Graph gives customKeyIdentifier (base64). */
export const SAML_THUMBPRINT = Buffer.from('saml-portal-signing!').toString('base64');
const SAML_CERTIFICATE = {
  displayName: 'CN=Microsoft Azure Federated SSO Certificate',
  startDateTime: '2026-05-01T00:00:00Z',
  endDateTime: '2029-05-01T00:00:00Z',
  customKeyIdentifier: SAML_THUMBPRINT,
};

/**
 * What addTokenSigningCertificate puts on a service principal: a Sign key (the private key Entra
 * keeps), a Verify key (its public certificate) and the password of the private key's PFX, which
 * has the Sign key's keyId. All three carry the thumbprint as customKeyIdentifier.
 */
const tokenSigningCertificate = (sign: number, verify: number) => ({
  keyCredentials: [
    { ...SAML_CERTIFICATE, keyId: keyId(sign), type: 'AsymmetricX509Cert', usage: 'Sign' },
    { ...SAML_CERTIFICATE, keyId: keyId(verify), type: 'AsymmetricX509Cert', usage: 'Verify' },
  ],
  passwordCredentials: [{ ...SAML_CERTIFICATE, keyId: keyId(sign), hint: null }],
});

function app(
  n: number,
  name: string,
  fields: Partial<EntraApplicationEstate['application']>,
  owners: string[],
) {
  return {
    application: {
      id: guid('0b', n),
      appId: appId(n),
      displayName: name,
      createdDateTime: '2024-01-01T00:00:00Z',
      passwordCredentials: [],
      keyCredentials: [],
      ...fields,
    },
    owners: owners.map((userId) => ({ userId })),
  } satisfies EntraApplicationEstate;
}

const grant = (sp: number, role: keyof typeof ROLE): AppRoleAssignment => ({
  id: guid('aa', sp * 10 + Object.keys(ROLE).indexOf(role)),
  appRoleId: ROLE[role],
  principalId: guid('5b', sp),
  principalType: 'ServicePrincipal',
  resourceId: GRAPH_SP_ID,
  resourceDisplayName: 'Microsoft Graph',
  createdDateTime: '2024-01-01T00:00:00Z',
});

function sp(
  n: number,
  name: string,
  fields: Partial<EntraServicePrincipalEstate['servicePrincipal']> = {},
  extra: { owners?: string[]; grants?: AppRoleAssignment[] } = {},
): EntraServicePrincipalEstate {
  return {
    servicePrincipal: {
      id: guid('5b', n),
      appId: appId(n),
      displayName: name,
      accountEnabled: true,
      servicePrincipalType: 'Application',
      passwordCredentials: [],
      keyCredentials: [],
      ...fields,
    },
    owners: (extra.owners ?? []).map((userId) => ({ userId })),
    appRoleAssignments: extra.grants ?? [],
  };
}

export function tenantEstate(): EntraTenantEstate {
  return {
    tenantId: TENANT,
    domain: 'acme.onmicrosoft.com',
    client: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      roles: [
        'Application.ReadWrite.All',
        'AuditLog.Read.All',
        'User.Read.All',
        'User.EnableDisableAccount.All',
        'User.RevokeSessions.All',
      ],
    },
    users: [
      {
        id: ann,
        userPrincipalName: 'ann@acme.onmicrosoft.com',
        mail: 'ann@acme.example',
        displayName: 'Ann',
        accountEnabled: true,
      },
      {
        id: bob,
        userPrincipalName: 'bob@acme.onmicrosoft.com',
        mail: 'bob@acme.example',
        displayName: 'Bob',
        accountEnabled: true,
      },
      {
        id: cyd,
        userPrincipalName: 'cyd@acme.onmicrosoft.com',
        mail: null,
        displayName: 'Cyd',
        accountEnabled: true,
      },
    ],
    applications: [
      app(
        1,
        'payroll-sync',
        {
          passwordCredentials: [
            secret(1, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'Pay'),
            secret(2, '2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z', 'Old'),
          ],
        },
        [ann],
      ),
      app(
        2,
        'legacy-report',
        { passwordCredentials: [secret(3, '2024-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'Leg')] },
        [],
      ),
      app(
        3,
        'bob-tool',
        {
          passwordCredentials: [secret(4, '2026-03-01T00:00:00Z', '2027-03-01T00:00:00Z', 'Bob')],
          keyCredentials: [
            certificate(5, 'Verify', '2026-02-01T00:00:00Z', '2027-02-01T00:00:00Z'),
            certificate(6, 'Sign', '2026-02-01T00:00:00Z', '2027-02-01T00:00:00Z'),
          ],
        },
        [bob],
      ),
      app(4, 'no-credentials-1', {}, [ann]),
      app(5, 'no-credentials-2', {}, []),
      app(6, 'no-credentials-3', {}, []),
    ],
    servicePrincipals: [
      sp(
        1,
        'payroll-sync',
        {},
        { grants: [grant(1, 'Directory.ReadWrite.All'), grant(1, 'AuditLog.Read.All')] },
      ),
      sp(2, 'legacy-report'),
      sp(3, 'bob-tool', {}, { grants: [grant(3, 'Application.Read.All')] }),
      sp(
        7,
        'saml-portal',
        {
          servicePrincipalType: 'Application',
          preferredSingleSignOnMode: 'saml',
          preferredTokenSigningKeyThumbprint: Buffer.from(SAML_THUMBPRINT, 'base64')
            .toString('hex')
            .toUpperCase(),
          // Its own client secret, and a SAML token-signing certificate (keys 8 and 10, password 8).
          passwordCredentials: [
            secret(7, '2026-05-01T00:00:00Z', '2027-05-01T00:00:00Z', 'Sml'),
            ...tokenSigningCertificate(8, 10).passwordCredentials,
          ],
          keyCredentials: tokenSigningCertificate(8, 10).keyCredentials,
        },
        { owners: [cyd] },
      ),
      sp(8, 'vm-identity', {
        servicePrincipalType: 'ManagedIdentity',
        keyCredentials: [certificate(9, 'Verify', '2026-11-01T00:00:00Z', '2027-02-01T00:00:00Z')],
      }),
    ],
    graphServicePrincipal: {
      id: GRAPH_SP_ID,
      appId: '00000003-0000-0000-c000-000000000000',
      appRoles: Object.entries(ROLE).map(([value, id]) => ({
        id,
        value,
        displayName: value,
        description: value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
      })),
    },
    signInActivities: [
      {
        id: 'sia-1',
        keyId: keyId(1),
        appId: appId(1),
        keyType: 'clientSecret',
        credentialOrigin: 'application',
        signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' },
      },
      {
        id: 'sia-3',
        keyId: keyId(3),
        appId: appId(2),
        keyType: 'clientSecret',
        credentialOrigin: 'application',
        signInActivity: { lastSignInDateTime: '2025-01-10T08:00:00Z' },
      },
      {
        id: 'sia-5',
        keyId: keyId(5),
        appId: appId(3),
        keyType: 'certificate',
        credentialOrigin: 'application',
        signInActivity: { lastSignInDateTime: '2026-11-01T08:00:00Z' },
      },
    ],
  };
}

export const HR_CSV = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,upn:ann@acme.onmicrosoft.com',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,upn:bob@acme.onmicrosoft.com',
  'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,upn:cyd@acme.onmicrosoft.com',
  '',
].join('\n');
