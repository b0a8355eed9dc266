/**
 * The GCP scanner's pure transforms, field by field: a service account → Principal, a key →
 * Credential (status, expiry, last use known or not, privilege, owners), the owner signals and
 * the privilege index. No key material survives a transform.
 */
import { describe, expect, it } from 'vitest';
import type { GcpServiceAccountKey } from '../../../scanners/gcp/emulator/estate.js';
import {
  DEFAULT_OWNER_PATTERN,
  DEFAULT_OWNER_ROLES,
  DEFAULT_PRIVILEGED_ROLES,
} from '../../../scanners/gcp/options.js';
import { ownerConventions, ownerSignals } from '../../../scanners/gcp/owners.js';
import { privilegeIndex } from '../../../scanners/gcp/privilege.js';
import {
  keyCredential,
  type ListedServiceAccount,
  serviceAccountPrincipal,
} from '../../../scanners/gcp/transform.js';

const EMAIL = 'deployer@acme-prod.iam.gserviceaccount.com';
const KEY_ID = '1f1a216b2f2ae7e5ab8a2bf1d2b5e2a4c0ffee01';
const AS_OF = new Date('2026-11-26T00:00:00Z');

const ACCOUNT: ListedServiceAccount = {
  name: `projects/acme-prod/serviceAccounts/${EMAIL}`,
  projectId: 'acme-prod',
  email: EMAIL,
  uniqueId: '104729000000000000001',
  displayName: 'Deployer',
  description: 'Deploys production. owner: ann@acme.example',
  oauth2ClientId: '104729000000000000001',
  etag: 'MDEwMjE5MjA=',
};

/** As IAM lists a key, plus the material a key-creation answer would carry: none of it may survive. */
const KEY: GcpServiceAccountKey = {
  name: `projects/acme-prod/serviceAccounts/${EMAIL}/keys/${KEY_ID}`,
  keyType: 'USER_MANAGED',
  keyOrigin: 'USER_PROVIDED',
  keyAlgorithm: 'KEY_ALG_RSA_2048',
  validAfterTime: '2025-01-01T00:00:00Z',
  validBeforeTime: '9999-12-31T23:59:59Z',
  privateKeyData: 'ZmFrZS1wcml2YXRlLWtleS1kYXRh',
  privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE',
  publicKeyData: 'ZmFrZS1wdWJsaWMta2V5LWRhdGE=',
};

const FACTS = {
  lastUse: { known: true as const, byKeyId: new Map([[KEY_ID, '2026-11-20T00:00:00Z']]) },
  privilegedReasons: ['roles/editor on project acme-prod'],
  ownerSignals: [
    {
      kind: 'declared' as const,
      value: 'ann@acme.example',
      source: `description of service account ${EMAIL}`,
    },
  ],
  asOf: AS_OF,
};

