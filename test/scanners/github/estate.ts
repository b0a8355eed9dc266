/**
 * A two-organization GitHub estate for the scanner tests: `acme` uses SAML single sign-on, `beta`
 * does not. Fake values only. HR_CSV holds the people the owners resolve to.
 */
import type { GithubEstate } from '../../../scanners/github/emulator/estate.js';

export const TOKEN = 'ghp_scannertesttoken00000000000000000001';
export const TOKEN_ENV = 'GITHUB_SCANNER_TEST_TOKEN';

/** Real ed25519 public keys (their private halves were never kept) and their OpenSSH fingerprints. */
export const KEYS = {
  api: {
    key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOn36YNegWjiPsKM4+mTGcwvhNs6FGtBFYuw4LzOt0c4 api@acme',
    fingerprint: 'SHA256:/7qVHQUtJQ/7Bcgx0v2JxSaWlXS8vhpfsrSJ7WaF8yo',
  },
};

export function twoOrgEstate(): GithubEstate {
  return {
    token: TOKEN,
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
        outsideCollaborators: [{ login: 'vendor-vic', id: 21 }],
        externalIdentities: [
          { login: 'ann', nameId: 'ann@acme.example', emails: ['ann@acme.example'] },
          { login: 'bob', nameId: 'bob@acme.example', emails: ['bob@acme.example'] },
        ],
        credentialAuthorizations: [
          {
            login: 'ann',
            credential_id: 501,
            credential_type: 'personal access token',
            token_last_eight: 'a5010001',
            credential_authorized_at: '2026-01-10T09:00:00Z',
            credential_accessed_at: '2026-11-20T09:00:00Z',
            authorized_credential_id: 9501,
            authorized_credential_expires_at: null,
            scopes: ['admin:org', 'repo'],
          },
          {
            login: 'bob',
            credential_id: 502,
            credential_type: 'SSH Key',
            fingerprint: 'SHA256:bobslaptopkey0502',
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
            permissions: { organization: { administration: 'write' }, repository: { contents: 'read' } },
            access_granted_at: '2026-02-01T09:00:00Z',
            token_id: 8701,
            token_name: 'org admin',
            token_expired: false,
            token_expires_at: '2027-02-01T09:00:00Z',
            token_last_used_at: '2026-11-01T09:00:00Z',
          },
          {
            id: 702,
            owner: { login: 'cyd', id: 13 },
            repository_selection: 'subset',
            permissions: { repository: { issues: 'write' } },
            access_granted_at: '2026-05-01T09:00:00Z',
            token_id: 8702,
            token_name: 'triage',
            token_expired: false,
            token_expires_at: null,
            token_last_used_at: null,
          },
        ],
        repos: [
          {
            name: 'api',
            id: 3001,
            private: true,
            deployKeys: [
              {
                id: 41,
                key: KEYS.api.key,
                title: 'deploy (rw)',
                verified: true,
                created_at: '2025-01-01T00:00:00Z',
                read_only: false,
                added_by: 'bob',
                last_used: '2026-11-01T00:00:00Z',
                enabled: true,
              },
              {
                id: 42,
                key: 'ssh-ed25519 AAAA-not-a-real-key-42',
                title: 'mirror (ro)',
                verified: true,
                created_at: '2024-02-02T00:00:00Z',
                read_only: true,
                added_by: null,
              },
            ],
          },
          { name: 'docs', id: 3002, private: false, deployKeys: [] },
          {
            name: 'web',
            id: 3003,
            private: true,
            archived: true,
            deployKeys: [
              {
                id: 43,
                key: 'ssh-ed25519 AAAA-not-a-real-key-43',
                title: 'preview (ro)',
                verified: true,
                created_at: '2026-10-01T00:00:00Z',
                read_only: true,
                added_by: 'cyd',
                last_used: null,
                enabled: true,
              },
            ],
          },
        ],
        installations: [
          {
            id: 61,
            appId: 6001,
            appSlug: 'renovate',
            createdAt: '2025-05-05T00:00:00Z',
            repositorySelection: 'all',
            permissions: { contents: 'write', metadata: 'read' },
          },
        ],
      },
      {
        login: 'beta',
        id: 1002,
        saml: false,
        members: [
          { login: 'dan', id: 31, role: 'admin' },
          { login: 'eve', id: 32, role: 'member' },
        ],
        outsideCollaborators: [],
        externalIdentities: [],
        credentialAuthorizations: [],
        fineGrainedTokens: [
          {
            id: 801,
            owner: { login: 'eve', id: 32 },
            repository_selection: 'subset',
            permissions: { repository: { contents: 'write', metadata: 'read' } },
            access_granted_at: '2026-10-01T09:00:00Z',
            token_id: 8801,
            token_name: 'docs sync',
            token_expired: false,
            token_expires_at: '2027-01-01T00:00:00Z',
            token_last_used_at: '2026-11-25T00:00:00Z',
          },
        ],
        repos: [
          {
            name: 'infra',
            id: 4001,
            private: true,
            deployKeys: [
              {
                id: 51,
                key: 'ssh-ed25519 AAAA-not-a-real-key-51',
                title: 'terraform (rw)',
                verified: true,
                created_at: '2026-09-01T00:00:00Z',
                read_only: false,
                added_by: 'dan',
                last_used: '2026-11-25T00:00:00Z',
                enabled: true,
              },
            ],
          },
        ],
        installations: [],
      },
    ],
  };
}

/**
 * One SAML organization, `acme`, sized for rate-limit tests: `identities` members with SAML
 * identities (100 a GraphQL page) and `repos` repositories with one read-only deploy key each,
 * added by the members from the last one backwards (the first key's owner is on the last page).
 * With the default page size a scan of the token and deploy-key kinds makes 8 + ceil(identities /
 * 100) − 1 + ceil(repos / 100) − 1 + repos requests, and lists `repos` credentials (Actions secrets
 * add 1 + repos more).
 */
export function wideOrgEstate(size: { repos: number; identities: number }): GithubEstate {
  const logins = Array.from({ length: size.identities }, (_, index) => `user${index + 1}`);
  return {
    token: TOKEN,
    scopes: ['admin:org', 'repo'],
    viewer: { login: 'nhiscan-bot', id: 9001 },
    orgs: [
      {
        login: 'acme',
        id: 1001,
        saml: true,
        members: logins.map((login, index) => ({ login, id: 100 + index, role: 'member' as const })),
        outsideCollaborators: [],
        externalIdentities: logins.map((login) => ({
          login,
          nameId: `${login}@acme.example`,
          emails: [`${login}@acme.example`],
        })),
        credentialAuthorizations: [],
        fineGrainedTokens: [],
        repos: Array.from({ length: size.repos }, (_, index) => ({
          name: `repo${index + 1}`,
          id: 5000 + index,
          private: true,
          deployKeys: [
            {
              id: 60_000 + index,
              key: `ssh-ed25519 AAAA-not-a-real-key-${index + 1}`,
              title: 'ci (ro)',
              verified: true,
              created_at: '2026-01-01T00:00:00Z',
              read_only: true,
              added_by: login(index),
              last_used: null,
              enabled: true,
            },
          ],
        })),
        installations: [],
      },
    ],
  };

  function login(index: number): string | null {
    return logins.length > 0 ? logins[logins.length - 1 - (index % logins.length)]! : null;
  }
}
