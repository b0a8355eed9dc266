/** Runs the gitlab plugin against a started emulator: its scanner and everything it lists. */
import { plugin } from '../../../scanners/gitlab/index.js';
import type { Credential } from '../../../src/core/model.js';
import type { ScanContext, ScanPage } from '../../../src/core/plugin.js';
import type { StartedGitlab } from './start.js';

export const AS_OF = new Date('2026-11-26T00:00:00Z');

export function scannerFor(started: StartedGitlab) {
  Object.assign(process.env, started.env);
  return plugin.create(plugin.optionsSchema.parse(started.options), { name: 'gitlab', baseDir: '.' });
}

export const contextOf = (signal = new AbortController().signal): ScanContext => ({
  signal,
  asOf: AS_OF,
  baseDir: '.',
});

export async function listPages(started: StartedGitlab): Promise<ScanPage[]> {
  const pages: ScanPage[] = [];
  for await (const page of scannerFor(started).list(contextOf())) pages.push(page);
  return pages;
}

export const credentialsOf = (pages: readonly ScanPage[]): Credential[] =>
  pages.flatMap((page) => page.credentials).sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));

/** The emulator's log as `METHOD path?query status`, from entry `from` on. */
export const logOf = (started: StartedGitlab, from = 0) =>
  started.emulator.requestLog
    .slice(from)
    .map(
      (entry) =>
        `${entry.method} ${entry.path}${Object.keys(entry.query).length > 0 ? `?${new URLSearchParams(entry.query)}` : ''} ${entry.status}`,
    );
