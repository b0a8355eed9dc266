/**
 * Looking people up by any of their identifiers, and their effective-dated lifecycle state.
 * Input is assumed validated by the HR import (src/hr), which rejects two active people sharing an
 * identifier. When a rehire leaves an identifier on two records, the latest hire date owns it.
 *
 * `resolve` is the one identity resolver: owner signals and the actors of decisions both go
 * through it. Exact identifiers (email, alias, employee id) first; then a sub-address
 * (`bob+ops@…` is `bob@…`); then the display name, which must name exactly one person.
 */
import { daysSince, daysUntil } from './dates.js';
import { normalizeIdentifier, withoutSubaddress } from './identity-text.js';
import type { Person } from './model.js';

export { normalizeIdentifier } from './identity-text.js';

/** `email`, `alias`, `employee-id` are exact; `subaddress` and `name` are weaker (lower confidence). */
export type MatchedBy = 'email' | 'alias' | 'employee-id' | 'subaddress' | 'name';

export interface PersonMatch {
  person: Person;
  matchedBy: MatchedBy;
}

/** What an identifier names: one person, several (a display name shared by two people), or nobody. */
export type IdentityResolution =
  | ({ kind: 'person' } & PersonMatch)
  | { kind: 'ambiguous'; people: Person[]; matchedBy: 'name' }
  | { kind: 'nobody' };

export interface PeopleDirectory {
  readonly size: number;
  byEmployeeId(employeeId: string): Person | undefined;
  /** Exact lookup of an email, `github:LOGIN`, `upn:NAME` or username, after normalisation. */
  lookup(identifier: string): PersonMatch | undefined;
  /** The resolver: exact identifiers, then sub-address, then a display name naming one person. */
  resolve(identifier: string): IdentityResolution;
  /** Whether two records are one human (the same record, or a rehire sharing an identifier). */
  sameHuman(a: Person, b: Person): boolean;
  all(): readonly Person[];
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
  const byNormalizedId = new Map<string, Person>();
  for (const person of people) {
    const key = normalizeIdentifier(person.employeeId);
    const current = byNormalizedId.get(key);
    if (!current || owns(person, current)) byNormalizedId.set(key, person);
  }
  // A rehire's records share their email: the record that owns the email speaks for the human.
  const canonical = (person: Person) => byIdentifier.get(normalizeIdentifier(person.email))?.person ?? person;
  let byName: Map<string, Person[]> | undefined; // built on the first name lookup: most runs never need it
  const namesIndex = () => {
    if (byName) return byName;
    byName = new Map();
    for (const person of people) {
      const key = normalizeIdentifier(person.name);
      if (!key) continue;
      const human = canonical(person);
      const list = byName.get(key);
      if (!list) byName.set(key, [human]);
      else if (!list.includes(human)) list.push(human);
    }
    return byName;
  };
  const lookup = (identifier: string) => byIdentifier.get(normalizeIdentifier(identifier));
  return {
    size: people.length,
    byEmployeeId: (employeeId) => byId.get(employeeId),
    lookup,
    resolve: (identifier) => {
      const key = normalizeIdentifier(identifier);
      if (!key) return { kind: 'nobody' };
      const exact = byIdentifier.get(key);
      if (exact) return { kind: 'person', ...exact };
      const employee = byNormalizedId.get(key);
      if (employee) return { kind: 'person', person: employee, matchedBy: 'employee-id' };
      const mailbox = withoutSubaddress(key);
      const base = mailbox === undefined ? undefined : byIdentifier.get(mailbox);
      if (base) return { kind: 'person', person: base.person, matchedBy: 'subaddress' };
      const named = namesIndex().get(key);
      if (named?.length === 1) return { kind: 'person', person: named[0]!, matchedBy: 'name' };
      if (named && named.length > 1) return { kind: 'ambiguous', people: [...named], matchedBy: 'name' };
      return { kind: 'nobody' };
    },
    sameHuman: (a, b) => a === b || a.employeeId === b.employeeId || canonical(a) === canonical(b),
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

/**
 * Whether the person has left: a leaver, or a contractor whose contract has ended. What the
 * leaver-reach checks ask of everyone (their own accounts, the secrets they could read).
 */
export function hasLeft(person: Person, asOf: Date): boolean {
  return isLeaver(person, asOf) || isContractorExpired(person, asOf);
}

/** Whole days since the person's last transfer, or null if they never transferred (or it is in the future). */
export function daysSinceTransfer(person: Person, asOf: Date): number | null {
  if (person.transferDate === null) return null;
  const days = daysSince(person.transferDate, asOf);
  return days >= 0 ? days : null;
}
