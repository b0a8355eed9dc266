export { credentialsOfConsoleUsers } from './console-users.js';
export { parseStoredCredential } from './credential-data.js';
export * from './evaluations.js';
export * from './findings.js';
export { autoVacuumMode, freePageCount } from './free-pages.js';
export * from './hr-events.js';
export * from './inventory.js';
export { pruneObservations } from './observations.js';
export * from './open.js';
export * from './owners.js';
export * from './people-snapshots.js';
export * from './recertifications.js';
export * from './report-counts.js';
export { findingsInReportOrder } from './report-findings.js';
export * from './scan-runs.js';
export {
  decodeStoredText,
  registerStoredTextFunctions,
  type StoredText,
  storeText,
} from './stored-text.js';
