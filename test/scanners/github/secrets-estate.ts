/**
 * twoOrgEstate with what a leaver can reach besides their own credentials: Actions secrets (one on
 * acme/api, two of the organization) and the collaborators who can read them. Bob (write on
 * acme/api) is the leaver of the HR files that use it. Fake values only.
 */
import type { GithubEstate } from '../../../scanners/github/emulator/estate.js';
import { twoOrgEstate } from './estate.js';

/** twoOrgEstate with a repository secret on acme/api, two organization secrets and collaborators. */
export function secretsEstate(): GithubEstate {
  const estate = twoOrgEstate();
  const acme = estate.orgs[0]!;
  const [api, docs, web] = acme.repos;
  api!.actionsSecrets = [
    { name: 'DEPLOY_TOKEN', created_at: '2025-03-01T10:00:00Z', updated_at: '2026-06-01T10:00:00Z' },
  ];
  api!.collaborators = [
    { login: 'bob', id: 12, role: 'write' },
    { login: 'cyd', id: 13, role: 'read' },
    { login: 'vendor-vic', id: 21, role: 'maintain' },
  ];
  docs!.collaborators = [{ login: 'cyd', id: 13, role: 'admin' }];
  web!.collaborators = [{ login: 'cyd', id: 13, role: 'write' }];
  acme.actionsSecrets = [
    {
      name: 'NPM_TOKEN',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2026-11-01T00:00:00Z',
      visibility: 'selected',
      selectedRepositoryIds: [3001],
    },
    {
      name: 'SLACK_WEBHOOK',
      created_at: '2024-02-02T00:00:00Z',
      updated_at: '2024-02-02T00:00:00Z',
      visibility: 'private',
    },
  ];
  return estate;
}

/**
 * twoOrgEstate with more App installations on acme (one administering the organization, one
 * suspended) and an OAuth app token Bob authorized for SAML single sign-on.
 */
export function appsEstate(): GithubEstate {
  const estate = twoOrgEstate();
  const acme = estate.orgs[0]!;
  acme.installations.push(
    {
      id: 62,
      appId: 6002,
      appSlug: 'org-admin',
      createdAt: '2026-02-02T00:00:00Z',
      repositorySelection: 'selected',
      permissions: { organization_administration: 'write', members: 'write', issues: 'write' },
    },
    {
      id: 63,
      appId: 6003,
      appSlug: 'old-linter',
      createdAt: '2023-03-03T00:00:00Z',
      repositorySelection: 'all',
      permissions: { checks: 'write', metadata: 'read' },
      suspendedAt: '2026-01-01T00:00:00Z',
    },
  );
  acme.credentialAuthorizations.push({
    login: 'bob',
    credential_id: 504,
    credential_type: 'OAuth app token',
    token_last_eight: 'b5040004',
    credential_authorized_at: '2026-04-04T09:00:00Z',
    credential_accessed_at: '2026-09-20T09:00:00Z',
    authorized_credential_id: 9504,
    scopes: ['repo', 'admin:org'],
  });
  return estate;
}
