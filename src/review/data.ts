/**
 * What the review screen shows, read from the store: open findings with their credential, owner
 * resolution and owner, grouped by owner (leavers first, then owners by name, then no known owner),
 * and the revocation requests. Pure reads; actions go through ./actions.ts.
 */
import type { Credential, OwnerResolution, Person, Severity } from '../core/model.js';
import { isLeaver } from '../core/people.js';
import { presentFinding } from '../policy/day-counts.js';
import { compareSeverity } from '../policy/severity.js';
import type { RevocationRequest } from '../queue/index.js';
import { listRequests } from '../queue/index.js';
import {
  credentialByUid,
  type Db,
  latestFinishedRun,
  listFindings,
  loadPeople,
  ownerResolutions,
  type StoredFinding,
} from '../store/index.js';

export interface ReviewItem {
  finding: StoredFinding;
  credential: Credential;
  source: string;
  resolution: OwnerResolution | undefined;
  owner: Person | undefined;
  ownerIsLeaver: boolean;
  /** The newest request for this credential, open or not. */
  request: RevocationRequest | undefined;
}

export interface OwnerGroup {
  /** employeeId, or '' for findings with no known owner. */
  key: string;
  label: string;
  leaver: boolean;
  items: ReviewItem[];
}

export interface ReviewData {
  asOf: Date;
  runId: number;
  people: Person[];
  groups: OwnerGroup[];
  requests: RevocationRequest[];
}

function groupLabel(owner: Person | undefined, leaver: boolean): string {
  if (!owner) return 'No known owner';
  const left = leaver ? ` — leaver${owner.terminationDate ? `, left ${owner.terminationDate}` : ''}` : '';
  return `${owner.name} <${owner.email}>${left}`;
}

export function loadReviewData(db: Db): ReviewData {
  const run = latestFinishedRun(db);
  if (!run || run.hrSnapshotId === null)
    throw new Error('the database holds no finished scan yet; run `nhiscan scan` first');
  const asOf = new Date(run.asOf);
  const people = loadPeople(db, run.hrSnapshotId);
  const byId = new Map(people.map((person) => [person.employeeId, person]));
  const resolutions = ownerResolutions(db);
  const requests = listRequests(db, {});
  const newestRequest = new Map<string, RevocationRequest>();
  for (const request of requests) {
    const current = newestRequest.get(request.credentialUid);
    if (!current || current.id < request.id) newestRequest.set(request.credentialUid, request);
  }

  const groups = new Map<string, OwnerGroup>();
  for (const row of listFindings(db).filter((entry) => entry.status === 'open')) {
    // Counted at the run's as-of, like the reports: the day its rules were decided at.
    const finding = presentFinding(row, asOf);
    const stored = credentialByUid(db, finding.credentialUid);
    if (!stored) continue;
    const resolution = resolutions.get(finding.credentialUid);
    const owner = resolution?.ownerEmployeeId ? byId.get(resolution.ownerEmployeeId) : undefined;
    const leaver = owner ? isLeaver(owner, asOf) : false;
    const key = owner?.employeeId ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { key, label: groupLabel(owner, leaver), leaver, items: [] };
      groups.set(key, group);
    }
    group.items.push({
      finding,
      credential: stored.credential,
      source: stored.source,
      resolution,
      owner,
      ownerIsLeaver: leaver,
      request: newestRequest.get(finding.credentialUid),
    });
  }
  for (const group of groups.values())
    group.items.sort(
      (a, b) =>
        compareSeverity(b.finding.severity, a.finding.severity) ||
        a.credential.uid.localeCompare(b.credential.uid) ||
        a.finding.rule.localeCompare(b.finding.rule),
    );
  const ordered = [...groups.values()].sort((a, b) => {
    const rank = (group: OwnerGroup) => (group.leaver ? 0 : group.key ? 1 : 2);
    return rank(a) - rank(b) || a.label.localeCompare(b.label);
  });
  return { asOf, runId: run.id, people, groups: ordered, requests };
}

export interface ReviewFilters {
  provider?: string;
  rule?: string;
  /** At or above this severity. */
  severity?: Severity;
  /** Substring of the owner's name, email or employee id. */
  owner?: string;
  /** Substring of anything shown for the finding. */
  text?: string;
}

function matches(item: ReviewItem, filters: ReviewFilters): boolean {
  if (filters.provider && item.credential.provider !== filters.provider) return false;
  if (filters.rule && item.finding.rule !== filters.rule) return false;
  if (filters.severity && compareSeverity(item.finding.severity, filters.severity) < 0) return false;
  if (filters.owner) {
    const needle = filters.owner.toLowerCase();
    const owner = item.owner;
    if (
      !owner ||
      ![owner.name, owner.email, owner.employeeId].some((value) => value.toLowerCase().includes(needle))
    )
      return false;
  }
  if (filters.text) {
    const needle = filters.text.toLowerCase();
    const haystack = [
      item.finding.title,
      item.finding.rule,
      item.credential.uid,
      item.credential.principalName ?? '',
      item.owner?.name ?? '',
      item.owner?.email ?? '',
    ]
      .join(' ')
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/** The groups with only the items that pass the filters; empty groups dropped. */
export function filterGroups(groups: readonly OwnerGroup[], filters: ReviewFilters): OwnerGroup[] {
  return groups
    .map((group) => ({ ...group, items: group.items.filter((item) => matches(item, filters)) }))
    .filter((group) => group.items.length > 0);
}

/** The distinct values a filter can cycle through, in a stable order. */
export function filterChoices(groups: readonly OwnerGroup[]): { providers: string[]; rules: string[] } {
  const providers = new Set<string>();
  const rules = new Set<string>();
  for (const group of groups)
    for (const item of group.items) {
      providers.add(item.credential.provider);
      rules.add(item.finding.rule);
    }
  return { providers: [...providers].sort(), rules: [...rules].sort() };
}
