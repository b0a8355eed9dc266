/**
 * What the page counts of the inventory: credential age and last use in day buckets, credentials
 * per source and provider, and owners ranked by credentials and by open findings. Only credentials
 * still reported (not `gone`) count. Unknown last use is its own bucket, never "unused": a source
 * that cannot say when a credential was used says nothing about whether it was.
 */
import { daysBetween, parseIsoDate } from '../../src/core/dates.js';
import { compare } from '../json/build.js';
import type { JsonReport, ReportCredential } from '../json/types.js';
import type { ChartBar } from './svg-charts.js';

/** Bucket upper bounds in days (exclusive), with their labels; the last bucket is open. */
const DAY_BUCKETS: readonly { label: string; below: number }[] = [
  { label: '< 30 d', below: 30 },
  { label: '30–90 d', below: 90 },
  { label: '90–180 d', below: 180 },
  { label: '180–365 d', below: 365 },
  { label: '> 1 y', below: Number.POSITIVE_INFINITY },
];
const UNKNOWN_BUCKET = 'unknown';
const NEVER_USED_BUCKET = 'never used';

export function liveCredentials(report: JsonReport): ReportCredential[] {
  return report.credentials.filter((credential) => credential.state !== 'gone');
}

/** Whole days from `iso` to `asOf` (0 for a date after it); null when `iso` is not a date. */
export function daysAgo(iso: string | null, asOf: Date): number | null {
  const date = iso === null ? null : parseIsoDate(iso);
  return date ? Math.max(0, daysBetween(date, asOf)) : null;
}

function bucketIndex(days: number): number {
  return DAY_BUCKETS.findIndex((bucket) => days < bucket.below);
}

function dayBars(days: readonly (number | null)[], extra: readonly ChartBar[]): ChartBar[] {
  const counts = DAY_BUCKETS.map(() => 0);
  for (const value of days) if (value !== null) counts[bucketIndex(value)]!++;
  return [
    ...DAY_BUCKETS.map((bucket, index) => ({
      label: bucket.label,
      value: counts[index]!,
      tone: 'neutral' as const,
    })),
    ...extra,
  ];
}

/** Credentials by age (days since created); `unknown` when the source gives no creation date. */
export function ageBars(credentials: readonly ReportCredential[], asOf: Date): ChartBar[] {
  const days = credentials.map((credential) => daysAgo(credential.createdAt, asOf));
  const unknown = days.filter((value) => value === null).length;
  return dayBars(days, [{ label: UNKNOWN_BUCKET, value: unknown, tone: 'unknown' }]);
}

/**
 * Credentials by days since last use; `never used` when the source knows it never was, `unknown`
 * when it cannot say (lastUsedKnown false).
 */
export function lastUseBars(credentials: readonly ReportCredential[], asOf: Date): ChartBar[] {
  let never = 0;
  let unknown = 0;
  const days: (number | null)[] = [];
  for (const credential of credentials) {
    if (!credential.lastUsedKnown) unknown++;
    else if (credential.lastUsedAt === null) never++;
    else days.push(daysAgo(credential.lastUsedAt, asOf));
  }
  unknown += days.filter((value) => value === null).length;
  return dayBars(days, [
    { label: NEVER_USED_BUCKET, value: never, tone: 'never' },
    { label: UNKNOWN_BUCKET, value: unknown, tone: 'unknown' },
  ]);
}

function tally(keys: readonly string[]): ChartBar[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort(([a, left], [b, right]) => right - left || compare(a, b))
    .map(([label, value]) => ({ label, value, tone: 'neutral' }));
}

/** Live credentials per provider, most first. */
export function providerBars(credentials: readonly ReportCredential[]): ChartBar[] {
  return tally(credentials.map((credential) => credential.provider));
}

/** Credentials each source reported in the run, in source (name) order. */
export function sourceBars(report: JsonReport): ChartBar[] {
  return report.scan.sources.map((source) => ({
    label: source.name,
    value: source.credentials,
    tone: source.status === 'complete' ? 'neutral' : 'unknown',
  }));
}

/** Live credentials by how their owner resolved. */
export function ownershipBars(credentials: readonly ReportCredential[]): ChartBar[] {
  const outcomes = ['resolved', 'conflict', 'unmatched', 'none'] as const;
  return outcomes.map((outcome) => ({
    label: outcome === 'none' ? 'no owner signal' : outcome === 'unmatched' ? 'not in HR' : outcome,
    value: credentials.filter((credential) => credential.owner.outcome === outcome).length,
    tone: outcome === 'resolved' ? 'neutral' : 'unknown',
  }));
}

export interface OwnerTally {
  employeeId: string;
  name: string | null;
  email: string | null;
  credentials: number;
  openFindings: number;
}

/** Every resolved owner of a live credential with their credentials and open findings. */
export function ownerTallies(report: JsonReport): OwnerTally[] {
  const owners = new Map<string, OwnerTally>();
  const ownerOf = new Map<string, string>();
  for (const credential of liveCredentials(report)) {
    const { employeeId, name, email } = credential.owner;
    if (!employeeId) continue;
    ownerOf.set(credential.uid, employeeId);
    const entry = owners.get(employeeId);
    if (entry) entry.credentials++;
    else owners.set(employeeId, { employeeId, name, email, credentials: 1, openFindings: 0 });
  }
  for (const finding of report.findings) {
    const employeeId = finding.status === 'open' ? ownerOf.get(finding.credentialUid) : undefined;
    if (employeeId) owners.get(employeeId)!.openFindings++;
  }
  return [...owners.values()];
}

/** The first `limit` owners by `key`, most first, ties by employee id. */
export function topOwners(
  owners: readonly OwnerTally[],
  key: 'credentials' | 'openFindings',
  limit: number,
): OwnerTally[] {
  return owners
    .filter((owner) => owner[key] > 0)
    .sort((a, b) => b[key] - a[key] || compare(a.employeeId, b.employeeId))
    .slice(0, limit);
}
