/** GitHub payload → model transforms, field by field; and no secret material survives. */
import { describe, expect, it } from 'vitest';
import { githubCredentialUid, parseCredentialUid } from '../../../scanners/github/kinds.js';
import { identityDirectory } from '../../../scanners/github/owners.js';
import type {
  CredentialAuthorizationPayload,
  DeployKeyPayload,
  FineGrainedGrantPayload,
} from '../../../scanners/github/payloads.js';
import {
  authorizationCredential,
  authorizationKind,
  DEPLOY_KEY_LAST_USE_UNKNOWN,
  deployKeyCredential,
  fineGrainedTokenCredential,
  installationPrincipal,
  type OrgContext,
  repositoryPrincipal,
  sshFingerprint,
  userPrincipal,
} from '../../../scanners/github/transform.js';

/** A real ed25519 public key (its private half was discarded); `ssh-keygen -lf` gives FINGERPRINT. */
const PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOn36YNegWjiPsKM4+mTGcwvhNs6FGtBFYuw4LzOt0c4 deploy@acme';
const FINGERPRINT = 'SHA256:/7qVHQUtJQ/7Bcgx0v2JxSaWlXS8vhpfsrSJ7WaF8yo';

const context: OrgContext = {
  org: 'acme',
  identities: identityDirectory([
    {
      user: { login: 'Ann-Dev' },
      samlIdentity: { nameId: 'ann@acme.example', emails: [{ value: 'ann@acme.example' }] },
    },
  ]),
};

const classicToken: CredentialAuthorizationPayload = {
  login: 'ann-dev',
  credential_id: 161195,
  credential_type: 'personal access token',
  token_last_eight: '71c3fc11',
  credential_authorized_at: '2025-01-26T19:06:43Z',
  credential_accessed_at: '2026-11-20T08:00:00Z',
  authorized_credential_expires_at: '2027-01-01T00:00:00Z',
  scopes: ['repo', 'admin:org', 'delete_repo'],
};

describe('github credential authorizations', () => {
  it('maps a classic token field by field, owned through the SAML identity of its login', () => {
    expect(authorizationCredential(context, classicToken)).toEqual({
      uid: 'github:acme:personal-access-token:161195',
      provider: 'github',
      account: 'acme',
      kind: 'personal-access-token',
      externalId: '161195',
      principalUid: 'github:acme:user/ann-dev',
      principalName: 'ann-dev',
      status: 'active',
      createdAt: '2025-01-26T19:06:43.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
      lastUsedAt: '2026-11-20T08:00:00.000Z',
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['scope admin:org', 'scope delete_repo'],
      department: null,
      ownerSignals: [
        {
          kind: 'saml-identity',
          value: 'ann@acme.example',
          source:
            'github:acme:personal-access-token:161195 credential authorization: SAML nameId of ann-dev in acme',
        },
      ],
      hint: '71c3fc11',
    });
  });

  it('maps an SSH key: fingerprint as hint, no scopes, never accessed is known; a login without SAML identity is the signal', () => {
    const credential = authorizationCredential(context, {
      login: 'bob',
      credential_id: 7,
      credential_type: 'SSH key',
      credential_authorized_at: '2024-05-01T00:00:00Z',
      credential_accessed_at: null,
      fingerprint: 'jklmnop12345678',
    });
    expect(credential).toEqual({
      uid: 'github:acme:ssh-key:7',
      provider: 'github',
      account: 'acme',
      kind: 'ssh-key',
      externalId: '7',
      principalUid: 'github:acme:user/bob',
      principalName: 'bob',
      status: 'active',
      createdAt: '2024-05-01T00:00:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
      lastUsedKnown: true,
      privileged: false,
      privilegedReasons: [],
      department: null,
      ownerSignals: [
        {
          kind: 'login',
          value: 'github:bob',
          source: 'github:acme:ssh-key:7 credential authorization: login',
        },
      ],
      hint: 'jklmnop12345678',
    });
  });

  it('tells SSH keys, OAuth app tokens and personal tokens apart by the credential type', () => {
    expect(
      [
        'SSH Key',
        'SSH key',
        'personal access token',
        'Personal Access Token (classic)',
        'OAuth token',
        'OAuth app token',
        'GitHub app token',
      ].map(authorizationKind),
    ).toEqual([
      'ssh-key',
      'ssh-key',
      'personal-access-token',
      'personal-access-token',
      'oauth-app-token',
      'oauth-app-token',
      'oauth-app-token',
    ]);
  });
});

