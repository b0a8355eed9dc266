/**
 * What changed between two HR snapshots: new leavers, people removed (missing from the new export:
 * "removed", never "terminated" — only a status, a termination date or an event says that), people
 * added, and changed emails. Recorded in the audit log at each import; `nhiscan hr diff` shows it.
 * Only the people the export lists are compared: a person carried forward as departed is removed
 * at the snapshot that first misses them, and added again when an export lists them again.
 */
import type { Person } from '../core/model.js';
import { isLeaver } from '../core/people.js';
import { isListed } from './departed.js';

export interface SnapshotDiff {
  added: string[];
  removed: string[];
  newLeavers: string[];
  rehired: string[];
  emailChanged: { employeeId: string; from: string; to: string }[];
}

export function diffSnapshots(
  previous: readonly Person[],
  next: readonly Person[],
  asOf: Date,
): SnapshotDiff {
  const before = new Map(previous.filter(isListed).map((person) => [person.employeeId, person]));
  const after = new Map(next.filter(isListed).map((person) => [person.employeeId, person]));
  const diff: SnapshotDiff = { added: [], removed: [], newLeavers: [], rehired: [], emailChanged: [] };
  for (const [id, person] of after) {
    const old = before.get(id);
    if (!old) {
      diff.added.push(id);
      continue;
    }
    const wasLeaver = isLeaver(old, asOf);
    const isNowLeaver = isLeaver(person, asOf);
    if (!wasLeaver && isNowLeaver) diff.newLeavers.push(id);
    if (wasLeaver && !isNowLeaver) diff.rehired.push(id);
    if (old.email.toLowerCase() !== person.email.toLowerCase())
      diff.emailChanged.push({ employeeId: id, from: old.email, to: person.email });
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  for (const list of [diff.added, diff.removed, diff.newLeavers, diff.rehired]) list.sort();
  diff.emailChanged.sort((a, b) => a.employeeId.localeCompare(b.employeeId));
  return diff;
}

export function isEmptyDiff(diff: SnapshotDiff): boolean {
  return (
    diff.added.length +
      diff.removed.length +
      diff.newLeavers.length +
      diff.rehired.length +
      diff.emailChanged.length ===
    0
  );
}

export function describeDiff(diff: SnapshotDiff): string {
  const parts = [
    `${diff.newLeavers.length} new leaver(s)`,
    `${diff.removed.length} removed`,
    `${diff.added.length} added`,
    `${diff.rehired.length} rehired`,
    `${diff.emailChanged.length} email change(s)`,
  ];
  return parts.join(', ');
}
