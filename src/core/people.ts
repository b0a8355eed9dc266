/**
 * Looking people up by any of their identifiers, and their effective-dated lifecycle state.
 * Input is assumed validated by the HR import (src/hr), which rejects two active people sharing an
 * identifier. When a rehire leaves an identifier on two records, the latest hire date owns it.
 */
import { daysSince, daysUntil } from './dates.js';
import type { Person } from './model.js';

export type MatchedBy = 'email' | 'alias';

export interface PersonMatch {
  person: Person;
  matchedBy: MatchedBy;
}

export interface PeopleDirectory {
  readonly size: number;
  byEmployeeId(employeeId: string): Person | undefined;
  /** Case-insensitive lookup of an email, `github:LOGIN`, `upn:NAME` or username. */
  lookup(identifier: string): PersonMatch | undefined;
  all(): readonly Person[];
}

export function normalizeIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/** Whether record `a` should own a shared identifier over record `b` (rehire: latest hire date wins; active beats terminated on ties). */
function owns(a: Person, b: Person): boolean {
  const hireA = a.hireDate ?? '';
  const hireB = b.hireDate ?? '';
  if (hireA !== hireB) return hireA > hireB;
  return a.status === 'active' && b.status !== 'active';
}

export function buildPeopleDirectory(people: readonly Person[]): PeopleDirectory {
  const byId = new Map<string, Person>();
  const byIdentifier = new Map<string, PersonMatch>();
  const claim = (identifier: string, person: Person, matchedBy: MatchedBy) => {
    const key = normalizeIdentifier(identifier);
    if (!key) return;
    const current = byIdentifier.get(key);
    if (!current || (current.person !== person && owns(person, current.person))) {
      byIdentifier.set(key, { person, matchedBy });
    }
  };
  for (const person of people) {
    byId.set(person.employeeId, person);
    claim(person.email, person, 'email');
    for (const alias of person.aliases) claim(alias, person, 'alias');
  }
  return {
    size: people.length,
    byEmployeeId: (employeeId) => byId.get(employeeId),
    lookup: (identifier) => byIdentifier.get(normalizeIdentifier(identifier)),
    all: () => people,
  };
}

/** A leaver: status terminated, or a termination date on or before as-of. */
export function isLeaver(person: Person, asOf: Date): boolean {
  if (person.status === 'terminated') return true;
  return person.terminationDate !== null && daysSince(person.terminationDate, asOf) >= 0;
}

/** Days until an active person's future termination date, or null when none is set or it has passed. */
export function daysUntilTermination(person: Person, asOf: Date): number | null {
  if (person.status === 'terminated' || person.terminationDate === null) return null;
  const days = daysUntil(asOf, person.terminationDate);
  return days > 0 ? days : null;
}

/** A contractor whose contract end date is on or before as-of. */
export function isContractorExpired(person: Person, asOf: Date): boolean {
  return (
    person.workerType === 'contractor' &&
    person.contractEndDate !== null &&
    daysSince(person.contractEndDate, asOf) >= 0
  );
}

/** Whole days since the person's last transfer, or null if they never transferred (or it is in the future). */
export function daysSinceTransfer(person: Person, asOf: Date): number | null {
  if (person.transferDate === null) return null;
  const days = daysSince(person.transferDate, asOf);
  return days >= 0 ? days : null;
}
