/**
 * Separation of duties on people: nobody decides on a credential they may own. The candidates are
 * every person the evidence names: the request's owner, each person an owner signal matched when
 * the credential was last resolved, and each person its signals name in today's HR (including
 * everyone a shared display name could mean). A rehire's records count as one human.
 */
import type { Person } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import { ownerResolutionOf } from '../store/owners.js';
import { type ActorContext, type PersonActor, resolveDecider } from './actor.js';
import { DecisionRefused } from './refusal.js';

export interface CandidateOwner {
  person: Person;
  /** Why they are a candidate: `request owner`, `declared signal`, `tag signal`… */
  why: string;
}

export function candidateOwners(
  db: Db,
  credentialUid: string,
  people: PeopleDirectory,
  ownerEmployeeIds: readonly (string | null)[] = [],
): CandidateOwner[] {
  const found: CandidateOwner[] = [];
  const add = (person: Person | undefined, why: string) => {
    if (person && !found.some((candidate) => people.sameHuman(candidate.person, person)))
      found.push({ person, why });
  };
  for (const id of ownerEmployeeIds) if (id) add(people.byEmployeeId(id), 'request owner');
  for (const item of ownerResolutionOf(db, credentialUid)?.evidence ?? []) {
    if (item.matchedEmployeeId)
      add(people.byEmployeeId(item.matchedEmployeeId), `${item.signal.kind} signal`);
  }
  for (const signal of credentialByUid(db, credentialUid)?.credential.ownerSignals ?? []) {
    const match = people.resolve(signal.value);
    if (match.kind === 'person') add(match.person, `${signal.kind} signal`);
    if (match.kind === 'ambiguous') for (const person of match.people) add(person, `${signal.kind} signal`);
  }
  return found;
}

/** Refuses when the actor is one of the credential's candidate owners. */
export function refuseCandidateOwner(
  actor: PersonActor,
  candidates: readonly CandidateOwner[],
  people: PeopleDirectory,
  what: string,
  credentialUid: string,
): void {
  const own = candidates.find((candidate) => people.sameHuman(candidate.person, actor.person));
  if (!own) return;
  throw new DecisionRefused(
    'owner',
    `${actor.person.name} (${actor.person.employeeId}) is named as an owner of credential ${credentialUid} (${own.why}) and cannot ${what}; ask someone else`,
    '--by',
    actor.person.employeeId,
  );
}

/**
 * The person deciding on a credential: `given` resolved to one current HR person (actor.ts) who is
 * none of the credential's candidate owners. `what` completes "cannot …" in the refusal.
 */
export function nonOwnerDecider(
  db: Db,
  given: string,
  context: ActorContext,
  credential: { uid: string; ownerEmployeeIds?: readonly (string | null)[] },
  what: string,
): PersonActor {
  const actor = resolveDecider(given, context);
  const candidates = candidateOwners(db, credential.uid, context.people, credential.ownerEmployeeIds);
  refuseCandidateOwner(actor, candidates, context.people, what, credential.uid);
  return actor;
}
