/**
 * The organization's repositories (GET /orgs/{org}/repos, every type, by full name), read once per
 * organization for the per-repository listings (deploy keys, Actions secrets). A failure leaves the
 * repositories read so far and a partial mark naming how many were listed.
 */
import { type RepositoryPayload, repositorySchema } from './payloads.js';
import type { Problems } from './problems.js';
import { type GithubScan, listPages } from './scan.js';

export async function listRepositories(
  scan: GithubScan,
  org: string,
  problems: Problems,
): Promise<RepositoryPayload[]> {
  const repos: RepositoryPayload[] = [];
  try {
    for await (const page of listPages(
      scan,
      'GET /orgs/{org}/repos',
      { org, type: 'all', sort: 'full_name' },
      repositorySchema,
      'repository',
    ))
      repos.push(...page);
  } catch (error) {
    problems.add(`org ${org} repositories`, error, `repositories after the first ${repos.length} not listed`);
  }
  return repos;
}
