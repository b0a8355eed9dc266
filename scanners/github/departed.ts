/**
 * Who, among the people of this run, has left (a leaver, or a contractor whose contract ended), and
 * which of them a GitHub account belongs to. A login is tied to a person by the organization's SAML
 * identity (nameId, then emails) or else by the `github:LOGIN` alias in HR; an invitation without
 * a login by its email. Lookups go through the people directory correlation uses, so the owner
 * signal given here resolves to the same person there. Pure.
 */
import type { OwnerSignal, Person } from '../../src/core/model.js';
import { buildPeopleDirectory, hasLeft, type PeopleDirectory } from '../../src/core/people.js';
import { type IdentityDirectory, loginAlias } from './owners.js';

export interface DepartedPeople {
  directory: PeopleDirectory;
  asOf: Date;
  /** A termination scan's people (employee ids): only their accounts are listed. Absent: everyone's. */
  focus?: ReadonlySet<string>;
}

/** A GitHub account tied to a person who has left. */
export interface DepartedMatch {
  person: Person;
  /** The one owner signal naming them (`saml-identity` or `login`). */
  signal: OwnerSignal;
  /** How the account was tied to them, for reviewers: `SAML nameId ann@acme.example`… */
  matchedBy: string;
}

/** Whether the person's accounts are listed in this scan: they have left, and are in its focus. */
function listed(departed: DepartedPeople, person: Person): boolean {
  return hasLeft(person, departed.asOf) && (!departed.focus || departed.focus.has(person.employeeId));
}

/**
 * The run's people when at least one of them has left (and, in a termination scan, is one of
 * `focus`); undefined otherwise (nothing to check). Matching still sees everyone: a SAML identity
 * naming an active person keeps that account theirs.
 */
export function departedPeople(
  people: readonly Person[] | undefined,
  asOf: Date,
  focus?: readonly Person[],
): DepartedPeople | undefined {
  const candidates = focus ?? people;
  if (!candidates?.some((person) => hasLeft(person, asOf))) return undefined;
  return {
    directory: buildPeopleDirectory(people ?? focus ?? []),
    asOf,
    ...(focus ? { focus: new Set(focus.map((person) => person.employeeId)) } : {}),
  };
}

/**
 * The person who has left and owns `login`, if any. The SAML identity decides when it names
 * someone in HR (an active person's account is theirs, whatever the alias says); the alias
 * speaks only when SAML names nobody.
 */
export function departedOwnerOfLogin(
  departed: DepartedPeople,
  org: string,
  login: string,
  identities: IdentityDirectory,
  where: string,
): DepartedMatch | undefined {
  const identity = identities.get(login.toLowerCase());
  if (identity) {
    const candidates = [
      ...(identity.nameId ? [{ value: identity.nameId, field: 'nameId' }] : []),
      ...identity.emails.map((value) => ({ value, field: 'email' })),
    ];
    for (const { value, field } of candidates) {
      const match = departed.directory.lookup(value);
      if (!match) continue;
      if (!listed(departed, match.person)) return undefined;
      return {
        person: match.person,
        signal: { kind: 'saml-identity', value, source: `${where}: SAML ${field} of ${login} in ${org}` },
        matchedBy: `SAML ${field} ${value}`,
      };
    }
  }
  const alias = loginAlias(login);
  const match = departed.directory.lookup(alias);
  if (!match || !listed(departed, match.person)) return undefined;
  return {
    person: match.person,
    signal: { kind: 'login', value: alias, source: `${where}: login` },
    matchedBy: `HR alias ${alias}`,
  };
}

/** The person who has left and was invited by `email`, if any. */
export function departedOwnerOfEmail(
  departed: DepartedPeople,
  email: string,
  where: string,
): DepartedMatch | undefined {
  const match = departed.directory.lookup(email);
  if (!match || !listed(departed, match.person)) return undefined;
  return {
    person: match.person,
    signal: { kind: 'login', value: email, source: `${where}: invitation email` },
    matchedBy: `invitation email ${email}`,
  };
}
