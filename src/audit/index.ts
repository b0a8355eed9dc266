export {
  ACCOUNT_CHANGE_CLASS_UID,
  IAM_CATEGORY_UID,
  OCSF_VERSION,
  type OcsfAccountChange,
  type OcsfUser,
  ocsfAccountType,
} from '../core/ocsf.js';
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
  auditOcsfEvents,
  auditOcsfNdjson,
  EXPORTED_ACTIONS,
  type OcsfExportOptions,
  ocsfActivity,
  toOcsfAccountChange,
} from './export-ocsf.js';
export { type ListedAuditRecord, listAuditRecords } from './list.js';
export { type AuditCheckpointRef, type AuditVerification, verifyAudit } from './verify.js';
