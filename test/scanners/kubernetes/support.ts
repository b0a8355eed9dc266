/** Runs the kubernetes plugin against a started emulator: its scanner and everything it lists. */
import { plugin } from '../../../scanners/kubernetes/index.js';
import type { Credential } from '../../../src/core/model.js';
import type { ScanContext, ScanPage } from '../../../src/core/plugin.js';
import type { StartedKubernetes } from './start.js';

export const AS_OF = new Date('2026-11-26T00:00:00Z');

export function scannerFor(started: StartedKubernetes) {
  const options = plugin.optionsSchema.parse(started.options);
  return plugin.create(options, { name: 'k8s', baseDir: started.baseDir });
}

export const contextOf = (
  started: StartedKubernetes,
  signal = new AbortController().signal,
): ScanContext => ({
  signal,
  asOf: AS_OF,
  baseDir: started.baseDir,
});

export async function listPages(started: StartedKubernetes): Promise<ScanPage[]> {
  const pages: ScanPage[] = [];
  for await (const page of scannerFor(started).list(contextOf(started))) pages.push(page);
  return pages;
}

export const credentialsOf = (pages: readonly ScanPage[]): Credential[] =>
  pages.flatMap((page) => page.credentials).sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
