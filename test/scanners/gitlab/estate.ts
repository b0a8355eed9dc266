/**
 * The GitLab estate of the scanner tests: an instance read with an administrator's token; group
 * acme (with subgroup acme/platform and two projects) and group beta (one project). Ann owns an
 * `api` PAT, Bob (the leaver of the tests) a stale one, Cyd a revoked and an expired one; acme's
 * Owner-level access token and acme/platform/api's tokens, keys and a CI/CD variable whose value is
 * a canary that must never leave the emulator.
 */
import type { GitlabEstate, GitlabUser } from '../../../scanners/gitlab/emulator/estate.js';

export const TOKEN = 'glpat-emulated-not-real-0001';
export const TOKEN_ENV = 'NHISCAN_TEST_GITLAB_TOKEN';
/** The value of acme/platform/api's DB_PASSWORD: it must reach no credential, store or report. */
export const VARIABLE_CANARY = 'canary-gitlab-variable-value-7f3a9c';

const user = (id: number, username: string, email: string, bot = false, saml?: string): GitlabUser => ({
  id,
  username,
  name: username,
  state: 'active',
  bot,
  email,
  identities: saml ? [{ provider: 'saml', extern_uid: saml, saml_provider_id: 1 }] : [],
  created_at: '2020-01-01T00:00:00Z',
  web_url: `https://gitlab.example/${username}`,
  avatar_url: null,
  public_email: null,
});

const group = (id: number, path: string, parent: { id: number; path: string } | null) => {
  const fullPath = parent ? `${parent.path}/${path}` : path;
  return {
    id,
    name: path,
    path,
    full_path: fullPath,
    full_name: fullPath,
    web_url: `https://gitlab.example/groups/${fullPath}`,
    created_at: '2020-01-01T00:00:00Z',
    visibility: 'private' as const,
    parent_id: parent?.id ?? null,
  };
};

const project = (id: number, path: string, namespace: { id: number; path: string }) => ({
  id,
  name: path,
  path,
  path_with_namespace: `${namespace.path}/${path}`,
  name_with_namespace: `${namespace.path} / ${path}`,
  web_url: `https://gitlab.example/${namespace.path}/${path}`,
  created_at: '2020-01-01T00:00:00Z',
  namespace: {
    id: namespace.id,
    name: namespace.path,
    path: namespace.path,
    kind: 'group',
    full_path: namespace.path,
  },
});

const empty = { accessTokens: [], deployTokens: [], deployKeys: [], variables: [], members: [] };

