/**
 * Every repository's deploy keys: GitHub has no organization-wide listing, so one call per
 * repository (listed once by repositories.ts), `concurrency` at a time, REPOS_PER_PAGE repositories
 * per page. A repository that cannot be read is partial for that repository only; an exhausted
 * budget ends the listing.
 */
import pLimit from 'p-limit';
import type { Credential, Principal } from '../../src/core/model.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { isBudgetExceeded } from './budget.js';
import { type DeployKeyPayload, deployKeySchema, type RepositoryPayload } from './payloads.js';
import { type Problems, withProblems } from './problems.js';
import { type GithubScan, listPages } from './scan.js';
import { deployKeyCredential, type OrgContext, repositoryPrincipal } from './transform.js';

/** Repositories whose deploy keys go into one page. */
const REPOS_PER_PAGE = 50;

interface RepoKeys {
  repo: RepositoryPayload;
  keys: DeployKeyPayload[];
  error?: unknown;
}

async function readDeployKeys(scan: GithubScan, org: string, repo: RepositoryPayload): Promise<RepoKeys> {
  const keys: DeployKeyPayload[] = [];
  try {
    for await (const page of listPages(
      scan,
      'GET /repos/{owner}/{repo}/keys',
      { owner: org, repo: repo.name },
      deployKeySchema,
      'deploy key',
    ))
      keys.push(...page);
    return { repo, keys };
  } catch (error) {
    if (scan.signal.aborted) throw error;
    return { repo, keys, error };
  }
}

/** Every listed repository's deploy keys, REPOS_PER_PAGE repositories per page, `concurrency` at a time. */
export async function* listDeployKeys(
  scan: GithubScan,
  context: OrgContext,
  repos: readonly RepositoryPayload[],
  problems: Problems,
): AsyncGenerator<ScanPage> {
  const { org } = context;
  const limit = pLimit(scan.options.concurrency);
  let read = 0;
  for (let start = 0; start < repos.length; start += REPOS_PER_PAGE) {
    const chunk = repos.slice(start, start + REPOS_PER_PAGE);
    const results = await Promise.all(chunk.map((repo) => limit(() => readDeployKeys(scan, org, repo))));
    const credentials: Credential[] = [];
    const principals: Principal[] = [];
    let outOfBudget = false;
    for (const { repo, keys, error } of results) {
      if (isBudgetExceeded(error)) {
        outOfBudget = true;
        continue;
      }
      read++;
      if (error !== undefined) problems.add(`repo ${org}/${repo.name} deploy keys`, error);
      if (keys.length > 0) principals.push(repositoryPrincipal(org, repo));
      for (const key of keys) credentials.push(deployKeyCredential(context, repo.name, key));
    }
    if (outOfBudget) {
      problems.budget(
        `org ${org} deploy keys`,
        `deploy keys of ${repos.length - read} of ${repos.length} repositories not read`,
      );
    }
    yield* withProblems({ credentials, principals }, problems);
    scan.progress?.(`github ${org}: deploy keys of ${read}/${repos.length} repositories`);
    if (outOfBudget) return;
  }
}
