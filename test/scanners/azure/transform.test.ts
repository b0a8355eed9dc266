/**
 * The azure scanner's pure transforms, field by field: secrets and certificates, status (expired,
 * disabled service principal), last use known and unknown, owners from the owners API, privilege
 * from Graph application permissions (a leaver's own Entra user: user-account.test.ts), Graph's descriptive fields as
 * attributes, the parts of a SAML token-signing certificate; and no secret material survives.
 */
import { describe, expect, it } from 'vitest';
import type { EntraKeyCredential, EntraPasswordCredential } from '../../../scanners/azure/emulator/estate.js';
import { DEFAULT_PRIVILEGED_PERMISSIONS } from '../../../scanners/azure/options.js';
import { ownerSignals } from '../../../scanners/azure/owners.js';
import { graphPermissions, privilegeReasons } from '../../../scanners/azure/privilege.js';
import {
  isTokenSigningCertificate,
  isTokenSigningPassword,
  tokenSigningParts,
} from '../../../scanners/azure/token-signing.js';
import {
  type CredentialFacts,
  credentialAttributes,
  type Holder,
  holderPrincipal,
  keyCredential,
  parseHolder,
} from '../../../scanners/azure/transform.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP_ID = 'a0000000-0000-4000-8000-000000000001';
const SECRET_TEXT = 'Pay8Q~not-a-real-secret-but-shaped-like-one-0001';
const CERTIFICATE_KEY = 'MIIC-public-certificate-bytes-not-to-be-kept';

const application: Holder = {
  type: 'application',
  id: '0b000000-0000-4000-8000-000000000001',
  appId: APP_ID,
  displayName: 'payroll-sync',
};
const servicePrincipal = (accountEnabled: boolean): Holder => ({
  type: 'service-principal',
  id: '5b000000-0000-4000-8000-000000000001',
  appId: APP_ID,
  displayName: 'payroll-sync',
  accountEnabled,
  servicePrincipalType: 'Application',
});

const secret: EntraPasswordCredential = {
  keyId: 'c0000000-0000-4000-8000-000000000001',
  displayName: 'ci deploy',
  hint: 'Pay',
  secretText: SECRET_TEXT,
  startDateTime: '2026-01-01T00:00:00Z',
  endDateTime: '2027-01-01T00:00:00Z',
  customKeyIdentifier: null,
};
const certificate: EntraKeyCredential = {
  keyId: 'c0000000-0000-4000-8000-000000000005',
  displayName: 'CN=payroll-sync',
  type: 'AsymmetricX509Cert',
  usage: 'Verify',
  key: CERTIFICATE_KEY,
  startDateTime: '2026-02-01T00:00:00Z',
  endDateTime: '2027-02-01T00:00:00Z',
  customKeyIdentifier: 'C0FFEE0000000000000000000000000000000005',
};

const OWNER = { kind: 'owners-api' as const, value: 'ann@acme.example', source: 'owners of payroll-sync' };
const facts = (overrides: Partial<CredentialFacts & { appDisabled: boolean }> = {}) => ({
  lastUse: { known: true as const, at: '2026-11-20T08:00:00Z' },
  privilegedReasons: ['Microsoft Graph application permission Directory.ReadWrite.All'],
  ownerSignals: [OWNER],
  asOf: new Date('2026-11-26T00:00:00Z'),
  appDisabled: false,
  ...overrides,
});

