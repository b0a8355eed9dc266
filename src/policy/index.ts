export { evaluate, isExpired, propagationGapFinding, RULE_SEVERITY } from './evaluate.js';
export { findingUid } from './finding-uid.js';
export { compareSeverity, raiseSeverity } from './severity.js';
