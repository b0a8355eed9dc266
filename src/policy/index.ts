export { AS_OF_PLACEHOLDER, presentEvidence, presentFinding, presentTitle } from './day-counts.js';
export { evaluate, isExpired, propagationGapFinding } from './evaluate.js';
export { findingUid } from './finding-uid.js';
export { RECERTIFIABLE_ORDER, type RecertifiableRule, RULES, type RuleDefinition } from './rules.js';
export { compareSeverity, raiseSeverity } from './severity.js';
