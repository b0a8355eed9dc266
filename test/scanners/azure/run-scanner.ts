/** Runs the azure plugin against an emulator and gathers what it listed. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { plugin } from '../../../scanners/azure/index.js';
import { type AzureOptions, azureOptionsSchema } from '../../../scanners/azure/options.js';
import type { Credential, Person, Principal } from '../../../src/core/model.js';
import type { PartialMark } from '../../../src/core/plugin.js';
import { credentialFacts } from '../../support/credential-line.js';
import { AS_OF, CLIENT_ID, CLIENT_SECRET, SECRET_ENV, TENANT } from './estate.js';

/** The azure plugin's scanner, as its plugin object types it (its revoker is always there). */
export type AzureScanner = ReturnType<typeof plugin.create>;

export interface Listed {
  credentials: Credential[];
  principals: Principal[];
  partial: PartialMark[];
}

/** Writes the emulator's CA to a file, as a config would name it. */
export function caFileOf(emulator: AzureEmulator): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nhiscan-test-ca-')), 'ca.pem');
  writeFileSync(file, emulator.caCertificatePem);
  return file;
}

export function sourceOptions(emulator: AzureEmulator, overrides: Record<string, unknown> = {}) {
  return {
    tenantId: TENANT,
    credentials: { clientId: CLIENT_ID, clientSecret: `env:${SECRET_ENV}` },
    graphUrl: emulator.graphEndpoint,
    authorityHost: emulator.authorityHost,
    authorityCaFile: caFileOf(emulator),
    ...overrides,
  };
}

export function azureScanner(emulator: AzureEmulator, overrides: Record<string, unknown> = {}): AzureScanner {
  process.env[SECRET_ENV] = CLIENT_SECRET;
  const options: AzureOptions = azureOptionsSchema.parse(sourceOptions(emulator, overrides));
  return plugin.create(options, { name: 'entra', baseDir: '.' });
}

export const scanContext = (people?: readonly Person[]) => ({
  signal: new AbortController().signal,
  asOf: new Date(`${AS_OF}T00:00:00Z`),
  baseDir: '.',
  ...(people ? { people } : {}),
});

export async function list(
  emulator: AzureEmulator,
  overrides: Record<string, unknown> = {},
  people?: readonly Person[],
): Promise<Listed> {
  const listed: Listed = { credentials: [], principals: [], partial: [] };
  for await (const page of azureScanner(emulator, overrides).list(scanContext(people))) {
    listed.credentials.push(...page.credentials);
    listed.principals.push(...page.principals);
    if (page.partial) listed.partial.push(page.partial);
  }
  listed.credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return listed;
}

/** One line per credential with every field that varies. */
export function credentialLine(credential: Credential): string {
  return [
    credential.uid.replace(`azure:${TENANT}:`, ''),
    credential.status,
    `principal=${credential.principalUid?.replace(`azure:${TENANT}:`, '')}`,
    ...credentialFacts(credential),
  ].join(' ');
}
