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
] as const;
export type GithubCredentialKind = (typeof GITHUB_CREDENTIAL_KINDS)[number];

/** The kinds read from GET /orgs/{org}/credential-authorizations. */
export const AUTHORIZATION_KINDS = ['personal-access-token', 'ssh-key'] as const;

/**
 * `github:ORG:personal-access-token:CREDENTIAL_ID`, `github:ORG:ssh-key:CREDENTIAL_ID`,
 * `github:ORG:fine-grained-pat:PAT_ID`, `github:ORG/REPO:deploy-key:KEY_ID`.
 */
export function githubCredentialUid(
  org: string,
  kind: GithubCredentialKind,
  id: string | number,
  repo?: string,
): string {
  return kind === 'deploy-key' ? `github:${org}/${repo}:${kind}:${id}` : `github:${org}:${kind}:${id}`;
}

export interface ParsedCredentialUid {
  org: string;
  /** The repository name (deploy keys only). */
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
  if ((kind === 'deploy-key') !== (repo !== undefined)) return undefined;
  return { org: org!, ...(repo ? { repo } : {}), kind: kind as GithubCredentialKind, id: id! };
}
