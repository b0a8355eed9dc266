/**
 * Expired baseline entries outside a scan (`nhiscan report`): the baseline (`--baseline F`, else the
 * config's `baseline` key) read again and judged at the reported run's as-of, so every report
 * format names the entries that stopped suppressing. And the stderr warning scan and report print.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expiredEntryText } from '../../reports/ci-context.js';
import type { ReportBaselineEntry } from '../../reports/json/types.js';
import { loadConfig } from '../config/load.js';
import { applyBaseline, loadBaseline } from '../policy/baseline.js';
import { type CliIo, writeLine } from './io.js';

export async function expiredBaselineEntries(
  io: CliIo,
  flags: { baseline?: string; config?: string },
  asOf: Date,
): Promise<ReportBaselineEntry[]> {
  let path: string | undefined;
  if (flags.baseline) {
    path = resolve(io.cwd, flags.baseline);
  } else {
    const configFile = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
    if (flags.config || existsSync(configFile)) path = (await loadConfig(configFile)).baselinePath;
  }
  if (!path) return [];
  return applyBaseline([], loadBaseline(path), asOf).expiredEntries;
}

export function warnExpiredEntries(io: CliIo, entries: readonly ReportBaselineEntry[]): void {
  for (const entry of entries) writeLine(io.stderr, `nhiscan: warning: ${expiredEntryText(entry)}`);
}
