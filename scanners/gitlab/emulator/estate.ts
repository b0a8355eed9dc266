/**
 * The shape of a GitLab estate the emulator serves, typed against the official client's own
 * response types (@gitbeaker/core's `*Schema`, re-exported by @gitbeaker/rest). Where GitLab sends
 * `null` and the client's type says a string (`expires_at`, `last_used_at`), the field is widened:
 * the wire is what GitLab sends. Records are kept exactly as served; revocations change them.
 */
import type {
  AccessTokenSchema,
  CondensedNamespaceSchema,
  DeployKeySchema,
  DeployTokenSchema,
  ExpandedUserSchema,
  GroupSchema,
  IdentitySchema,
  MemberSchema,
  PersonalAccessTokenSchema,
  ProjectVariableSchema,
  SimpleProjectSchema,
} from '@gitbeaker/rest';

/** The declared fields of a client type, without the `Record<string, unknown>` it extends. */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** A user as an administrator reads it (`GET /users/:id`); others see no email nor identities. */
export type GitlabUser = Pick<
  ExpandedUserSchema,
  'id' | 'username' | 'name' | 'state' | 'bot' | 'email' | 'identities' | 'created_at' | 'web_url'
> & { avatar_url: string | null; public_email: string | null };

/** A personal access token as listed; the secret `token` field is only ever sent at creation. */
export type PersonalAccessToken = Omit<
  Known<PersonalAccessTokenSchema>,
  'token' | 'expires_at' | 'last_used_at'
> & {
  expires_at: string | null;
  last_used_at: string | null;
};

/** A group or project access token: a personal access token of the resource's bot user. */
export type ResourceAccessToken = Omit<Known<AccessTokenSchema>, 'expires_at'> & {
  expires_at: string | null;
  last_used_at: string | null;
};

export type DeployToken = Omit<Known<DeployTokenSchema>, 'expires_at'> & { expires_at: string | null };

export type DeployKey = Omit<Known<DeployKeySchema>, 'expires_at'> & { expires_at: string | null };

/** Served with its `value`, as GitLab does: the scanner must drop it at once. */
export type ProjectVariable = Known<ProjectVariableSchema>;

/** A member with the access level that decides who may read CI/CD variables (Maintainer, 40, and up). */
export type Member = Pick<MemberSchema, 'id' | 'username' | 'name' | 'state' | 'access_level'> & {
  /** Shown to administrators (and for enterprise users on GitLab.com); absent otherwise. */
  email?: string;
};

export type GitlabGroup = Pick<
  GroupSchema,
  'id' | 'name' | 'path' | 'full_path' | 'full_name' | 'web_url' | 'created_at' | 'visibility'
> & { parent_id: number | null };

export type GitlabProject = Pick<
  SimpleProjectSchema,
  'id' | 'name' | 'path' | 'path_with_namespace' | 'name_with_namespace' | 'web_url' | 'created_at'
> & { namespace: Pick<CondensedNamespaceSchema, 'id' | 'name' | 'path' | 'kind' | 'full_path'> };

/** A group SAML identity (`GET /groups/:id/saml/identities`). */
export type SamlIdentity = Known<IdentitySchema>;

export interface GitlabGroupEstate {
  group: GitlabGroup;
  accessTokens: ResourceAccessToken[];
  deployTokens: DeployToken[];
  /**
   * GitLab.com, a top-level group: its enterprise users, whose PATs its credentials inventory lists
   * (`GET /groups/:id/manage/personal_access_tokens`). Absent: the group has none.
   */
  enterpriseUserIds?: number[];
  /** The group's SAML identities; absent: no SAML single sign-on (the API answers 404). */
  samlIdentities?: SamlIdentity[];
}

export interface GitlabProjectEstate {
  project: GitlabProject;
  accessTokens: ResourceAccessToken[];
  deployTokens: DeployToken[];
  deployKeys: DeployKey[];
  variables: ProjectVariable[];
  /** Direct and inherited members (`GET /projects/:id/members/all`). */
  members: Member[];
}

export interface GitlabEstate {
  /** The scanning token (fake), sent as `PRIVATE-TOKEN`. */
  token: string;
  /** The token's user. */
  tokenUserId: number;
  /** An administrator lists every user's PATs and reads users' emails and identities. */
  admin: boolean;
  users: GitlabUser[];
  /** Human users' PATs; group and project access tokens are their bot users' PATs, kept with the resource. */
  personalAccessTokens: PersonalAccessToken[];
  groups: GitlabGroupEstate[];
  projects: GitlabProjectEstate[];
}
