export { type AuditInput, type AuditRecord, appendAudit, GENESIS_HASH, hashAuditRecord } from './append.js';
export { canonicalJson } from './canonical-json.js';
export {
  type AuditCheckpoint,
  auditCheckpoint,
  formatCheckpoint,
  parseCheckpoint,
  readCheckpointFile,
  writeCheckpointFile,
} from './checkpoint.js';
export { recordCheckpoint } from './completeness.js';
export {
  ACCOUNT_CHANGE_CLASS_UID,
  auditOcsfEvents,
  auditOcsfNdjson,
  EXPORTED_ACTIONS,
  IAM_CATEGORY_UID,
  OCSF_VERSION,
  type OcsfAccountChange,
  type OcsfExportOptions,
  type OcsfUser,
  ocsfAccountType,
  ocsfActivity,
  toOcsfAccountChange,
} from './export-ocsf.js';
export { type ListedAuditRecord, listAuditRecords } from './list.js';
export { type AuditCheckpointRef, type AuditVerification, verifyAudit } from './verify.js';
