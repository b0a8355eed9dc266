/**
 * Who is acting, as a person: every actor of a decision (`--by`, `--as`, NHISCAN_USER, git's
 * user.email, the review screen's reviewer) resolves through the people directory's one resolver
 * to exactly one HR person who has not left, or to a service actor listed in
 * `governance.actors`. Nobody, two people, or a leaver is refused. A service actor never decides
 * (approve, reject, confirm, recertify, baseline add, acknowledge a guard): only its roles.
 */
import type { GovernanceSettings, SERVICE_ACTOR_ROLES } from '../config/schema.js';
import type { Person } from '../core/model.js';
import {
  isContractorExpired,
  isLeaver,
  type MatchedBy,
  normalizeIdentifier,
  type PeopleDirectory,
} from '../core/people.js';
import { DecisionRefused, shownActor } from './refusal.js';

export type ServiceRole = (typeof SERVICE_ACTOR_ROLES)[number];
/** `decide`: approve, reject, confirm, recertify, baseline add, acknowledging a guard. */
export type ActorPurpose = 'decide' | ServiceRole;

export interface PersonActor {
  kind: 'person';
  person: Person;
  matchedBy: MatchedBy;
  /** What was given, as given (shown through shownActor when kept). */
  given: string;
  /** The name the audit log records: the person's HR email. */
  id: string;
}

export interface ServiceActor {
  kind: 'service';
  id: string;
  roles: readonly ServiceRole[];
  given: string;
}

export type GovernedActor = PersonActor | ServiceActor;

export interface ActorContext {
  people: PeopleDirectory;
  settings: GovernanceSettings;
  /** When the decision is taken: leaver status is judged on this day. */
  asOf: Date;
  /** Which snapshot `people` is, for messages. */
  hrSource: string;
}

export function resolveGovernedActor(
  given: string,
  context: ActorContext,
  purpose: ActorPurpose,
  flag = '--by',
): GovernedActor {
  const shown = shownActor(given.trim());
  const key = normalizeIdentifier(given);
  if (!key) throw new DecisionRefused('actor-unknown', 'expected who is acting', flag);
  const service = context.settings.actors.find((actor) => normalizeIdentifier(actor.id) === key);
  if (service) {
    if (purpose === 'decide') {
      throw new DecisionRefused(
        'actor-not-a-person',
        `${shown} is a service actor (governance.actors): only a person in HR can take this decision`,
        flag,
      );
    }
    if (!service.roles.includes(purpose)) {
      throw new DecisionRefused(
        'actor-role',
        `service actor ${shown} may ${service.roles.join(', ')}, not ${purpose} (governance.actors)`,
        flag,
      );
    }
    return { kind: 'service', id: service.id, roles: service.roles, given };
  }
  const match = context.people.resolve(given);
  if (match.kind === 'nobody') {
    throw new DecisionRefused(
      'actor-unknown',
      `${shown} names nobody in HR (${context.hrSource}): decisions are taken by people in HR, or by service actors listed in governance.actors`,
      flag,
    );
  }
  if (match.kind === 'ambiguous') {
    throw new DecisionRefused(
      'actor-ambiguous',
      `${shown} names ${match.people.length} people in HR (${match.people.map((person) => person.employeeId).join(', ')}): give an email or an employee id`,
      flag,
    );
  }
  const { person } = match;
  if (isLeaver(person, context.asOf) || isContractorExpired(person, context.asOf)) {
    const since = isLeaver(person, context.asOf)
      ? `a leaver${person.terminationDate ? ` since ${person.terminationDate}` : ''}`
      : `a contractor whose contract ended ${person.contractEndDate}`;
    throw new DecisionRefused(
      'actor-leaver',
      `${shown} is ${person.name} (${person.employeeId}), ${since}: only a current person can act`,
      flag,
      person.employeeId,
    );
  }
  return { kind: 'person', person, matchedBy: match.matchedBy, given, id: person.email };
}

/** The actor of a decision, which must be a person. */
export function resolveDecider(given: string, context: ActorContext, flag = '--by'): PersonActor {
  return resolveGovernedActor(given, context, 'decide', flag) as PersonActor;
}
