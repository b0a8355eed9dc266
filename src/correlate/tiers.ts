/**
 * How much each kind of owner signal is trusted, and the confidence numbers that follow from it.
 * Documented in ./README.md; change both together.
 */
import type { OwnerSignalKind } from '../core/model.js';
import type { MatchedBy } from '../core/people.js';

/** 1 is the strongest. A lower tier never overrides a higher tier that matched someone. */
export type SignalTier = 1 | 2 | 3 | 4;

export const SIGNAL_TIER: Readonly<Record<OwnerSignalKind, SignalTier>> = {
  declared: 1,
  tag: 1,
  'owners-api': 2,
  'saml-identity': 2,
  login: 2,
  creator: 3,
  'iam-binding': 3,
  'name-match': 4,
};

/** Confidence when the winning tier has one matched signal and nothing disagrees. */
export const TIER_CONFIDENCE: Readonly<Record<SignalTier, number>> = {
  1: 0.95,
  2: 0.9,
  3: 0.7,
  4: 0.5,
};

/**
 * How much the way a signal matched its person is worth: an exact identifier fully; a sub-address
 * (`bob+ops@…`) a little less; a display name (unique in HR, but a name, not an identifier) less.
 */
export const MATCH_STRENGTH: Readonly<Record<MatchedBy, number>> = {
  email: 1,
  alias: 1,
  'employee-id': 1,
  subaddress: 0.9,
  name: 0.8,
};

/** Added for each further signal (any tier) that matched the same person. */
export const AGREEMENT_BONUS = 0.02;
/** Agreement never makes a resolution certain. */
export const CONFIDENCE_CAP = 0.99;
/** Multiplier applied once when any matched signal names a different person. */
export const CONFLICT_FACTOR = 0.6;

/** Kinds that are guesses by definition: a miss is not evidence of an identity outside HR. */
export function isGuess(kind: OwnerSignalKind): boolean {
  return kind === 'name-match';
}
