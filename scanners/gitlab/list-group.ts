/**
 * Lists one configured group (an account): the group, its subgroups and their projects, then each
 * group's access and deploy tokens and each project's access tokens, deploy tokens, deploy keys and
 * CI/CD variables, one ScanPage per API page. A failed call ends only what it was reading, with a
 * page marked partial naming the call (a denied project leaves its siblings read); failing to read
 * the group or its list of projects ends the group. A cancelled scan rethrows instead.
 */
import type { Credential, Principal } from '../../src/core/model.js';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import type { GitlabApi } from './clients.js';
import type {
  DeployKey,
  DeployToken,
  GitlabGroup,
  GitlabProject,
  Member,
  ProjectVariable,
  ResourceAccessToken,
} from './emulator/estate.js';
import { describeGitlabError } from './errors.js';
import {
  DEPLOY_KEY_KIND,
  DEPLOY_TOKEN_KIND,
  type GitlabKind,
  GROUP_TOKEN_KIND,
  PAT_KIND,
  PROJECT_TOKEN_KIND,
  VARIABLE_KIND,
} from './kinds.js';
import { listInventory } from './list-inventory.js';
import { variableReaders } from './owners.js';
import { type ExpandedPage, listAll, type PageCall, pagesOf } from './paginate.js';
import {
  accessTokenCredential,
  botPrincipal,
  deployKeyCredential,
  deployTokenCredential,
  type Holder,
  type VariableMetadata,
  variableCredential,
} from './transform.js';

export interface GroupScan {
  api: GitlabApi;
  kinds: ReadonlySet<GitlabKind>;
  /** Read the group's credentials inventory (GitLab.com enterprise users' PATs). */
  credentialsInventory: boolean;
  perPage: number;
  signal: AbortSignal;
  progress?: ((message: string) => void) | undefined;
}

/** The client's expanded answer, as its offset-paged types describe it. */
const expanded = <Item>(answer: unknown) => answer as ExpandedPage<Item>;

/** Reads one part page by page; a failure yields a partial page for `scope` and ends that part. */
async function* readPart<Item>(
  scan: GroupScan,
  scope: string,
  call: PageCall<Item>,
  toPage: (items: Item[]) => Promise<ScanPage> | ScanPage,
): AsyncGenerator<ScanPage> {
  try {
    for await (const items of pagesOf(call, scan.perPage, scan.signal)) yield await toPage(items);
  } catch (error) {
    yield couldNotRead(error, scan.signal, scope, describeGitlabError(error));
  }
}

function tokenPage(account: string, holder: Holder, tokens: ResourceAccessToken[]): ScanPage {
  const live = tokens.filter((token) => !token.revoked);
  const principals = new Map<string, Principal>();
  for (const token of live) {
    const principal = botPrincipal(account, token.user_id, holder);
    principals.set(principal.uid, principal);
  }
  return {
    credentials: live.map((token) => accessTokenCredential(account, holder, token)),
    principals: [...principals.values()],
  };
}

const deployTokenPage = (account: string, holder: Holder, tokens: DeployToken[]): ScanPage => ({
  credentials: tokens
    .filter((token) => !token.revoked)
    .map((token) => deployTokenCredential(account, holder, token)),
  principals: [],
});

async function* groupParts(scan: GroupScan, account: string, group: GitlabGroup): AsyncGenerator<ScanPage> {
  const { api, kinds } = scan;
  const holder: Holder = { type: 'group', id: group.id, path: group.full_path };
  const where = `group ${account}: group ${group.full_path}`;
  if (kinds.has(GROUP_TOKEN_KIND))
    yield* readPart(
      scan,
      `${where} access tokens`,
      async (page) => expanded<ResourceAccessToken>(await api.groupAccessTokens.all(group.id, page)),
      (tokens) => tokenPage(account, holder, tokens),
    );
  if (kinds.has(DEPLOY_TOKEN_KIND))
    yield* readPart(
      scan,
      `${where} deploy tokens`,
      async (page) => expanded<DeployToken>(await api.deployTokens.all({ groupId: group.id, ...page })),
      (tokens) => deployTokenPage(account, holder, tokens),
    );
}

