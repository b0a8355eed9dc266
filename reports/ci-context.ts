/**
 * What the CI formats (sarif, junit, markdown) and the GitHub annotations share: a short name for
 * each rule, and which expired baseline entry a finding is open again because of.
 */
import type { RuleId } from '../src/core/model.js';
import type { ReportBaselineEntry, ReportFinding } from './json/types.js';

/** A few words naming what each rule catches (a heading, a SARIF shortDescription). */
export const RULE_SHORT: Readonly<Record<RuleId, string>> = {
  'leaver-owned': 'Live credential owned by a leaver',
  'contractor-expired': 'Live credential owned by a contractor whose contract ended',
  'owner-not-in-hr': 'Credential owner is not in HR',
  'owner-unknown': 'Credential has no owner',
  'mover-recertify': 'Credential of a department mover awaits recertification',
  stale: 'Credential unused for too long',
  'over-age': 'Credential older than the maximum key age',
  'expired-not-removed': 'Expired credential still present',
  'pending-leaver': 'Credential owner leaves soon',
  'propagation-gap': 'Revoked credential still usable',
};

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
