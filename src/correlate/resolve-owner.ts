/**
 * Owner resolution: every owner signal of a credential is looked up in the people directory, all of
 * them are kept as evidence, and the highest-priority tier with a match names the owner.
 */
import type { Credential, OwnerEvidence, OwnerResolution } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import {
  AGREEMENT_BONUS,
  CONFIDENCE_CAP,
  CONFLICT_FACTOR,
  MATCH_STRENGTH,
  SIGNAL_TIER,
  type SignalTier,
  TIER_CONFIDENCE,
} from './tiers.js';

/** `matchedBy` of a signal whose value is not an identifier of anyone in HR. */
export const NO_PERSON_IN_HR = 'no person in HR has this identifier';
/** `matchedBy` of a signal with an empty value: kept as evidence, but it names no identity. */
export const BLANK_VALUE = 'blank value, names no identity';
/** `matchedBy` prefix of a display name that several people in HR share: it names nobody in particular. */
export const AMBIGUOUS_NAME = 'ambiguous: a display name shared by';

/**
 * Picks one owner for a credential.
 *
 * - Winner: the first matched signal (in signal order) of the highest-priority tier that matched anyone.
 * - `conflict`: any other matched signal, in any tier, names a different person.
 * - `unmatched`: signals name identities, but none is a person in HR (owner is null).
 * - `none`: no signal names any identity.
 * A higher-tier signal that matched nobody does not stop a lower tier from naming the owner; it stays
 * in the evidence with `matchedEmployeeId: null` (see `unmatchedIdentities`).
 */
export function resolveOwner(credential: Credential, people: PeopleDirectory): OwnerResolution {
  const signals = credential.ownerSignals;
  const evidence: OwnerEvidence[] = new Array(signals.length);
  let ownerEmployeeId: string | null = null;
  let ownerTier: SignalTier | 5 = 5;
  let ownerStrength = 1;
  let named = 0;

  for (let i = 0; i < signals.length; i++) {
    const signal = signals[i]!;
    if (signal.value.trim() === '') {
      evidence[i] = { signal, matchedEmployeeId: null, matchedBy: BLANK_VALUE };
      continue;
    }
    named++;
    const match = people.resolve(signal.value);
    if (match.kind === 'nobody') {
      evidence[i] = { signal, matchedEmployeeId: null, matchedBy: NO_PERSON_IN_HR };
      continue;
    }
    if (match.kind === 'ambiguous') {
      const ids = match.people.map((person) => person.employeeId).join(', ');
      evidence[i] = { signal, matchedEmployeeId: null, matchedBy: `${AMBIGUOUS_NAME} ${ids}` };
      continue;
    }
    const employeeId = match.person.employeeId;
    evidence[i] = { signal, matchedEmployeeId: employeeId, matchedBy: match.matchedBy };
    const tier = SIGNAL_TIER[signal.kind];
    if (tier < ownerTier) {
      ownerEmployeeId = employeeId;
      ownerTier = tier;
      ownerStrength = MATCH_STRENGTH[match.matchedBy];
    }
  }

  const credentialUid = credential.uid;
  if (named === 0) return { credentialUid, ownerEmployeeId: null, confidence: 0, outcome: 'none', evidence };
  if (ownerEmployeeId === null || ownerTier === 5) {
    return { credentialUid, ownerEmployeeId: null, confidence: 0, outcome: 'unmatched', evidence };
  }

  let agreeing = -1; // the winning signal itself is not "further" agreement
  let conflict = false;
  for (const item of evidence) {
    if (item.matchedEmployeeId === ownerEmployeeId) agreeing++;
    else if (item.matchedEmployeeId !== null) conflict = true;
  }
  let confidence = Math.min(
    CONFIDENCE_CAP,
    TIER_CONFIDENCE[ownerTier] * ownerStrength + AGREEMENT_BONUS * agreeing,
  );
  if (conflict) confidence *= CONFLICT_FACTOR;
  return {
    credentialUid,
    ownerEmployeeId,
    confidence: Math.round(confidence * 1000) / 1000,
    outcome: conflict ? 'conflict' : 'resolved',
    evidence,
  };
}

/** Resolves owners lazily, one resolution per credential, in input order. */
export function* resolveOwners(
  credentials: Iterable<Credential>,
  people: PeopleDirectory,
): Generator<OwnerResolution, void, undefined> {
  for (const credential of credentials) yield resolveOwner(credential, people);
}