export function gitlabEstate(): GitlabEstate {
  return {
    token: TOKEN,
    tokenUserId: 1,
    admin: true,
    users: [
      user(1, 'root', 'root@acme.example'),
      user(2, 'ann', 'ann@acme.example', false, 'ann@acme.example'),
      user(3, 'bob', 'bob@acme.example'),
      user(4, 'cyd', 'cyd@acme.example'),
      user(10, 'group_10_bot', 'group10_bot@noreply.gitlab.example', true),
      user(11, 'project_100_bot', 'project100_bot@noreply.gitlab.example', true),
    ],
    personalAccessTokens: [
      {
        id: 101,
        name: 'ann-automation',
        revoked: false,
        active: true,
        scopes: ['api'],
        user_id: 2,
        created_at: '2026-01-10T09:00:00Z',
        last_used_at: '2026-11-20T10:00:00Z',
        expires_at: '2027-01-10',
      },
      {
        id: 102,
        name: 'bob-reports',
        revoked: false,
        active: true,
        scopes: ['read_api'],
        user_id: 3,
        created_at: '2026-03-01T09:00:00Z',
        last_used_at: '2026-06-01T10:00:00Z',
        expires_at: null,
      },
      {
        id: 103,
        name: 'cyd-old',
        revoked: true,
        active: false,
        scopes: ['api'],
        user_id: 4,
        created_at: '2025-01-01T09:00:00Z',
        last_used_at: null,
        expires_at: null,
      },
      {
        id: 104,
        name: 'cyd-expired',
        revoked: false,
        active: false,
        scopes: ['read_repository'],
        user_id: 4,
        created_at: '2026-02-01T09:00:00Z',
        last_used_at: '2026-09-01T10:00:00Z',
        expires_at: '2026-10-01',
      },
    ],
    groups: [
      {
        group: group(10, 'acme', null),
        accessTokens: [
          {
            id: 201,
            name: 'release-bot',
            revoked: false,
            active: true,
            scopes: ['api'],
            user_id: 10,
            access_level: 50,
            created_at: '2026-09-01T09:00:00Z',
            last_used_at: null,
            expires_at: '2027-09-01',
          },
        ],
        deployTokens: [
          {
            id: 302,
            name: 'registry-pull',
            username: 'gitlab+deploy-token-302',
            revoked: false,
            expired: false,
            scopes: ['read_registry'],
            expires_at: null,
          },
        ],
      },
      { group: group(11, 'platform', { id: 10, path: 'acme' }), accessTokens: [], deployTokens: [] },
      { group: group(20, 'beta', null), accessTokens: [], deployTokens: [] },
    ],
    projects: [
      {
        ...empty,
        project: project(100, 'api', { id: 11, path: 'acme/platform' }),
        accessTokens: [
          {
            id: 202,
            name: 'ci-reader',
            revoked: false,
            active: true,
            scopes: ['read_repository'],
            user_id: 11,
            access_level: 30,
            created_at: '2026-10-01T09:00:00Z',
            last_used_at: '2026-11-25T10:00:00Z',
            expires_at: '2027-10-01',
          },
        ],
        deployTokens: [
          {
            id: 301,
            name: 'ci-pull',
            username: 'gitlab+deploy-token-301',
            revoked: false,
            expired: false,
            scopes: ['read_repository'],
            expires_at: null,
          },
        ],
        deployKeys: [
          {
            id: 401,
            title: 'prod-push',
            key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatedPublicKeyNotReal401 deploy',
            fingerprint: '4f:01:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77',
            fingerprint_sha256: 'SHA256:emulatedFingerprint401',
            created_at: '2025-05-05T09:00:00Z',
            expires_at: null,
            can_push: true,
          },
        ],
        variables: [
          {
            key: 'DB_PASSWORD',
            value: VARIABLE_CANARY,
            variable_type: 'env_var',
            protected: true,
            masked: true,
            environment_scope: '*',
          },
        ],
        members: [
          {
            id: 2,
            username: 'ann',
            name: 'ann',
            state: 'active',
            access_level: 50,
            email: 'ann@acme.example',
          },
          {
            id: 3,
            username: 'bob',
            name: 'bob',
            state: 'active',
            access_level: 40,
            email: 'bob@acme.example',
          },
          {
            id: 4,
            username: 'cyd',
            name: 'cyd',
            state: 'active',
            access_level: 30,
            email: 'cyd@acme.example',
          },
        ],
      },
      {
        ...empty,
        project: project(101, 'web', { id: 10, path: 'acme' }),
        deployKeys: [
          {
            id: 402,
            title: 'web-read',
            key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatedPublicKeyNotReal402 deploy',
            fingerprint: '4f:02:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77',
            fingerprint_sha256: 'SHA256:emulatedFingerprint402',
            created_at: '2026-11-01T09:00:00Z',
            expires_at: null,
            can_push: false,
          },
        ],
      },
      {
        ...empty,
        project: project(110, 'tool', { id: 20, path: 'beta' }),
        deployKeys: [
          {
            id: 403,
            title: 'tool-read',
            key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatedPublicKeyNotReal403 deploy',
            fingerprint: '4f:03:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77',
            fingerprint_sha256: 'SHA256:emulatedFingerprint403',
            created_at: '2026-04-01T09:00:00Z',
            expires_at: null,
            can_push: false,
          },
        ],
      },
    ],
  };
}
