/**
 * Actions secrets, organization and repository level, as `shared-secret` records: no owner, the
 * identities that can read the value (`readers`: organization owners and the writers of every
 * repository the secret reaches) and when the value was last set (`valueSetAt`, GitHub's
 * `updated_at`). Values are never read (the API does not return them).
 *
 * Calls: one organization list (plus one repository list per `selected` secret), one secrets list
 * per repository, and one collaborators list per repository that has a secret or receives an
 * organization secret, each read once per scan. What cannot be read is a partial mark; an
 * exhausted budget ends the per-repository listing (the organization secrets still come out).
 */
import pLimit from 'p-limit';
import type { Credential, Principal } from '../../src/core/model.js';
import type { ScanPage } from '../../src/core/plugin.js';
import {
  type CollaboratorPayload,
  collaboratorSchema,
  type OrgSecretPayload,
  orgSecretSchema,
  type RepoSecretPayload,
  repoSecretSchema,
} from './actions-payloads.js';
import { isBudgetExceeded } from './budget.js';
import { githubCredentialUid } from './kinds.js';
import { type RepositoryPayload, repositorySchema } from './payloads.js';
import { type Problems, withProblems } from './problems.js';
import { type GithubScan, listPages } from './scan.js';
import { type SecretWriter, secretReaders, writersOf } from './secret-readers.js';
import { type OrgContext, repositoryPrincipal, repositoryPrincipalUid } from './transform.js';

/** Repositories whose secrets go into one page. */
const REPOS_PER_PAGE = 50;

export const SECRET_LAST_USE_UNKNOWN =
  'GitHub does not report when an Actions secret is used: unknown, not unused';

interface OrgSecret {
  secret: OrgSecretPayload;
  /** Names of the repositories the secret is visible to. */
  visibleTo: string[];
}

interface RepoRead {
  repo: RepositoryPayload;
  secrets: RepoSecretPayload[];
  secretsError?: unknown;
  writers?: SecretWriter[];
  collaboratorsError?: unknown;
}

const notRead = (repos: readonly RepositoryPayload[]) =>
  `Actions secrets of the organization and its ${repos.length} repositories not read`;

async function readAll<T>(
  scan: GithubScan,
  route: string,
  parameters: Record<string, unknown>,
  schema: Parameters<typeof listPages<T>>[3],
  what: string,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of listPages(scan, route, parameters, schema, what)) items.push(...page);
  return items;
}

async function readOrgSecrets(
  scan: GithubScan,
  org: string,
  repos: readonly RepositoryPayload[],
  problems: Problems,
): Promise<OrgSecret[] | undefined> {
  let secrets: OrgSecretPayload[];
  try {
    secrets = await readAll(
      scan,
      'GET /orgs/{org}/actions/secrets',
      { org },
      orgSecretSchema,
      'Actions secret',
    );
  } catch (error) {
    problems.add(`org ${org} Actions secrets`, error, notRead(repos));
    return isBudgetExceeded(error) ? undefined : [];
  }
  const result: OrgSecret[] = [];
  for (const secret of secrets) {
    let visibleTo: string[] = [];
    if (secret.visibility === 'all') visibleTo = repos.map((repo) => repo.name);
    else if (secret.visibility === 'private')
      visibleTo = repos.filter((repo) => repo.private).map((repo) => repo.name);
    else {
      try {
        visibleTo = (
          await readAll(
            scan,
            'GET /orgs/{org}/actions/secrets/{secret_name}/repositories',
            { org, secret_name: secret.name },
            repositorySchema,
            'repository',
          )
        ).map((repo) => repo.name);
      } catch (error) {
        problems.add(`org ${org} Actions secret ${secret.name} repositories`, error);
      }
    }
    result.push({ secret, visibleTo });
  }
  return result;
}

async function readRepo(
  scan: GithubScan,
  org: string,
  repo: RepositoryPayload,
  receivesOrgSecret: boolean,
): Promise<RepoRead> {
  const read: RepoRead = { repo, secrets: [] };
  const where = { owner: org, repo: repo.name };
  try {
    read.secrets = await readAll(
      scan,
      'GET /repos/{owner}/{repo}/actions/secrets',
      where,
      repoSecretSchema,
      'Actions secret',
    );
  } catch (error) {
    if (scan.signal.aborted || isBudgetExceeded(error)) throw error;
    read.secretsError = error;
  }
  if (read.secrets.length === 0 && !receivesOrgSecret) return read;
  try {
    const collaborators: CollaboratorPayload[] = await readAll(
      scan,
      'GET /repos/{owner}/{repo}/collaborators',
      { ...where, affiliation: 'all' },
      collaboratorSchema,
      'collaborator',
    );
    read.writers = writersOf(collaborators);
  } catch (error) {
    if (scan.signal.aborted || isBudgetExceeded(error)) throw error;
    read.collaboratorsError = error;
  }
  return read;
}

