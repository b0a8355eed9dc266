/**
 * Departed people (`hr.missingMeans: departed`, the default). Someone an earlier HR snapshot
 * listed and the export no longer does has left as far as nhiscan can tell: an active-only feed
 * drops leavers, and a truncated export drops anyone. Their record is carried forward from the
 * earlier snapshot as a leaver, so their credentials stay `leaver-owned` and their revocation
 * requests stand, until HR lists them again or an event dated on or after the departure (a rehire)
 * says otherwise.
 *
 * Invariants: `departedOn` is the as-of day of the first scan or import that missed the person and
 * never moves while they stay missing; a person the export lists never carries it; a departed
 * person counts as *removed* (never as a new leaver) in snapshot diffs and the hr-change guard.
 */
import type { Person } from '../core/model.js';

/** Whether the HR export itself lists this person (false for someone carried forward as departed). */
export function isListed(person: Person): boolean {
  return person.departedOn === undefined;
}

/** The people the HR export lists: the roster without those carried forward as departed. */
export function listedPeople(people: readonly Person[]): Person[] {
  return people.filter(isListed);
}

/**
 * Adds to `roster` every person of `earlier` it lacks, as departed on `day` (or on the day an
 * earlier snapshot first missed them). They are terminated; a termination date already on or
 * before the departure is kept, any other becomes the departure day. Returns their ids, sorted.
 */
export function carryDeparted(
  roster: Map<string, Person>,
  earlier: readonly Person[],
  day: string,
): string[] {
  const departed: string[] = [];
  for (const person of earlier) {
    if (roster.has(person.employeeId)) continue;
    const departedOn = person.departedOn ?? day;
    const keepsDate = person.terminationDate !== null && person.terminationDate.slice(0, 10) <= departedOn;
    roster.set(person.employeeId, {
      ...person,
      aliases: [...person.aliases],
      status: 'terminated',
      terminationDate: keepsDate ? person.terminationDate : departedOn,
      departedOn,
    });
    departed.push(person.employeeId);
  }
  return departed.sort();
}