describe('azure transforms', () => {
  it('maps an application’s client secret field by field, without its secret text', () => {
    const credential = keyCredential(TENANT, application, secret, 'client-secret', facts());
    expect(credential).toEqual({
      uid: `azure:${TENANT}:client-secret:c0000000-0000-4000-8000-000000000001`,
      provider: 'azure',
      account: TENANT,
      kind: 'client-secret',
      externalId: 'c0000000-0000-4000-8000-000000000001',
      principalUid: `azure:${TENANT}:application:${APP_ID}`,
      principalName: 'payroll-sync',
      status: 'active',
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
      lastUsedAt: '2026-11-20T08:00:00Z',
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['Microsoft Graph application permission Directory.ReadWrite.All'],
      department: null,
      ownerSignals: [OWNER],
      hint: 'Pay',
      attributes: { displayName: 'ci deploy' },
    });
    expect(JSON.stringify(credential)).not.toContain(SECRET_TEXT);
  });

  it('maps a certificate with its thumbprint’s last eight as the hint, without its key', () => {
    const credential = keyCredential(
      TENANT,
      servicePrincipal(true),
      certificate,
      'certificate',
      facts({ lastUse: { known: true, at: null }, privilegedReasons: [], ownerSignals: [] }),
    );
    expect(credential).toEqual({
      uid: `azure:${TENANT}:certificate:c0000000-0000-4000-8000-000000000005`,
      provider: 'azure',
      account: TENANT,
      kind: 'certificate',
      externalId: 'c0000000-0000-4000-8000-000000000005',
      principalUid: `azure:${TENANT}:service-principal:${APP_ID}`,
      principalName: 'payroll-sync',
      status: 'active',
      createdAt: '2026-02-01T00:00:00Z',
      expiresAt: '2027-02-01T00:00:00Z',
      lastUsedAt: null,
      lastUsedKnown: true,
      privileged: false,
      privilegedReasons: [],
      department: null,
      ownerSignals: [],
      hint: '00000005',
      attributes: { displayName: 'CN=payroll-sync', type: 'AsymmetricX509Cert', usage: 'Verify' },
    });
    expect(JSON.stringify(credential)).not.toContain(CERTIFICATE_KEY);
  });

  it('keeps Graph’s displayName, type and usage as attributes only when present, and marks a token-signing certificate', () => {
    expect(credentialAttributes({ keyId: secret.keyId, hint: 'Pay' })).toBeUndefined();
    expect(
      keyCredential(TENANT, application, { keyId: secret.keyId, hint: 'Pay' }, 'client-secret', facts()),
    ).not.toHaveProperty('attributes');
    expect(credentialAttributes({ ...certificate, displayName: null, usage: null })).toEqual({
      type: 'AsymmetricX509Cert',
    });
    expect(
      keyCredential(TENANT, servicePrincipal(true), certificate, 'certificate', {
        ...facts(),
        tokenSigning: true,
      }).attributes,
    ).toEqual({
      displayName: 'CN=payroll-sync',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      samlTokenSigning: 'true',
    });
  });

  it('pairs a SAML token-signing certificate’s parts as Graph documents them, and nothing else', () => {
    const thumbprint = '2iD8ppbE+D6Kmu1ZvjM2jtQh88E=';
    const signing = { displayName: 'CN=portal', customKeyIdentifier: thumbprint };
    const sign = { ...signing, keyId: 'C0000000-0000-4000-8000-000000000008', usage: 'Sign' };
    const verify = { ...signing, keyId: 'c0000000-0000-4000-8000-000000000010', usage: 'Verify' };
    const parts = tokenSigningParts({
      passwordCredentials: [
        // The private key's password: the Sign key's keyId (Graph's case may differ).
        { ...signing, keyId: 'c0000000-0000-4000-8000-000000000008' },
        // A client secret that happens to carry the same customKeyIdentifier is still a secret.
        { ...signing, keyId: 'c0000000-0000-4000-8000-000000000007' },
      ],
      keyCredentials: [
        sign,
        verify,
        // A client certificate with another thumbprint, and a Verify key without any.
        { ...verify, keyId: 'c0000000-0000-4000-8000-000000000011', customKeyIdentifier: 'b3RoZXI=' },
        { ...verify, keyId: 'c0000000-0000-4000-8000-000000000012', customKeyIdentifier: null },
      ],
    });
    expect(parts).toEqual({
      passwords: new Set(['c0000000-0000-4000-8000-000000000008']),
      certificates: new Set(['c0000000-0000-4000-8000-000000000010']),
    });
    expect(isTokenSigningPassword(parts, { keyId: 'C0000000-0000-4000-8000-000000000008' })).toBe(true);
    expect(isTokenSigningCertificate(parts, verify)).toBe(true);
    // Without a Sign key there is no token-signing certificate: the same entries are client credentials.
    expect(
      tokenSigningParts({
        passwordCredentials: [{ ...signing, keyId: sign.keyId }],
        keyCredentials: [verify],
      }),
    ).toEqual({ passwords: new Set(), certificates: new Set() });
  });

  it('is expired once endDateTime has passed, and inactive while the service principal is disabled', () => {
    const status = (holder: Holder, endDateTime: string, appDisabled = false) =>
      keyCredential(TENANT, holder, { ...secret, endDateTime }, 'client-secret', facts({ appDisabled }))
        .status;
    expect(status(application, '2026-11-26T00:00:00Z')).toBe('expired');
    expect(status(application, '2026-11-26T00:00:01Z')).toBe('active');
    expect(status(application, '2026-06-01T00:00:00Z', true)).toBe('expired');
    expect(status(application, '2027-01-01T00:00:00Z', true)).toBe('inactive');
    expect(status(servicePrincipal(false), '2027-01-01T00:00:00Z')).toBe('inactive');
    expect(status(servicePrincipal(false), '2026-06-01T00:00:00Z')).toBe('expired');
    expect(status(servicePrincipal(true), '2027-01-01T00:00:00Z')).toBe('active');
  });

  it('keeps last use unknown, with the reason, when the report could not be read', () => {
    const reason = 'sign-in activity report (beta) denied for tenant T (needs AuditLog.Read.All): 403 …';
    expect(
      keyCredential(
        TENANT,
        application,
        secret,
        'client-secret',
        facts({ lastUse: { known: false, reason } }),
      ),
    ).toMatchObject({ lastUsedAt: null, lastUsedKnown: false, lastUsedUnknownReason: reason });
  });

  it('tags a principal with its ids, its service principal type and a disabled service principal', () => {
    expect(holderPrincipal(TENANT, application)).toEqual({
      uid: `azure:${TENANT}:application:${APP_ID}`,
      provider: 'azure',
      account: TENANT,
      kind: 'application',
      name: 'payroll-sync',
      tags: { appId: APP_ID, objectId: '0b000000-0000-4000-8000-000000000001' },
    });
    expect(holderPrincipal(TENANT, application, true).tags).toEqual({
      appId: APP_ID,
      objectId: '0b000000-0000-4000-8000-000000000001',
      servicePrincipalAccountEnabled: 'false',
    });
    expect(holderPrincipal(TENANT, servicePrincipal(false))).toEqual({
      uid: `azure:${TENANT}:service-principal:${APP_ID}`,
      provider: 'azure',
      account: TENANT,
      kind: 'service-principal',
      name: 'payroll-sync',
      tags: {
        appId: APP_ID,
        objectId: '5b000000-0000-4000-8000-000000000001',
        servicePrincipalType: 'Application',
        accountEnabled: 'false',
      },
    });
    expect(parseHolder(`azure:${TENANT}:service-principal:${APP_ID}`)).toEqual({
      type: 'service-principal',
      appId: APP_ID,
    });
    expect(parseHolder(`azure:${TENANT}:user:${APP_ID}`)).toBeUndefined();
    expect(parseHolder(null)).toBeUndefined();
  });

  it('takes owning users’ mail, else their UPN, and nothing from owning service principals', () => {
    expect(
      ownerSignals(
        [
          {
            '@odata.type': '#microsoft.graph.user',
            id: 'u1',
            userPrincipalName: 'ann@acme.onmicrosoft.com',
            mail: 'ann@acme.example',
          },
          { '@odata.type': '#microsoft.graph.user', id: 'u2', userPrincipalName: 'cyd@acme.onmicrosoft.com' },
          { '@odata.type': '#microsoft.graph.user', id: 'u3', userPrincipalName: null, mail: null },
          { '@odata.type': '#microsoft.graph.servicePrincipal', id: 's1' },
        ],
        'application payroll-sync (APP)',
      ),
    ).toEqual([
      { kind: 'owners-api', value: 'ann@acme.example', source: 'owners of application payroll-sync (APP)' },
      {
        kind: 'owners-api',
        value: 'upn:cyd@acme.onmicrosoft.com',
        source: 'owners of application payroll-sync (APP)',
      },
    ]);
    // No owning user: no signal, so policy raises owner-unknown.
    expect(ownerSignals([], 'application legacy-report (APP)')).toEqual([]);
    expect(
      ownerSignals([{ '@odata.type': '#microsoft.graph.servicePrincipal', id: 's1' }], 'application x'),
    ).toEqual([]);
  });

  it('is privileged by high-privilege Microsoft Graph application permissions only', () => {
    const permissions = graphPermissions({
      id: 'graph-sp',
      appRoles: [
        { id: 'r-app-rw', value: 'Application.ReadWrite.All' },
        { id: 'r-dir-rw', value: 'Directory.ReadWrite.All' },
        { id: 'r-role-rw', value: 'RoleManagement.ReadWrite.Directory' },
        { id: 'r-app-r', value: 'Application.Read.All' },
      ],
    });
    const assignment = (appRoleId: string, resourceId = 'graph-sp') => ({ appRoleId, resourceId });
    expect(
      privilegeReasons(
        [
          assignment('r-role-rw'),
          assignment('r-app-rw'),
          assignment('r-app-rw'),
          assignment('r-app-r'),
          // The same role id on another resource is not a Graph permission.
          assignment('r-dir-rw', 'other-api-sp'),
        ],
        permissions,
        DEFAULT_PRIVILEGED_PERMISSIONS,
      ),
    ).toEqual([
      'Microsoft Graph application permission Application.ReadWrite.All',
      'Microsoft Graph application permission RoleManagement.ReadWrite.Directory',
    ]);
    expect(privilegeReasons([assignment('r-app-r')], permissions, DEFAULT_PRIVILEGED_PERMISSIONS)).toEqual(
      [],
    );
    expect(DEFAULT_PRIVILEGED_PERMISSIONS).toEqual(
      expect.arrayContaining([
        'Application.ReadWrite.All',
        'Directory.ReadWrite.All',
        'RoleManagement.ReadWrite.Directory',
      ]),
    );
  });
});