describe('gcp transforms', () => {
  it('turns a service account into a principal with its listed fields', () => {
    expect(serviceAccountPrincipal('acme-prod', { ...ACCOUNT, email: EMAIL.toUpperCase() })).toEqual({
      uid: `gcp:acme-prod:service-account:${EMAIL}`,
      provider: 'gcp',
      account: 'acme-prod',
      kind: 'service-account',
      name: EMAIL.toUpperCase(),
      tags: {
        displayName: 'Deployer',
        uniqueId: '104729000000000000001',
        description: 'Deploys production. owner: ann@acme.example',
      },
    });
    expect(serviceAccountPrincipal('acme-prod', { email: EMAIL, disabled: true }).tags).toEqual({
      disabled: 'true',
    });
    expect(serviceAccountPrincipal('acme-prod', { email: EMAIL }).tags).toBeUndefined();
  });

  it('turns a user-managed key into a credential, field by field, and keeps no key material', () => {
    const credential = keyCredential('acme-prod', ACCOUNT, KEY, FACTS);
    expect(credential).toEqual({
      uid: `gcp:acme-prod:service-account-key:${KEY_ID}`,
      provider: 'gcp',
      account: 'acme-prod',
      kind: 'service-account-key',
      externalId: KEY_ID,
      principalUid: `gcp:acme-prod:service-account:${EMAIL}`,
      principalName: EMAIL,
      status: 'active',
      createdAt: '2025-01-01T00:00:00Z',
      expiresAt: null,
      lastUsedAt: '2026-11-20T00:00:00Z',
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['roles/editor on project acme-prod'],
      department: null,
      ownerSignals: FACTS.ownerSignals,
      hint: 'c0ffee01',
      attributes: {
        keyOrigin: 'USER_PROVIDED',
        keyType: 'USER_MANAGED',
        disabled: 'false',
        serviceAccountDisplayName: 'Deployer',
      },
    });
    const serialized = JSON.stringify(credential);
    for (const material of [KEY.privateKeyData!, KEY.publicKeyData!, 'TYPE_GOOGLE_CREDENTIALS_FILE']) {
      expect(serialized).not.toContain(material);
    }
  });

  it('keeps IAM’s key facts as attributes: disableReason only when given, the account’s display name when it has one', () => {
    const attributes = (key: Partial<GcpServiceAccountKey>, account: Partial<ListedServiceAccount> = {}) =>
      keyCredential('acme-prod', { ...ACCOUNT, ...account }, { ...KEY, ...key }, FACTS).attributes;
    expect(
      attributes(
        {
          keyOrigin: 'GOOGLE_PROVIDED',
          disabled: true,
          disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED',
        },
        { displayName: null },
      ),
    ).toEqual({
      keyOrigin: 'GOOGLE_PROVIDED',
      keyType: 'USER_MANAGED',
      disabled: 'true',
      disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED',
    });
    // A key IAM lists with nothing but its name and times still says it is not disabled.
    expect(
      keyCredential(
        'acme-prod',
        { email: EMAIL },
        { name: KEY.name, validAfterTime: KEY.validAfterTime },
        FACTS,
      ).attributes,
    ).toEqual({ disabled: 'false' });
  });

  it('reads status from expiry, the key and its account; unknown last use keeps its reason', () => {
    const status = (key: Partial<GcpServiceAccountKey>, account: Partial<ListedServiceAccount> = {}) =>
      keyCredential('acme-prod', { ...ACCOUNT, ...account }, { ...KEY, ...key }, FACTS).status;
    expect(status({})).toBe('active');
    expect(
      status({ disabled: true, disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED' }),
    ).toBe('inactive');
    expect(status({}, { disabled: true })).toBe('inactive');
    expect(status({ validBeforeTime: '2026-11-26T00:00:00Z' })).toBe('expired');
    expect(status({ validBeforeTime: '2026-11-26T00:00:01Z' })).toBe('active');
    expect(
      keyCredential('acme-prod', ACCOUNT, { ...KEY, validBeforeTime: '2027-01-01T00:00:00Z' }, FACTS)
        .expiresAt,
    ).toBe('2027-01-01T00:00:00Z');

    const never = keyCredential('acme-prod', ACCOUNT, KEY, {
      ...FACTS,
      lastUse: { known: true, byKeyId: new Map() },
    });
    expect([never.lastUsedKnown, never.lastUsedAt, never.lastUsedUnknownReason]).toEqual([
      true,
      null,
      undefined,
    ]);
    const unknown = keyCredential('acme-prod', ACCOUNT, KEY, {
      ...FACTS,
      lastUse: { known: false, reason: 'Policy Analyzer denied for project acme-prod' },
      privilegedReasons: [],
    });
    expect([
      unknown.lastUsedKnown,
      unknown.lastUsedAt,
      unknown.lastUsedUnknownReason,
      unknown.privileged,
    ]).toEqual([false, null, 'Policy Analyzer denied for project acme-prod', false]);
  });

  it('finds owners in the description (configurable), in bindings on the account, and in its name', () => {
    const policy = {
      bindings: [
        {
          role: 'roles/iam.serviceAccountUser',
          members: ['user:Cyd@acme.example', 'group:ops@acme.example'],
        },
        {
          role: 'roles/iam.serviceAccountKeyAdmin',
          members: ['user:bob@acme.example', 'serviceAccount:ci@x.iam.gserviceaccount.com'],
        },
        {
          role: 'roles/iam.serviceAccountKeyAdmin',
          members: ['deleted:user:eve@acme.example?uid=123'],
          condition: { title: 'temporary', expression: "request.time < timestamp('2027-01-01T00:00:00Z')" },
        },
        { role: 'roles/viewer', members: ['user:dee@acme.example'] },
      ],
    };
    const defaults = ownerConventions({
      ownerDescriptionPattern: DEFAULT_OWNER_PATTERN,
      ownerRoles: DEFAULT_OWNER_ROLES,
    });
    expect(ownerSignals(ACCOUNT, policy, defaults)).toEqual([
      { kind: 'declared', value: 'ann@acme.example', source: `description of service account ${EMAIL}` },
      {
        kind: 'iam-binding',
        value: 'bob@acme.example',
        source: `IAM policy of service account ${EMAIL}: roles/iam.serviceAccountKeyAdmin`,
      },
      {
        kind: 'iam-binding',
        value: 'eve@acme.example',
        source: `IAM policy of service account ${EMAIL}: roles/iam.serviceAccountKeyAdmin (conditional), deleted Google account`,
      },
      {
        kind: 'iam-binding',
        value: 'cyd@acme.example',
        source: `IAM policy of service account ${EMAIL}: roles/iam.serviceAccountUser`,
      },
      { kind: 'name-match', value: 'deployer', source: `account id of service account ${EMAIL}` },
    ]);

    const custom = ownerConventions({
      ownerDescriptionPattern: String.raw`maintainer=(\S+)`,
      ownerRoles: [],
    });
    expect(
      ownerSignals({ ...ACCOUNT, description: 'team data; MAINTAINER=dee@acme.example' }, policy, custom),
    ).toEqual([
      { kind: 'declared', value: 'dee@acme.example', source: `description of service account ${EMAIL}` },
      { kind: 'name-match', value: 'deployer', source: `account id of service account ${EMAIL}` },
    ]);
    // The default convention is not applied beside a configured one.
    expect(ownerSignals(ACCOUNT, undefined, custom).map((signal) => signal.kind)).toEqual(['name-match']);
  });

  it('calls a service account privileged for owner, editor or an IAM-admin role on the project', () => {
    const sa = (name: string) => `serviceAccount:${name}@acme-prod.iam.gserviceaccount.com`;
    const index = privilegeIndex(
      'acme-prod',
      {
        bindings: [
          { role: 'roles/owner', members: [sa('Terraform'), 'user:ann@acme.example'] },
          { role: 'roles/editor', members: [sa('deployer')] },
          { role: 'roles/resourcemanager.projectIamAdmin', members: [sa('terraform')] },
          {
            role: 'roles/iam.serviceAccountKeyAdmin',
            members: [sa('rotator')],
            condition: { title: 'rotation window', expression: 'true' },
          },
          { role: 'roles/viewer', members: [sa('reader')] },
          { role: 'roles/iam.securityAdmin', members: ['group:sec@acme.example'] },
        ],
      },
      DEFAULT_PRIVILEGED_ROLES,
    );
    expect(Object.fromEntries(index)).toEqual({
      'terraform@acme-prod.iam.gserviceaccount.com': [
        'roles/owner on project acme-prod',
        'roles/resourcemanager.projectIamAdmin on project acme-prod',
      ],
      'deployer@acme-prod.iam.gserviceaccount.com': ['roles/editor on project acme-prod'],
      'rotator@acme-prod.iam.gserviceaccount.com': [
        'roles/iam.serviceAccountKeyAdmin on project acme-prod (conditional)',
      ],
    });
  });
});
