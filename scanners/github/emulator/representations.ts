/**
 * Estate records rendered as the REST API's schemas (GitHub Enterprise Cloud OpenAPI), with every
 * URL on the emulator: API URLs as api.github.com writes them (`/users/…`, `/orgs/…`, `/repos/…`),
 * web URLs (`html_url`, avatars) on the same host, as GitHub Enterprise Server does.
 */
import type { components } from '@octokit/openapi-types-ghec';
import type {
  GithubDeployKey,
  GithubEstate,
  GithubFineGrainedTokenGrant,
  GithubInstallationEstate,
  GithubOrgEstate,
  GithubRepoEstate,
  GithubUserRef,
} from './estate.js';

type Schemas = components['schemas'];

/** Where organizations without a `createdAt` in the estate say they were created. */
export const STAND_IN_DATE = '2020-01-01T00:00:00Z';
const STAND_IN_VIEWER: GithubUserRef = { login: 'nhiscan-scanner', id: 9_000_001 };

export const viewerOf = (estate: GithubEstate): GithubUserRef => estate.viewer ?? STAND_IN_VIEWER;

/** GitHub's legacy global node ID: base64 of `<length of type>:<type><database id>`, e.g. MDQ6VXNlcjE=. */
export function legacyNodeId(type: string, id: number): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

export function simpleUser(
  origin: string,
  user: GithubUserRef,
  type: 'User' | 'Organization' = 'User',
): Schemas['simple-user'] {
  const api = `${origin}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: legacyNodeId(type, user.id),
    avatar_url: `${origin}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${origin}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function organizationFull(origin: string, org: GithubOrgEstate): Schemas['organization-full'] {
  const api = `${origin}/orgs/${org.login}`;
  const privateRepos = org.repos.filter((repo) => repo.private).length;
  const createdAt = org.createdAt ?? STAND_IN_DATE;
  return {
    login: org.login,
    id: org.id,
    node_id: legacyNodeId('Organization', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${origin}/avatars/u/${org.id}?v=4`,
    description: null,
    name: org.name ?? org.login,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: org.repos.length - privateRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${origin}/${org.login}`,
    type: 'Organization',
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    collaborators: org.outsideCollaborators.length,
    two_factor_requirement_enabled: true,
    plan: {
      name: 'enterprise',
      space: 976562499,
      private_repos: 999999,
      filled_seats: org.members.length,
      seats: 0,
    },
    created_at: createdAt,
    updated_at: createdAt,
    archived_at: null,
  };
}

export function minimalRepository(
  origin: string,
  org: GithubOrgEstate,
  repo: GithubRepoEstate,
): Schemas['minimal-repository'] {
  const fullName = `${org.login}/${repo.name}`;
  const api = `${origin}/repos/${fullName}`;
  const host = new URL(origin).host;
  return {
    id: repo.id,
    node_id: legacyNodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    owner: simpleUser(origin, org, 'Organization'),
    private: repo.private,
    html_url: `${origin}/${fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${origin}/${fullName}.git`,
    hooks_url: `${api}/hooks`,
    default_branch: 'main',
    archived: repo.archived ?? false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export function deployKey(
  origin: string,
  org: GithubOrgEstate,
  repo: GithubRepoEstate,
  key: GithubDeployKey,
): Schemas['deploy-key'] {
  return { ...key, url: `${origin}/repos/${org.login}/${repo.name}/keys/${key.id}` };
}

export function patGrant(
  origin: string,
  org: GithubOrgEstate,
  grant: GithubFineGrainedTokenGrant,
): Schemas['organization-programmatic-access-grant'] {
  return {
    ...grant,
    owner: simpleUser(origin, grant.owner),
    repositories_url: `${origin}/organizations/${org.id}/personal-access-tokens/${grant.id}/repositories`,
  };
}

export function installation(
  origin: string,
  org: GithubOrgEstate,
  record: GithubInstallationEstate,
): Schemas['installation'] {
  return {
    id: record.id,
    account: simpleUser(origin, org, 'Organization'),
    repository_selection: record.repositorySelection,
    access_tokens_url: `${origin}/app/installations/${record.id}/access_tokens`,
    repositories_url: `${origin}/installation/repositories`,
    html_url: `${origin}/organizations/${org.login}/settings/installations/${record.id}`,
    app_id: record.appId,
    app_slug: record.appSlug,
    target_id: org.id,
    target_type: 'Organization',
    // The estate keeps permissions as plain strings; GitHub's values are read/write/admin.
    permissions: record.permissions as Schemas['app-permissions'],
    events: record.events ?? [],
    created_at: record.createdAt,
    updated_at: record.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: record.suspendedAt ?? null,
  };
}

export function rateLimitOverview(
  core: Schemas['rate-limit'],
  graphql: Schemas['rate-limit'],
  search: Schemas['rate-limit'],
): Schemas['rate-limit-overview'] {
  return { resources: { core, graphql, search }, rate: core };
}
