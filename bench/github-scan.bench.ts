/**
 * Benchmark: scan one emulated GitHub organization with 1,000 members, 3,000 repositories and
 * 5,000 credentials (2,000 SAML authorizations, 1,000 fine-grained token grants, 2,000 deploy keys)
 * through @octokit/rest. Prints the requests made, requests per credential, the lower bound on
 * wall time under GitHub's budget of 5,000 requests per hour and token (requests ÷ 5000 h), and
 * whether the scan fits the configured requestBudget.
 *
 * Run: npm run bench:github   (MEMBERS, REPOS, AUTHORIZATIONS, TOKENS, DEPLOY_KEYS, LATENCY_MS,
 * CONCURRENCY, BUDGET, KINDS (comma-separated `kinds` of the source; default: all) to change it;
 * ORGS copies of the organization, ORG_CONCURRENCY of them read at once; the emulator enforces
 * GitHub's secondary limits per token (100 in flight; POINTS_PER_MINUTE REST and GraphQL points a
 * minute, default lifted to 1,000,000 so that the bench measures latency and concurrency, GitHub's
 * own 900 would hold this estate's requests to 15 a second) and the scanner keeps to the same figures)
 *
 * The dominant cost is one GET /repos/{owner}/{repo}/keys and one GET
 * /repos/{owner}/{repo}/actions/secrets per repository: GitHub has no organization-wide listing of
 * either.
 */

import type {
  GithubCredentialAuthorization,
  GithubDeployKey,
  GithubEstate,
  GithubFineGrainedTokenGrant,
  GithubRepoEstate,
} from '../scanners/github/emulator/estate.js';
import { startGithubEmulator } from '../scanners/github/emulator/index.js';
import { plugin } from '../scanners/github/index.js';
import { githubOptionsSchema } from '../scanners/github/options.js';

