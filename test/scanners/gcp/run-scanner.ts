/** Runs the GCP plugin against an emulator and gathers what it listed. */
import type { GcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { plugin } from '../../../scanners/gcp/index.js';
import { type GcpOptions, gcpOptionsSchema } from '../../../scanners/gcp/options.js';
import type { Credential, Person, Principal } from '../../../src/core/model.js';
import type { PartialMark } from '../../../src/core/plugin.js';
import { credentialFacts } from '../../support/credential-line.js';
import { AS_OF, TOKEN, TOKEN_ENV } from './estate.js';

/** The gcp plugin's scanner, as its plugin object types it (its revoker is always there). */
export type GcpScanner = ReturnType<typeof plugin.create>;

export interface Listed {
  credentials: Credential[];
  principals: Principal[];
  partial: PartialMark[];
}

export function gcpScanner(emulator: GcpEmulator, overrides: Record<string, unknown> = {}): GcpScanner {
  process.env[TOKEN_ENV] = TOKEN;
  const options: GcpOptions = gcpOptionsSchema.parse({
    projects: ['acme-prod', 'acme-dev'],
    rootUrl: emulator.endpoint,
    credentials: { accessToken: `env:${TOKEN_ENV}` },
    ...overrides,
  });
  return plugin.create(options, { name: 'gcp' });
}

/** The scan context at AS_OF; with `people`, HR's records (leavers' own bindings are listed). */
export const scanContext = (people?: readonly Person[]) => ({
  signal: new AbortController().signal,
  asOf: new Date(`${AS_OF}T00:00:00Z`),
  baseDir: '.',
  ...(people ? { people } : {}),
});

export async function list(
  emulator: GcpEmulator,
  overrides: Record<string, unknown> = {},
  people?: readonly Person[],
): Promise<Listed> {
  const listed: Listed = { credentials: [], principals: [], partial: [] };
  for await (const page of gcpScanner(emulator, overrides).list(scanContext(people))) {
    listed.credentials.push(...page.credentials);
    listed.principals.push(...page.principals);
    if (page.partial) listed.partial.push(page.partial);
  }
  listed.credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return listed;
}

/** One line per credential with every field that varies: exact, and readable in a diff. */
export function credentialLine(credential: Credential): string {
  return [
    credential.uid.replace(/abababababababababababababababab/, '…'),
    credential.status,
    `principal=${credential.principalName}`,
    ...credentialFacts(credential),
  ].join(' ');
}

/** Requests per operation, from the emulator's log (throttled attempts included). */
export function operationCounts(emulator: GcpEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of emulator.requestLog) {
    const key = `${entry.project} ${entry.operation}${entry.throttled ? ' (429)' : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