const grant: FineGrainedGrantPayload = {
  id: 25381,
  owner: { login: 'bob' },
  token_id: 98716,
  token_name: 'release automation',
  token_expired: false,
  token_expires_at: '2027-02-01T00:00:00Z',
  token_last_used_at: null,
  access_granted_at: '2026-03-01T12:00:00Z',
  repository_selection: 'subset',
  permissions: {
    organization: { members: 'read' },
    repository: { metadata: 'read', contents: 'write', workflows: 'write' },
  },
};

describe('github fine-grained token grants', () => {
  it('maps a grant field by field; token_last_used_at null is "never used", known', () => {
    expect(fineGrainedTokenCredential(context, grant)).toEqual({
      uid: 'github:acme:fine-grained-pat:25381',
      provider: 'github',
      account: 'acme',
      kind: 'fine-grained-pat',
      externalId: '25381',
      principalUid: 'github:acme:user/bob',
      principalName: 'bob',
      status: 'active',
      createdAt: '2026-03-01T12:00:00.000Z',
      expiresAt: '2027-02-01T00:00:00.000Z',
      lastUsedAt: null,
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['fine-grained permission repository.workflows:write'],
      department: null,
      ownerSignals: [
        {
          kind: 'login',
          value: 'github:bob',
          source: 'github:acme:fine-grained-pat:25381 token owner: login',
        },
      ],
    });
  });

  it('marks an expired token expired and keeps a token without expiry', () => {
    const expired = fineGrainedTokenCredential(context, {
      ...grant,
      token_expired: true,
      token_expires_at: null,
    });
    expect([expired.status, expired.expiresAt]).toEqual(['expired', null]);
  });
});

const deployKey: DeployKeyPayload = {
  id: 4102,
  key: PUBLIC_KEY,
  title: 'ci deploy',
  read_only: false,
  created_at: '2025-07-07T07:07:07Z',
  added_by: 'ANN-DEV',
  last_used: '2026-11-01T00:00:00Z',
  enabled: true,
};

describe('github deploy keys', () => {
  it('maps a write key field by field: privileged, SHA256 fingerprint as hint, creator from added_by via SAML', () => {
    expect(deployKeyCredential(context, 'api', deployKey)).toEqual({
      uid: 'github:acme/api:deploy-key:4102',
      provider: 'github',
      account: 'acme',
      kind: 'deploy-key',
      externalId: '4102',
      principalUid: 'github:acme/api',
      principalName: 'acme/api',
      status: 'active',
      createdAt: '2025-07-07T07:07:07.000Z',
      expiresAt: null,
      lastUsedAt: '2026-11-01T00:00:00.000Z',
      lastUsedKnown: true,
      privileged: true,
      privilegedReasons: ['write access to acme/api (read_only false)'],
      department: null,
      ownerSignals: [
        {
          kind: 'creator',
          value: 'ann@acme.example',
          source: 'github:acme/api:deploy-key:4102 deploy key: added by ANN-DEV, SAML nameId in acme',
        },
      ],
      hint: FINGERPRINT,
    });
  });

  it('says unknown when last_used is absent, never used when it is null', () => {
    const { last_used: _omitted, ...withoutField } = deployKey;
    const absent = deployKeyCredential(context, 'api', withoutField);
    expect([absent.lastUsedAt, absent.lastUsedKnown, absent.lastUsedUnknownReason]).toEqual([
      null,
      false,
      DEPLOY_KEY_LAST_USE_UNKNOWN,
    ]);
    const never = deployKeyCredential(context, 'api', { ...deployKey, last_used: null });
    expect([never.lastUsedAt, never.lastUsedKnown, 'lastUsedUnknownReason' in never]).toEqual([
      null,
      true,
      false,
    ]);
  });

  it('reads a disabled key as inactive, a read-only key as unprivileged, no added_by as no signal', () => {
    const credential = deployKeyCredential(context, 'web', {
      ...deployKey,
      read_only: true,
      enabled: false,
      added_by: null,
    });
    expect([
      credential.status,
      credential.privileged,
      credential.privilegedReasons,
      credential.ownerSignals,
    ]).toEqual(['inactive', false, [], []]);
    const legacy = deployKeyCredential(context, 'web', { ...deployKey, added_by: 'carol' });
    expect(legacy.ownerSignals).toEqual([
      {
        kind: 'creator',
        value: 'github:carol',
        source: 'github:acme/web:deploy-key:4102 deploy key: added by carol',
      },
    ]);
  });

  it('computes the OpenSSH SHA256 fingerprint, and none for a malformed key', () => {
    expect(sshFingerprint(PUBLIC_KEY)).toBe(FINGERPRINT);
    expect(sshFingerprint('not a key')).toBeUndefined();
    expect(sshFingerprint('')).toBeUndefined();
  });
});

