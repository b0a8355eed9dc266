/**
 * The OCSF 1.8.0 vocabulary nhiscan's two OCSF writers share: the audit export (Account Change
 * events, src/audit/export-ocsf.ts) and the report formats (reports/ocsf, and reports/ecs, which
 * maps the same Account Change events to ECS). The schema version, the product, severity ids and
 * captions, the account types, the `user` object and the Account Change event's shape live here,
 * once, so the audit log and the reports cannot drift apart. Types and constants only: it imports
 * nothing of nhiscan's but the model's severities.
 */
import type { Severity } from './model.js';

export const OCSF_VERSION = '1.8.0';
export const ACCOUNT_CHANGE_CLASS_UID = 3001;
export const IAM_CATEGORY_UID = 3;

/** `metadata.product` of every event nhiscan writes. */
export interface OcsfProduct {
  name: 'nhiscan';
  vendor_name: 'nhiscan';
  version: string;
}

export function ocsfProduct(version: string): OcsfProduct {
  return { name: 'nhiscan', vendor_name: 'nhiscan', version };
}

/** severity_id and its caption (the dictionary's enum): info 1 … critical 5. */
export const OCSF_SEVERITY: Readonly<Record<Severity, { id: number; caption: string }>> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** OCSF account type of a provider's account: AWS Account 10, GCP Project 11, else 99 Other with a name. */
export function ocsfAccountType(provider: string | undefined): { type_id: number; type: string } {
  switch (provider) {
    case 'aws':
      return { type_id: 10, type: 'AWS Account' };
    case 'gcp':
      return { type_id: 11, type: 'GCP Project' };
    case 'azure':
      return { type_id: 99, type: 'Microsoft Entra tenant' };
    case 'github':
      return { type_id: 99, type: 'GitHub organization' };
    default:
      return { type_id: 99, type: provider ? `${provider} account` : 'account' };
  }
}

/** The identity holding a credential (IAM user, service account, app), with the credential in it. */
export interface OcsfUser {
  name?: string;
  uid?: string;
  account?: { uid: string; type_id: number; type: string };
  programmatic_credentials?: { uid: string; type?: string; last_used_time?: number }[];
}

export interface OcsfAuthorization {
  decision: string;
  policy: { uid: string; name: string; desc?: string };
}

/**
 * An Account Change (3001) event: a revocation step the queue carried out, as the audit export
 * writes it and `report --include-actions` passes it on.
 */
export interface OcsfAccountChange {
  activity_id: number;
  activity_name: string;
  category_uid: typeof IAM_CATEGORY_UID;
  category_name: 'Identity & Access Management';
  class_uid: typeof ACCOUNT_CHANGE_CLASS_UID;
  class_name: 'Account Change';
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: 1 | 2;
  status: 'Success' | 'Failure';
  status_code?: string;
  status_detail?: string;
  time: number;
  timezone_offset?: number;
  message: string;
  metadata: {
    version: typeof OCSF_VERSION;
    product: OcsfProduct;
    uid: string;
    sequence: number;
    log_name: 'audit';
    event_code: string;
    original_time: string;
    correlation_uid?: string;
  };
  user: OcsfUser;
  actor: { app_name?: string; user?: { name: string }; authorizations?: OcsfAuthorization[] };
  unmapped: Record<string, unknown>;
}
