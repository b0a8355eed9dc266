/** The lines a scan adds to its summary when HR or a source changed too much: a frozen queue, accepted changes. */
import type { ScanResult } from '../scan/run-scan.js';

export function scanGovernanceLines(result: ScanResult): string[] {
  const lines: string[] = [];
  if (result.hrChange.frozen) lines.push(`Queue frozen: ${result.hrChange.frozen.reason}`);
  for (const shrink of result.sourceShrinks) {
    const counts = `${shrink.previous} → ${shrink.current} credentials, ${shrink.missing} no longer listed (${shrink.percent.toFixed(1)}%)`;
    lines.push(
      shrink.accepted
        ? `Source change accepted: ${shrink.source} ${counts}; its missing credentials are gone`
        : `Source ${shrink.source} shrank: ${counts}, more than revocation.sourceShrinkGuardPercent ${shrink.limitPercent}%: scanned as partial, nothing of it marked gone. If the change is real: nhiscan scan --accept-source-change --by WHO --reason TEXT`,
    );
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

/** Notes for stderr: an acknowledgement flag that had nothing to acknowledge. */
export function acceptanceNotes(
  result: ScanResult,
  flags: { acceptHrChange?: boolean; acceptSourceChange?: boolean },
): string[] {
  const notes: string[] = [];
  if (flags.acceptHrChange && !result.hrChange.acknowledged && !result.hrChange.frozen)
    notes.push(
      'nhiscan: --accept-hr-change: the HR change at this scan is within the hr-change guard; nothing was recorded',
    );
  if (flags.acceptSourceChange && result.sourceShrinks.length === 0)
    notes.push('nhiscan: --accept-source-change: no source shrank at this scan; nothing was recorded');
  return notes;
}