describe('no secret material survives a transform', () => {
  it('keeps no public key body, only ids, dates, scopes and the hints', () => {
    const credentials = [
      authorizationCredential(context, classicToken),
      fineGrainedTokenCredential(context, grant),
      deployKeyCredential(context, 'api', deployKey),
    ];
    const stored = JSON.stringify(credentials);
    expect(stored).not.toContain('AAAAC3NzaC1lZDI1NTE5');
    expect(stored).not.toContain('ssh-ed25519');
    expect(stored).not.toContain('deploy@acme');
    // The last eight of a classic token is the only token material, by design.
    expect(stored.match(/71c3fc11/g)).toHaveLength(1);
  });
});

describe('github credential uids', () => {
  it('are stable, readable and parse back', () => {
    expect(githubCredentialUid('acme', 'ssh-key', 7)).toBe('github:acme:ssh-key:7');
    expect(githubCredentialUid('acme', 'deploy-key', 9, 'api.v2')).toBe('github:acme/api.v2:deploy-key:9');
    expect(parseCredentialUid('github:acme/api.v2:deploy-key:9')).toEqual({
      org: 'acme',
      repo: 'api.v2',
      kind: 'deploy-key',
      id: '9',
    });
    expect(parseCredentialUid('github:acme:fine-grained-pat:25381')).toEqual({
      org: 'acme',
      kind: 'fine-grained-pat',
      id: '25381',
    });
    expect(parseCredentialUid('github:acme:deploy-key:9')).toBeUndefined();
    expect(parseCredentialUid('github:acme/api:ssh-key:9')).toBeUndefined();
    expect(parseCredentialUid('aws:111122223333:access-key:AKIA')).toBeUndefined();
  });
});

describe('github principals', () => {
  it('describes users, repositories and app installations', () => {
    expect(userPrincipal('acme', 'Ann-Dev', 'admin', context.identities.get('ann-dev'))).toEqual({
      uid: 'github:acme:user/Ann-Dev',
      provider: 'github',
      account: 'acme',
      kind: 'github-user',
      name: 'Ann-Dev',
      tags: { role: 'admin', 'saml.nameId': 'ann@acme.example' },
    });
    expect(repositoryPrincipal('acme', { name: 'api', id: 1, private: true, archived: true })).toEqual({
      uid: 'github:acme/api',
      provider: 'github',
      account: 'acme',
      kind: 'github-repository',
      name: 'acme/api',
      tags: { visibility: 'private', archived: 'true' },
    });
    expect(
      installationPrincipal('acme', {
        id: 31,
        app_id: 7,
        app_slug: 'renovate',
        created_at: '2025-01-01T00:00:00Z',
        repository_selection: 'all',
        permissions: { metadata: 'read', contents: 'write' },
        target_type: 'Organization',
      }),
    ).toEqual({
      uid: 'github:acme:installation/31',
      provider: 'github',
      account: 'acme',
      kind: 'github-app-installation',
      name: 'renovate',
      tags: {
        appId: '7',
        createdAt: '2025-01-01T00:00:00.000Z',
        repositorySelection: 'all',
        permissions: 'contents:write,metadata:read',
      },
    });
  });
});