const MEMBERS = Number(process.env.MEMBERS ?? 1000);
const REPOS = Number(process.env.REPOS ?? 3000);
const AUTHORIZATIONS = Number(process.env.AUTHORIZATIONS ?? 2000);
const TOKENS = Number(process.env.TOKENS ?? 1000);
const DEPLOY_KEYS = Number(process.env.DEPLOY_KEYS ?? 2000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const BUDGET = Number(process.env.BUDGET ?? 4000);
const ORGS = Number(process.env.ORGS ?? 1);
const ORG_CONCURRENCY = Number(process.env.ORG_CONCURRENCY ?? 4);
const POINTS_PER_MINUTE = Number(process.env.POINTS_PER_MINUTE ?? 1_000_000);
/** GitHub's primary rate limit for a user token (a GitHub App installation gets 5,000 and up). */
const GITHUB_REQUESTS_PER_HOUR = 5000;
const TOKEN = 'bench-only-fake-token';

const login = (i: number) => `dev-${String(i).padStart(4, '0')}`;
const day = (i: number) =>
  `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;

function estate(): GithubEstate {
  const members = Array.from({ length: MEMBERS }, (_, i) => ({
    login: login(i),
    id: 10_000 + i,
    role: i % 100 === 0 ? ('admin' as const) : ('member' as const),
  }));
  const authorizations: GithubCredentialAuthorization[] = Array.from({ length: AUTHORIZATIONS }, (_, i) => ({
    login: login(i % MEMBERS),
    credential_id: 100_000 + i,
    credential_type: i % 4 === 0 ? 'SSH Key' : 'personal access token',
    ...(i % 4 === 0
      ? { fingerprint: `SHA256:bench${String(i).padStart(38, '0')}` }
      : {
          token_last_eight: String(i).padStart(8, '0'),
          scopes: i % 25 === 1 ? ['admin:org', 'repo'] : ['repo'],
        }),
    credential_authorized_at: `${day(i)}T09:00:00Z`,
    credential_accessed_at: i % 9 === 0 ? null : `${day(i + 3)}T10:00:00Z`,
    authorized_credential_id: 500_000 + i,
  }));
  const tokens: GithubFineGrainedTokenGrant[] = Array.from({ length: TOKENS }, (_, i) => ({
    id: 200_000 + i,
    owner: { login: login((i * 7) % MEMBERS), id: 10_000 + ((i * 7) % MEMBERS) },
    repository_selection: 'subset',
    permissions: { repository: { contents: 'write', ...(i % 10 === 0 ? { workflows: 'write' } : {}) } },
    access_granted_at: `${day(i)}T08:00:00Z`,
    token_id: 600_000 + i,
    token_name: `token ${i}`,
    token_expired: false,
    token_expires_at: '2027-06-01T00:00:00Z',
    token_last_used_at: i % 5 === 0 ? null : `${day(i + 1)}T12:00:00Z`,
  }));
  const repos: GithubRepoEstate[] = Array.from({ length: REPOS }, (_, i) => ({
    name: `repo-${String(i).padStart(4, '0')}`,
    id: 300_000 + i,
    private: i % 3 !== 0,
    deployKeys: [] as GithubDeployKey[],
  }));
  for (let i = 0; i < DEPLOY_KEYS; i++) {
    repos[(i * 3) % REPOS]!.deployKeys.push({
      id: 400_000 + i,
      key: `ssh-ed25519 AAAABENCH${i}`,
      title: `deploy ${i}`,
      verified: true,
      created_at: `${day(i)}T00:00:00Z`,
      read_only: i % 2 === 0,
      added_by: i % 6 === 0 ? null : login(i % MEMBERS),
      last_used: i % 8 === 0 ? null : `${day(i + 2)}T00:00:00Z`,
      enabled: true,
    });
  }
  const org = (n: number) => ({
    login: orgLogin(n),
    id: 7001 + n,
    saml: true,
    members,
    outsideCollaborators: [],
    externalIdentities: members.map((member) => ({
      login: member.login,
      nameId: `${member.login}@bench.example`,
      emails: [`${member.login}@bench.example`],
    })),
    credentialAuthorizations: authorizations,
    fineGrainedTokens: tokens,
    repos,
    installations: [],
  });
  return {
    token: TOKEN,
    scopes: ['admin:org', 'repo'],
    viewer: { login: 'nhiscan-bench', id: 9001 },
    orgs: Array.from({ length: ORGS }, (_, n) => org(n)),
  };
}

const orgLogin = (n: number) => (n === 0 ? 'bench' : `bench-${n}`);

const emulator = await startGithubEmulator({
  estate: estate(),
  latencyMs: LATENCY_MS,
  rateLimit: { limit: 1_000_000 },
  secondaryRateLimit: {
    maxConcurrent: 100,
    points: { rest: POINTS_PER_MINUTE, graphql: POINTS_PER_MINUTE },
  },
});
process.env.BENCH_GITHUB_TOKEN = TOKEN;
const options = githubOptionsSchema.parse({
  orgs: Array.from({ length: ORGS }, (_, n) => orgLogin(n)),
  baseUrl: emulator.endpoint,
  auth: { token: 'env:BENCH_GITHUB_TOKEN' },
  concurrency: CONCURRENCY,
  organizationConcurrency: ORG_CONCURRENCY,
  secondaryRateLimit: { pointsPerMinute: POINTS_PER_MINUTE, graphqlPointsPerMinute: POINTS_PER_MINUTE },
  requestBudget: BUDGET,
  ...(process.env.KINDS ? { kinds: process.env.KINDS.split(',') } : {}),
});
const started = performance.now();
const byKind = new Map<string, number>();
const partial: string[] = [];
for await (const page of plugin
  .create(options, { name: 'github' })
  .list({ signal: new AbortController().signal, asOf: new Date(), baseDir: '.' })) {
  for (const credential of page.credentials)
    byKind.set(credential.kind, (byKind.get(credential.kind) ?? 0) + 1);
  if (page.partial) partial.push(`${page.partial.scope}: ${page.partial.reason}`);
}
const wallMs = performance.now() - started;
await emulator.close();

const credentials = [...byKind.values()].reduce((sum, count) => sum + count, 0);
const requests = emulator.requestLog.length;
const byRoute = new Map<string, number>();
for (const entry of emulator.requestLog) byRoute.set(entry.route, (byRoute.get(entry.route) ?? 0) + 1);
const hours = requests / GITHUB_REQUESTS_PER_HOUR;
console.log(
  `github bench: ${ORGS} org(s) (${ORG_CONCURRENCY} at once), each ${MEMBERS} members, ${REPOS} repositories, ${AUTHORIZATIONS} authorizations + ${TOKENS} fine-grained tokens + ${DEPLOY_KEYS} deploy keys, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}`,
);
console.log(
  `credentials ${credentials} (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}), partial pages ${partial.length}`,
);
for (const line of partial.slice(0, 5)) console.log(`  partial: ${line}`);
console.log(
  `requests ${requests}, throttled ${emulator.throttledCount} (secondary ${emulator.throttled.secondary})`,
);
console.log(
  `  ${[...byRoute]
    .sort((a, b) => b[1] - a[1])
    .map(([route, count]) => `${route} ${count}`)
    .join(', ')}`,
);
console.log(`requests per credential ${(requests / Math.max(credentials, 1)).toFixed(3)}`);
console.log(
  `lower bound under GitHub's ${GITHUB_REQUESTS_PER_HOUR} requests/hour: ${hours.toFixed(2)} h (${(hours * 60).toFixed(1)} min)`,
);
console.log(
  `requestBudget ${BUDGET}: ${requests <= BUDGET && partial.length === 0 ? 'fits' : 'does NOT fit'} (${requests} of ${BUDGET} used)`,
);
console.log(
  `wall ${(wallMs / 1000).toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
