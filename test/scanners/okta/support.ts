/** Runs the okta plugin against a started emulator: its scanner and everything it lists. */
import { plugin } from '../../../scanners/okta/index.js';
import type { Credential } from '../../../src/core/model.js';
import type { ScanContext, ScanPage } from '../../../src/core/plugin.js';
import type { StartedOkta } from './start.js';

export const AS_OF = new Date('2026-11-26T00:00:00Z');

/** A scanner for the started emulator; its token variable is set for the caller to remove (`withToken`). */
export function scannerFor(started: StartedOkta) {
  Object.assign(process.env, started.env);
  return plugin.create(plugin.optionsSchema.parse(started.options), {
    name: 'okta',
    baseDir: started.baseDir,
  });
}

export const contextOf = (started: StartedOkta, signal = new AbortController().signal): ScanContext => ({
  signal,
  asOf: AS_OF,
  baseDir: started.baseDir,
});

export async function listPages(started: StartedOkta): Promise<ScanPage[]> {
  const pages: ScanPage[] = [];
  for await (const page of scannerFor(started).list(contextOf(started))) pages.push(page);
  return pages;
}

export const credentialsOf = (pages: readonly ScanPage[]): Credential[] =>
  pages.flatMap((page) => page.credentials).sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));

/** Removes the variables a started emulator's options read. */
export function clearEnv(started: StartedOkta | undefined): void {
  for (const name of Object.keys(started?.env ?? {})) delete process.env[name];
}

/** `METHOD path?query` of every request from `from` on. */
export const callsOf = (started: StartedOkta, from = 0): string[] =>
  started.emulator.requestLog.slice(from).map((entry) => {
    const query = new URLSearchParams(entry.query).toString();
    return `${entry.method} ${entry.path}${query ? `?${query}` : ''} ${entry.status}`;
  });