async function* projectParts(
  scan: GroupScan,
  account: string,
  project: GitlabProject,
): AsyncGenerator<ScanPage> {
  const { api, kinds } = scan;
  const holder: Holder = { type: 'project', id: project.id, path: project.path_with_namespace };
  const where = `group ${account}: project ${project.path_with_namespace}`;
  if (kinds.has(PROJECT_TOKEN_KIND))
    yield* readPart(
      scan,
      `${where} access tokens`,
      async (page) => expanded<ResourceAccessToken>(await api.projectAccessTokens.all(project.id, page)),
      (tokens) => tokenPage(account, holder, tokens),
    );
  if (kinds.has(DEPLOY_TOKEN_KIND))
    yield* readPart(
      scan,
      `${where} deploy tokens`,
      async (page) => expanded<DeployToken>(await api.deployTokens.all({ projectId: project.id, ...page })),
      (tokens) => deployTokenPage(account, holder, tokens),
    );
  if (kinds.has(DEPLOY_KEY_KIND))
    yield* readPart(
      scan,
      `${where} deploy keys`,
      async (page) => expanded<DeployKey>(await api.deployKeys.all({ projectId: project.id, ...page })),
      (keys): ScanPage => ({
        credentials: keys.map((key) => deployKeyCredential(account, holder, key)),
        principals: [],
      }),
    );
  if (kinds.has(VARIABLE_KIND)) yield* variableParts(scan, account, holder, where);
}

/** CI/CD variables: each page's values are dropped on receipt; readers are read once, when needed. */
async function* variableParts(
  scan: GroupScan,
  account: string,
  holder: Holder,
  where: string,
): AsyncGenerator<ScanPage> {
  const { api } = scan;
  let readers: Credential['readers'];
  yield* readPart(
    scan,
    `${where} CI/CD variables`,
    async (page) => {
      const answer = expanded<ProjectVariable>(await api.projectVariables.all(holder.id, page));
      // The API sends each value: keep none of it past this line.
      const data: VariableMetadata[] = answer.data.map(({ value: _value, ...metadata }) => metadata);
      return { data, paginationInfo: answer.paginationInfo };
    },
    async (variables) => {
      if (variables.length > 0 && readers === undefined) {
        const members = await listAll(
          async (page) =>
            expanded<Member>(await api.projectMembers.all(holder.id, { includeInherited: true, ...page })),
          scan.perPage,
          scan.signal,
        );
        readers = variableReaders(holder.path, members);
      }
      return {
        credentials: variables.map((metadata) =>
          variableCredential(account, holder, metadata, readers ?? []),
        ),
        principals: [],
      };
    },
  );
}

export async function* listGroup(scan: GroupScan, account: string): AsyncGenerator<ScanPage> {
  const { api, signal } = scan;
  let operation = `GET /groups/${account}`;
  let groups: GitlabGroup[];
  let projects: GitlabProject[];
  try {
    signal.throwIfAborted();
    const group = (await api.groups.show(account)) as unknown as GitlabGroup;
    scan.progress?.(`gitlab: group ${account}`);
    operation = `GET /groups/${group.id}/descendant_groups`;
    const descendants = await listAll(
      async (page) => expanded<GitlabGroup>(await api.groups.allDescendantGroups(group.id, page)),
      scan.perPage,
      signal,
    );
    operation = `GET /groups/${group.id}/projects?include_subgroups=true`;
    projects = await listAll(
      async (page) =>
        expanded<GitlabProject>(await api.groups.allProjects(group.id, { includeSubgroups: true, ...page })),
      scan.perPage,
      signal,
    );
    groups = [group, ...descendants];
  } catch (error) {
    const reason = `${operation} failed: ${describeGitlabError(error)}`;
    yield couldNotRead(error, signal, `group ${account}`, reason);
    return;
  }
  if (scan.credentialsInventory && scan.kinds.has(PAT_KIND)) yield* listInventory(scan, account, groups[0]!);
  for (const group of groups) yield* groupParts(scan, account, group);
  for (const project of projects) yield* projectParts(scan, account, project);
}
