/**
 * The GitHub part of an emulated estate: what the GitHub REST/GraphQL emulator serves and the
 * GitHub scanner reads. Records are stored in the API's own shapes (GitHub Enterprise Cloud
 * OpenAPI components, where SAML single sign-on lives), so drift from the real API fails to compile.
 * Plain data (JSON friendly); dates are ISO 8601 strings. Fake values only: never a real token.
 */
import type { components } from '@octokit/openapi-types-ghec';

type Schemas = components['schemas'];

export type GithubCredentialAuthorization = Schemas['credential-authorization'];
/**
 * A fine-grained PAT grant. The emulator derives the API URLs (`repositories_url`, the owner's
 * `simple-user` URLs) from its own address, so an estate may give the owner as just `{ login, id }`.
 */
export type GithubFineGrainedTokenGrant = Omit<
  Schemas['organization-programmatic-access-grant'],
  'owner' | 'repositories_url'
> & {
  owner: GithubUserRef & Partial<Schemas['simple-user']>;
  repositories_url?: string;
};
/**
 * A pending organization invitation (`login` null: invited by email, no GitHub account yet); the
 * emulator derives `node_id`, `invitation_teams_url` and the inviter's `simple-user` URLs.
 */
export type GithubOrgInvitation = Omit<
  Schemas['organization-invitation'],
  'inviter' | 'node_id' | 'invitation_teams_url'
> & { inviter: GithubUserRef };
/** A deploy key; the emulator derives `url` from its own address. */
export type GithubDeployKey = Omit<Schemas['deploy-key'], 'url'> & { url?: string };

export interface GithubEstate {
  /** The token the emulator accepts (`Authorization: Bearer …` or `token …`); fake. */
  token: string;
  /** OAuth scopes the emulator reports for the token in `x-oauth-scopes` (a classic PAT's scopes). */
  scopes?: string[];
  /** The account the token belongs to (GraphQL `viewer`, rate-limit messages); a stand-in when absent. */
  viewer?: GithubUserRef;
  orgs: GithubOrgEstate[];
}

export interface GithubUserRef {
  login: string;
  id: number;
}

/** A SAML external identity: links a GitHub login to the IdP's nameId (usually the HR email). */
export interface GithubExternalIdentity {
  /** The identity's GUID; the emulator derives a stable one when absent. */
  guid?: string;
  login: string;
  nameId: string;
  emails: string[];
}

export interface GithubRepoEstate {
  name: string;
  id: number;
  private: boolean;
  archived?: boolean;
  deployKeys: GithubDeployKey[];
  /** Repository Actions secrets (names and dates only; no value is ever kept); none when absent. */
  actionsSecrets?: GithubActionsSecret[];
  /**
   * Direct collaborators and members with access to the repository, with their role; organization
   * owners are listed as admins besides these (affiliation `all`, as GitHub does). None when absent.
   */
  collaborators?: GithubCollaboratorEstate[];
}

/** An Actions secret as GET …/actions/secrets lists it: `updated_at` is when the value was last set. */
export type GithubActionsSecret = Schemas['actions-secret'];

/** An organization Actions secret; `selectedRepositoryIds` for visibility `selected`. */
export type GithubOrgActionsSecret = Omit<
  Schemas['organization-actions-secret'],
  'selected_repositories_url'
> & {
  selectedRepositoryIds?: number[];
};

export interface GithubCollaboratorEstate extends GithubUserRef {
  role: 'admin' | 'maintain' | 'write' | 'triage' | 'read';
}

export interface GithubInstallationEstate {
  id: number;
  appId: number;
  appSlug: string;
  createdAt: string;
  repositorySelection: 'all' | 'selected';
  permissions: Record<string, string>;
  /** Webhook events the app subscribes to; [] when absent. */
  events?: string[];
  /** Set when an owner suspended the installation. */
  suspendedAt?: string | null;
}

export interface GithubOrgEstate {
  login: string;
  id: number;
  /** Display name; the login when absent. */
  name?: string;
  /** ISO 8601; a stand-in (2020-01-01) when absent. */
  createdAt?: string;
  /** SAML SSO enforced: credential authorizations and external identities exist (else 404 / null). */
  saml: boolean;
  members: (GithubUserRef & { role: 'admin' | 'member' })[];
  outsideCollaborators: GithubUserRef[];
  /** Pending invitations (GET /orgs/{org}/invitations); none when absent. */
  invitations?: GithubOrgInvitation[];
  externalIdentities: GithubExternalIdentity[];
  credentialAuthorizations: GithubCredentialAuthorization[];
  fineGrainedTokens: GithubFineGrainedTokenGrant[];
  repos: GithubRepoEstate[];
  installations: GithubInstallationEstate[];
  /** Organization Actions secrets; none when absent. */
  actionsSecrets?: GithubOrgActionsSecret[];
}
