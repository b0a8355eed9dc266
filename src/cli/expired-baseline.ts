/**
 * Expired baseline entries outside a scan (`nhiscan report`): the baseline the scan applies
 * (src/cli/baseline-file.ts) read again and judged at the reported run's as-of, so every report
 * format names the entries that stopped suppressing. And the stderr warning scan and report print.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expiredEntryText } from '../../reports/ci-context.js';
import type { ReportBaselineEntry } from '../../reports/json/types.js';
import { loadConfig } from '../config/load.js';
import { shownActor } from '../governance/refusal.js';
import { applyBaseline, type InvalidBaselineEntry, loadBaseline } from '../policy/baseline.js';
import { baselineToApply } from './baseline-file.js';
import { type CliIo, writeLine } from './io.js';

export async function expiredBaselineEntries(
  io: CliIo,
  flags: { baseline?: string; config?: string },
  asOf: Date,
): Promise<ReportBaselineEntry[]> {
  const configFile = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
  const config =
    !flags.baseline && (flags.config || existsSync(configFile)) ? await loadConfig(configFile) : undefined;
  const path = baselineToApply(io, flags.baseline, config);
  if (!path) return [];
  return applyBaseline([], loadBaseline(path), asOf).expiredEntries;
}

export function warnExpiredEntries(io: CliIo, entries: readonly ReportBaselineEntry[]): void {
  for (const entry of entries) writeLine(io.stderr, `nhiscan: warning: ${expiredEntryText(entry)}`);
}

/** Entries a scan refused to apply (approvedBy may not exempt the credential): they suppressed nothing. */
export function warnInvalidEntries(io: CliIo, entries: readonly InvalidBaselineEntry[]): void {
  for (const { entry, credentialUid, problem } of entries)
    writeLine(
      io.stderr,
      `nhiscan: warning: baseline entry for ${entry.finding ?? entry.credential} (approved by ${shownActor(entry.approvedBy)}) is invalid for ${credentialUid} and suppresses nothing: ${problem}`,
    );
}
