/**
 * What the CI formats (sarif, junit, markdown) and the GitHub annotations share: which expired
 * baseline entry a finding is open again because of. (A rule's short name is its `label` in the
 * rule table, src/policy/rules.ts.)
 */
import type { ReportBaselineEntry, ReportFinding } from './json/types.js';

/** The expired baseline entry that named this finding (or its credential), if any. */
export function expiredEntryOf(
  finding: Pick<ReportFinding, 'uid' | 'credentialUid'>,
  entries: readonly ReportBaselineEntry[],
): ReportBaselineEntry | undefined {
  return (
    entries.find((entry) => entry.finding === finding.uid) ??
    entries.find((entry) => entry.credential === finding.credentialUid)
  );
}

/** `nhi-…` or `aws:…` as the entry names it. */
export function entryTarget(entry: ReportBaselineEntry): string {
  return entry.finding ?? entry.credential ?? '';
}

/** One sentence: which entry expired, and that it no longer suppresses. */
export function expiredEntryText(entry: ReportBaselineEntry): string {
  return `baseline entry for ${entryTarget(entry)} expired on ${entry.expires} (${entry.reason}; approved by ${entry.approvedBy}) and no longer suppresses`;
}
