/**
 * The HR view a decision is judged against: the latest HR snapshot (a scan's or `hr import`'s) with
 * the HR events in effect on the decision's day applied, so a termination received by webhook this
 * morning already stops that person from approving this afternoon.
 */
import { type GovernanceSettings, governanceSchema } from '../config/schema.js';
import { buildPeopleDirectory } from '../core/people.js';
import { applyHrEvents } from '../hr/events/apply.js';
import { latestPeopleSnapshot, listHrEvents, loadPeople } from '../store/index.js';
import type { Db } from '../store/open.js';
import type { ActorContext } from './actor.js';

export const DEFAULT_GOVERNANCE: GovernanceSettings = governanceSchema.parse({});

export function governanceContext(db: Db, settings: GovernanceSettings | undefined, now: Date): ActorContext {
  const snapshot = latestPeopleSnapshot(db);
  const stored = snapshot ? loadPeople(db, snapshot.id) : [];
  const events = listHrEvents(db);
  const people = events.length > 0 ? applyHrEvents(stored, events, now, stored).people : stored;
  return {
    people: buildPeopleDirectory(people),
    settings: settings ?? DEFAULT_GOVERNANCE,
    asOf: now,
    hrSource: snapshot ? `HR snapshot ${snapshot.id}` : 'no HR snapshot yet: run nhiscan scan first',
  };
}
