/**
 * The two rules about what a leaver keeps beyond their own credentials (docs/rules.md):
 *
 * - `leaver-access-remains`: a person-account record (the person's own account in a source, listed
 *   by a downstream account check) is active while its owner is a leaver or an expired contractor.
 *   It is the only rule such a record gets: it is a person's account, not a non-human credential.
 * - `leaver-shared-secret`: a secret that a leaver could read (a co-owner other than the resolved
 *   owner, or a reader such as an Actions secret's repository writer) and whose value was last set
 *   before the day they left. The remedy is rotation. A value set on or after that day is rotated.
 */
import type { Credential, Finding, OwnerResolution, Person } from '../core/model.js';
import { hasLeft, isContractorExpired, isLeaver, type PeopleDirectory } from '../core/people.js';
import { AS_OF_PLACEHOLDER } from './day-counts.js';
import { credentialLabel, kindLabel, ownerFacts } from './describe.js';
import { finding, ownerEvidence } from './finding.js';

/** The day a leaver or expired contractor lost the right to access, or null if they have not. */
export function leftOn(person: Person, asOf: Date): string | null {
  if (isLeaver(person, asOf)) return person.terminationDate ?? person.departedOn ?? null;
  if (isContractorExpired(person, asOf)) return person.contractEndDate;
  return null;
}

export function personAccountFindings(
  credential: Credential,
  resolution: OwnerResolution,
  owner: Person | undefined,
  asOf: Date,
): Finding[] {
  if (credential.status !== 'active' || !owner || !hasLeft(owner, asOf)) return [];
  const left = leftOn(owner, asOf);
  const contractor = !isLeaver(owner, asOf);
  // A person's account is named as they know it (login, UPN, email), not by an object id.
  const account = `${kindLabel(credential.kind)} ${credential.principalName ?? credential.externalId} of ${credential.provider}/${credential.account}`;
  const who = `${contractor ? 'contractor' : 'leaver'} ${whoLeft(owner, left, contractor)}`;
  return [
    finding('leaver-access-remains', credential, `${account} still gives access to ${who}`, {
      ...ownerEvidence(owner, resolution),
      status: owner.status,
      terminationDate: owner.terminationDate,
      ...(contractor ? { contractEndDate: owner.contractEndDate } : {}),
      ...(owner.departedOn ? { departedOn: owner.departedOn } : {}),
      account: credential.principalName ?? credential.externalId,
      access: credential.attributes ?? {},
      asOf: AS_OF_PLACEHOLDER,
    }),
  ];
}

/** `Dev Hughes (left 2026-08-14)`, `Vic Eriksen (contract ended 2026-10-31)`. */
function whoLeft(person: Person, left: string | null, contractor: boolean): string {
  if (!left) return person.name;
  return `${person.name} (${contractor ? 'contract ended' : 'left'} ${left})`;
}

/** `A`, `A and B`, `A, B and C`. */
function joined(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

interface SharingLeaver {
  person: Person;
  left: string;
  /** `co-owner` (an owner signal other than the resolved owner's) or `reader`. */
  via: 'co-owner' | 'reader';
  source: string;
}

/** Leavers (and expired contractors) other than the resolved owner who could read the secret. */
function sharingLeavers(
  credential: Credential,
  resolution: OwnerResolution,
  people: PeopleDirectory,
  asOf: Date,
): SharingLeaver[] {
  const found = new Map<string, SharingLeaver>();
  const consider = (person: Person, via: SharingLeaver['via'], source: string) => {
    if (person.employeeId === resolution.ownerEmployeeId || found.has(person.employeeId)) return;
    if (!hasLeft(person, asOf)) return;
    found.set(person.employeeId, { person, left: leftOn(person, asOf) ?? '', via, source });
  };
  for (const { signal, matchedEmployeeId } of resolution.evidence) {
    if (matchedEmployeeId === null) continue;
    const person = people.byEmployeeId(matchedEmployeeId);
    if (person) consider(person, 'co-owner', signal.source);
  }
  for (const reader of credential.readers ?? []) {
    const match = people.lookup(reader.value);
    if (match) consider(match.person, 'reader', reader.source);
  }
  return [...found.values()];
}

/** Whether a value set at `valueSetAt` (null: unknown) was set before the day `left`. */
export function setBeforeLeaving(valueSetAt: string | null, left: string): boolean {
  if (valueSetAt === null || left === '') return true;
  return valueSetAt.slice(0, 10) < left.slice(0, 10);
}

const NONE: readonly Finding[] = Object.freeze([]);

/**
 * Whether anyone but the resolved owner can read the credential: a reader, or an owner signal that
 * matched someone else. Checked first, without allocating: evaluate runs this for every credential
 * of every scan, and almost none is shared.
 */
function sharedWithOthers(credential: Credential, resolution: OwnerResolution): boolean {
  if (credential.readers && credential.readers.length > 0) return true;
  for (const { matchedEmployeeId } of resolution.evidence)
    if (matchedEmployeeId !== null && matchedEmployeeId !== resolution.ownerEmployeeId) return true;
  return false;
}

export function sharedSecretFindings(
  credential: Credential,
  resolution: OwnerResolution,
  people: PeopleDirectory,
  asOf: Date,
): readonly Finding[] {
  if (!sharedWithOthers(credential, resolution)) return NONE;
  const owner = resolution.ownerEmployeeId ? people.byEmployeeId(resolution.ownerEmployeeId) : undefined;
  // A leaver's own credential is leaver-owned (revoke it); rotation is for secrets others keep using.
  if (owner && hasLeft(owner, asOf)) return NONE;
  const valueSetAt = credential.valueSetAt ?? credential.createdAt;
  const leavers = sharingLeavers(credential, resolution, people, asOf).filter((leaver) =>
    setBeforeLeaving(valueSetAt, leaver.left),
  );
  if (leavers.length === 0) return NONE;
  const names = leavers.map((leaver) =>
    whoLeft(leaver.person, leaver.left || null, !isLeaver(leaver.person, asOf)),
  );
  const set = valueSetAt ? `last set ${valueSetAt.slice(0, 10)}` : 'set at an unknown date';
  return [
    finding(
      'leaver-shared-secret',
      credential,
      `${credentialLabel(credential)} could be read by ${joined(names)}, who left; its value was ${set}: rotate it`,
      {
        leavers: leavers.map((leaver) => ({
          ...ownerFacts(leaver.person),
          leftOn: leaver.left || null,
          via: leaver.via,
          source: leaver.source,
        })),
        valueSetAt,
        ...(owner ? { owner: ownerFacts(owner) } : {}),
        asOf: AS_OF_PLACEHOLDER,
      },
    ),
  ];
}
