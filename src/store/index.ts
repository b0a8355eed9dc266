export * from './findings.js';
export * from './hr-events.js';
export * from './inventory.js';
export * from './open.js';
export * from './owners.js';
export * from './people-snapshots.js';
export * from './recertifications.js';
export * from './scan-runs.js';
