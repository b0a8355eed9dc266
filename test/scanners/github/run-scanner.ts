/** Runs the GitHub plugin against an emulator and gathers what it listed. */
import type { GithubEmulator } from '../../../scanners/github/emulator/index.js';
import { plugin } from '../../../scanners/github/index.js';
import { type GithubOptions, githubOptionsSchema } from '../../../scanners/github/options.js';
import type { Credential, Principal } from '../../../src/core/model.js';
import type { PartialMark, UnsupportedMark } from '../../../src/core/plugin.js';
import { TOKEN, TOKEN_ENV } from './estate.js';

/** The github plugin's scanner, as its plugin object types it (its revoker is always there). */
export type GithubScanner = ReturnType<typeof plugin.create>;

export interface Listed {
  credentials: Credential[];
  principals: Principal[];
  partial: PartialMark[];
  unsupported: UnsupportedMark[];
}

export function githubScanner(
  emulator: GithubEmulator,
  overrides: Record<string, unknown> = {},
): GithubScanner {
  process.env[TOKEN_ENV] = TOKEN;
  const options: GithubOptions = githubOptionsSchema.parse({
    orgs: ['acme', 'beta'],
    baseUrl: emulator.endpoint,
    auth: { token: `env:${TOKEN_ENV}` },
    ...overrides,
  });
  return plugin.create(options, { name: 'github' });
}

export async function list(
  emulator: GithubEmulator,
  overrides: Record<string, unknown> = {},
): Promise<Listed> {
  const listed: Listed = { credentials: [], principals: [], partial: [], unsupported: [] };
  const context = {
    signal: new AbortController().signal,
    asOf: new Date('2026-11-26T00:00:00Z'),
    baseDir: '.',
  };
  for await (const page of githubScanner(emulator, overrides).list(context)) {
    listed.credentials.push(...page.credentials);
    listed.principals.push(...page.principals);
    if (page.partial) listed.partial.push(page.partial);
    if (page.unsupported) listed.unsupported.push(page.unsupported);
  }
  listed.credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return listed;
}

/** One line per credential with every field that varies: exact, and readable in a diff. */
export function credentialLine(credential: Credential): string {
  return [
    credential.uid,
    credential.status,
    `principal=${credential.principalName}`,
    `created=${credential.createdAt}`,
    `expires=${credential.expiresAt}`,
    `used=${credential.lastUsedKnown ? credential.lastUsedAt : 'unknown'}`,
    `privileged=[${credential.privilegedReasons.join('; ')}]`,
    `owner=[${credential.ownerSignals.map((signal) => `${signal.kind}:${signal.value}`).join(', ')}]`,
    `hint=${credential.hint ?? '-'}`,
  ].join(' ');
}

/** Requests per route, from the emulator's log. */
export function routeCounts(emulator: GithubEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of emulator.requestLog) counts[entry.route] = (counts[entry.route] ?? 0) + 1;
  return counts;
}

/** The organization a logged request is about: its /orgs/ or /repos/ path, or GraphQL's `org` variable. */
function organizationOf(entry: GithubEmulator['requestLog'][number]): string | undefined {
  const inPath = /^\/(?:orgs|repos)\/([^/]+)/.exec(entry.path)?.[1];
  if (inPath) return inPath;
  return (entry.body as { variables?: { org?: string } } | undefined)?.variables?.org;
}

/**
 * The logged requests as `format` writes them, each organization's in the order they arrived,
 * organizations in the order given: organizations are read in parallel, so only each one's own
 * order is fixed. Throws on a request of no listed organization.
 */
export function requestsByOrganization(
  emulator: GithubEmulator,
  orgs: string[],
  format: (entry: GithubEmulator['requestLog'][number]) => string,
): string[] {
  const byOrg = new Map<string, string[]>(orgs.map((org) => [org, []]));
  for (const entry of emulator.requestLog) {
    const calls = byOrg.get(organizationOf(entry) ?? '');
    if (!calls) throw new Error(`request of no listed organization: ${entry.method} ${entry.path}`);
    calls.push(format(entry));
  }
  return orgs.flatMap((org) => byOrg.get(org)!);
}