function secretCredential(
  org: string,
  secret: RepoSecretPayload,
  holder: { repo?: string; principalUid: string | null; principalName: string },
  readers: Credential['readers'],
  attributes: Record<string, string>,
): Credential {
  return {
    uid: githubCredentialUid(org, 'actions-secret', secret.name, holder.repo),
    provider: 'github',
    account: org,
    kind: 'actions-secret',
    externalId: secret.name,
    principalUid: holder.principalUid,
    principalName: holder.principalName,
    status: 'active',
    createdAt: new Date(secret.created_at).toISOString(),
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: SECRET_LAST_USE_UNKNOWN,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    attributes,
    nature: 'shared-secret',
    readers: readers ?? [],
    valueSetAt: new Date(secret.updated_at).toISOString(),
  };
}

export async function* listActionsSecrets(
  scan: GithubScan,
  context: OrgContext,
  repos: readonly RepositoryPayload[],
  owners: readonly string[],
  problems: Problems,
): AsyncGenerator<ScanPage> {
  const { org, identities } = context;
  // The budget ran out before (deploy keys) or on the first call: one mark, no further calls.
  let orgSecrets: OrgSecret[] | undefined;
  if (scan.budget.exhausted) problems.budget(`org ${org} Actions secrets`, notRead(repos));
  else orgSecrets = await readOrgSecrets(scan, org, repos, problems);
  if (!orgSecrets) {
    yield* withProblems({ credentials: [], principals: [] }, problems);
    return;
  }
  const receiving = new Set(orgSecrets.flatMap((entry) => entry.visibleTo));
  const writersByRepo = new Map<string, readonly SecretWriter[]>();
  const limit = pLimit(scan.options.concurrency);
  let read = 0;
  for (let start = 0; start < repos.length; start += REPOS_PER_PAGE) {
    const chunk = repos.slice(start, start + REPOS_PER_PAGE);
    const results = await Promise.allSettled(
      chunk.map((repo) => limit(() => readRepo(scan, org, repo, receiving.has(repo.name)))),
    );
    const credentials: Credential[] = [];
    const principals: Principal[] = [];
    let outOfBudget = false;
    for (const result of results) {
      if (result.status === 'rejected') {
        if (!isBudgetExceeded(result.reason)) throw result.reason;
        outOfBudget = true;
        continue;
      }
      read++;
      const { repo, secrets, secretsError, writers, collaboratorsError } = result.value;
      const fullName = `${org}/${repo.name}`;
      if (secretsError !== undefined) problems.add(`repo ${fullName} Actions secrets`, secretsError);
      if (collaboratorsError !== undefined)
        problems.explained(
          `repo ${fullName} collaborators`,
          collaboratorsError,
          'the readers of its Actions secrets (and of organization secrets it receives) are incomplete',
        );
      if (writers) writersByRepo.set(repo.name, writers);
      if (secrets.length === 0) continue;
      principals.push(repositoryPrincipal(org, repo));
      const readers = secretReaders({
        org,
        identities,
        owners,
        writersByRepo: new Map([[repo.name, writers ?? []]]),
      });
      const holder = {
        repo: repo.name,
        principalUid: repositoryPrincipalUid(org, repo.name),
        principalName: fullName,
      };
      for (const secret of secrets)
        credentials.push(
          secretCredential(org, secret, holder, readers, { level: 'repository', repository: fullName }),
        );
    }
    if (outOfBudget)
      problems.budget(
        `org ${org} Actions secrets`,
        `Actions secrets and collaborators of ${repos.length - read} of ${repos.length} repositories not read`,
      );
    yield* withProblems({ credentials, principals }, problems);
    scan.progress?.(`github ${org}: Actions secrets of ${read}/${repos.length} repositories`);
    if (outOfBudget) break;
  }

  const credentials = orgSecrets.map(({ secret, visibleTo }) => {
    const visible = new Map(
      visibleTo.flatMap((name) => {
        const writers = writersByRepo.get(name);
        return writers ? [[name, writers] as const] : [];
      }),
    );
    const readers = secretReaders({ org, identities, owners, writersByRepo: visible });
    return secretCredential(org, secret, { principalUid: null, principalName: org }, readers, {
      level: 'organization',
      visibility: secret.visibility,
      repositories: String(visibleTo.length),
    });
  });
  yield* withProblems({ credentials, principals: [] }, problems);
}
