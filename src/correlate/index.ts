export {
  AMBIGUOUS_NAME,
  BLANK_VALUE,
  NO_PERSON_IN_HR,
  resolveOwner,
  resolveOwners,
} from './resolve-owner.js';
export {
  AGREEMENT_BONUS,
  CONFIDENCE_CAP,
  CONFLICT_FACTOR,
  isGuess,
  MATCH_STRENGTH,
  SIGNAL_TIER,
  type SignalTier,
  TIER_CONFIDENCE,
} from './tiers.js';
export { unmatchedIdentities } from './unmatched.js';
