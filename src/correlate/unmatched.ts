/** Which signals of a resolution name an identity that is nobody in HR (the owner-not-in-hr evidence). */
import type { OwnerEvidence, OwnerResolution } from '../core/model.js';
import { AMBIGUOUS_NAME, NO_PERSON_IN_HR } from './resolve-owner.js';
import { isGuess } from './tiers.js';

/**
 * Signals that named an identity matching no person (or a display name several people share),
 * excluding name-match guesses. Non-empty even
 * when a lower-tier signal resolved the owner: a declared or tagged owner missing from HR is a
 * finding whoever ends up owning the credential.
 */
export function unmatchedIdentities(resolution: OwnerResolution): OwnerEvidence[] {
  const result: OwnerEvidence[] = [];
  for (const item of resolution.evidence) {
    const namesNobody = item.matchedBy === NO_PERSON_IN_HR || item.matchedBy.startsWith(AMBIGUOUS_NAME);
    if (namesNobody && !isGuess(item.signal.kind)) result.push(item);
  }
  return result;
}
