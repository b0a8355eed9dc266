/** The credential kinds the GitHub scanner produces, and their stable uids (never secret). */

export const GITHUB_CREDENTIAL_KINDS = [
  /** A personal access token (classic) authorized for SAML single sign-on (credential authorization). */
  'personal-access-token',
  /** A user's SSH key authorized for SAML single sign-on (credential authorization). */
  'ssh-key',
  /** A fine-grained personal access token granted access to the organization. */
  'fine-grained-pat',
  /** A repository deploy key. */
  'deploy-key',
  /** A leaver's own organization membership (person-account: member-access.ts). */
  'org-membership',
  /** A leaver's own outside-collaborator access to the organization's repositories (person-account). */
  'outside-collaborator',
  /** A pending invitation of a leaver to the organization, by login or email (person-account). */
  'org-invitation',
  /** An OAuth app's token authorized for SAML single sign-on (credential authorization). */
  'oauth-app-token',
  /** A GitHub App installed on the organization (app-installations.ts). */
  'app-installation',
  /** An Actions secret of the organization or of one repository (shared-secret: actions-secrets.ts). */
  'actions-secret',
] as const;
export type GithubCredentialKind = (typeof GITHUB_CREDENTIAL_KINDS)[number];

/** A person's own access to the organization, listed for leavers and expired contractors only. */
export const PERSON_ACCOUNT_KINDS = ['org-membership', 'outside-collaborator', 'org-invitation'] as const;
export type PersonAccountKind = (typeof PERSON_ACCOUNT_KINDS)[number];

/** The kinds read from GET /orgs/{org}/credential-authorizations. */
export const AUTHORIZATION_KINDS = ['personal-access-token', 'ssh-key', 'oauth-app-token'] as const;

/**
 * `github:ORG:personal-access-token:CREDENTIAL_ID`, `github:ORG:ssh-key:CREDENTIAL_ID`,
 * `github:ORG:fine-grained-pat:PAT_ID`, `github:ORG/REPO:deploy-key:KEY_ID`,
 * `github:ORG:org-membership:LOGIN`, `github:ORG:outside-collaborator:LOGIN`,
 * `github:ORG:org-invitation:INVITATION_ID`, `github:ORG:oauth-app-token:CREDENTIAL_ID`,
 * `github:ORG:app-installation:INSTALLATION_ID`, `github:ORG:actions-secret:NAME` (organization
 * secret), `github:ORG/REPO:actions-secret:NAME` (repository secret).
 */
export function githubCredentialUid(
  org: string,
  kind: GithubCredentialKind,
  id: string | number,
  repo?: string,
): string {
  const repoLevel = kind === 'deploy-key' || (kind === 'actions-secret' && repo !== undefined);
  return repoLevel ? `github:${org}/${repo}:${kind}:${id}` : `github:${org}:${kind}:${id}`;
}

export interface ParsedCredentialUid {
  org: string;
  /** The repository name (deploy keys, repository Actions secrets). */
  repo?: string;
  kind: GithubCredentialKind;
  id: string;
}

/** The parts of a uid made by githubCredentialUid; undefined for anything else. */
export function parseCredentialUid(uid: string): ParsedCredentialUid | undefined {
  const match = /^github:([^:/]+)(?:\/([^:]+))?:([a-z-]+):([^:]+)$/.exec(uid);
  if (!match) return undefined;
  const [, org, repo, kind, id] = match;
  if (!(GITHUB_CREDENTIAL_KINDS as readonly string[]).includes(kind!)) return undefined;
  // A deploy key always names its repository; an Actions secret may (repository level); nothing else does.
  if (kind === 'deploy-key' ? repo === undefined : kind !== 'actions-secret' && repo !== undefined)
    return undefined;
  return { org: org!, ...(repo ? { repo } : {}), kind: kind as GithubCredentialKind, id: id! };
}
