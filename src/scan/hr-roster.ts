/**
 * The roster a run uses, and the audit of how it changed. A scan and `nhiscan hr import` both build
 * their snapshot here, so the two record the same snapshot from the same data.
 *
 * The roster is the HR export, with the lifecycle events in effect as of the run applied, plus
 * people an earlier snapshot had and the export has dropped:
 *  - `carried`: their events end in a termination: kept as that leaver (src/hr/events/apply.ts);
 *  - `departed` (hr.missingMeans: departed, the default): everyone else, kept as a leaver from the
 *    day the export first missed them (src/hr/departed.ts), until HR lists them again or an event
 *    dated on or after that day says otherwise. With `unknown` they are dropped.
 * Events and departures change the snapshot's identity (its sha256), so they make a new snapshot.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/append.js';
import { isoDay } from '../core/dates.js';
import type { Person } from '../core/model.js';
import { applyHrEvents } from '../hr/events/apply.js';
import type { HrSnapshot } from '../hr/index.js';
import { describeDiff, diffSnapshots } from '../hr/snapshot-diff.js';
import { listHrEvents } from '../store/hr-events.js';
import type { Db } from '../store/open.js';
import {
  latestPeopleSnapshot,
  loadPeople,
  type PeopleSnapshotRow,
  peopleMissingFrom,
} from '../store/people-snapshots.js';

export interface ExportedHr extends HrSnapshot {
  fileModifiedAt: string | null;
}

export interface RunRoster extends ExportedHr {
  /** HR events in effect that name no known employee: stored, but not applied. */
  unapplied: { id: string; type: string; employeeId: string }[];
  /** Employee ids the export dropped, kept as leavers because a terminate event names them. */
  carried: string[];
  /** Employee ids the export dropped, kept as departed leavers (hr.missingMeans: departed). */
  departed: string[];
}

export interface RosterOptions {
  /** What a person the export has dropped means (hr.missingMeans); default departed. */
  missingMeans?: 'departed' | 'unknown';
}

export function withHrEvents(
  db: Db,
  exported: ExportedHr,
  asOf: Date,
  options: RosterOptions = {},
): RunRoster {
  const events = listHrEvents(db);
  const departing = (options.missingMeans ?? 'departed') === 'departed';
  const listed = exported.people.map((person) => person.employeeId);
  const listedIds = new Set(listed);
  // Only the people the export has dropped are read from the latest snapshot, and only when they
  // can matter: departures, or a terminate event for someone the export does not list.
  const needsEarlier =
    departing || events.some(({ event }) => event.type === 'terminate' && !listedIds.has(event.employeeId));
  const previous = needsEarlier ? latestPeopleSnapshot(db) : undefined;
  const earlier = previous ? peopleMissingFrom(db, previous.id, listed) : [];
  if (events.length === 0 && earlier.length === 0)
    return { ...exported, unapplied: [], carried: [], departed: [] };
  const effective = applyHrEvents(
    exported.people,
    events,
    asOf,
    earlier,
    departing ? { departedOn: isoDay(asOf) } : {},
  );
  const unapplied = effective.unknown.map(({ event }) => ({
    id: event.id,
    type: event.type,
    employeeId: event.employeeId,
  }));
  const { carried, departed } = effective;
  if (effective.applied === 0 && departed.length === 0) return { ...exported, unapplied, carried, departed };
  const appliedIds =
    effective.applied === 0
      ? []
      : events.filter((entry) => entry.event.effectiveDate <= isoDay(asOf)).map((entry) => entry.event.id);
  const people = effective.people;
  const departures = people
    .filter((person) => person.departedOn !== undefined)
    .map((person) => `departed:${person.employeeId}@${person.departedOn}`)
    .sort();
  return {
    ...exported,
    people,
    unapplied,
    carried,
    departed,
    source: effective.applied > 0 ? `${exported.source} + ${effective.applied} HR event(s)` : exported.source,
    sha256: createHash('sha256')
      .update([exported.sha256, ...appliedIds, ...departures].join('\n'))
      .digest('hex'),
  };
}

/**
 * Audits what changed since the previous snapshot: new leavers, removed people, changed emails.
 * `actor` is who imported it: the scan, or `nhiscan hr import`.
 */
export function recordSnapshotDiff(
  db: Db,
  previous: PeopleSnapshotRow | undefined,
  snapshotId: number,
  hr: { source: string; sha256: string; people: readonly Person[] },
  asOf: Date,
  time: string,
  actor = 'scan',
): void {
  const diff = previous ? diffSnapshots(loadPeople(db, previous.id), hr.people, asOf) : undefined;
  const departed = hr.people.filter((person) => person.departedOn !== undefined);
  appendAudit(db, {
    time,
    actor,
    action: 'hr.snapshot',
    target: `hr-snapshot:${snapshotId}`,
    reason: diff ? describeDiff(diff) : `first HR snapshot: ${hr.people.length} people`,
    payload: {
      snapshotId,
      previousSnapshotId: previous?.id ?? null,
      source: hr.source,
      sha256: hr.sha256,
      people: hr.people.length,
      ...(diff ? { diff: { ...diff } } : {}),
      ...(departed.length > 0
        ? {
            departed: departed.map((person) => ({
              employeeId: person.employeeId,
              departedOn: person.departedOn,
            })),
          }
        : {}),
    },
  });
}
