/**
 * The GCP part of an emulated estate: what the GCP emulator serves (IAM v1, Cloud Resource Manager
 * v3 getIamPolicy, Policy Analyzer v1 activities) and the GCP scanner reads. Records are stored in
 * the APIs' own shapes (the @googleapis/iam and @googleapis/cloudresourcemanager schemas), so drift
 * from the real API fails to compile. Plain data (JSON friendly); times are RFC 3339 strings.
 * Fake values only: never a real private key or token.
 */
import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import type { iam_v1 } from '@googleapis/iam';

export type GcpServiceAccount = iam_v1.Schema$ServiceAccount;
export type GcpServiceAccountKey = iam_v1.Schema$ServiceAccountKey;
export type GcpProjectPolicy = cloudresourcemanager_v3.Schema$Policy;
export type GcpServiceAccountPolicy = iam_v1.Schema$Policy;

/** The APIs the emulator serves, by their hosts' first label. */
export type GcpApiName = 'iam' | 'cloudresourcemanager' | 'policyanalyzer';

export interface GcpEstate {
  /** The static OAuth 2.0 access token the emulator accepts (`Authorization: Bearer …`); fake. */
  token: string;
  projects: GcpProjectEstate[];
}

export interface GcpProjectEstate {
  projectId: string;
  /** The numeric project number, as a string (Policy Analyzer reports it). */
  projectNumber: string;
  /**
   * Whether the caller may query Policy Analyzer activities in this project. False: the query
   * answers 403 PERMISSION_DENIED (policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query).
   * `'service-disabled'`: the Policy Analyzer API is disabled in the project, and the query answers
   * 403 with an ErrorInfo whose reason is SERVICE_DISABLED. Default true.
   */
  policyAnalyzer?: boolean | 'service-disabled';
  /**
   * APIs disabled in this project: every call to one of them naming the project answers Google's
   * 403 for a disabled API (ErrorInfo reason SERVICE_DISABLED, metadata service and consumer).
   */
  disabledApis?: GcpApiName[];
  /**
   * The project's IAM policy (Cloud Resource Manager getIamPolicy; setIamPolicy replaces its
   * bindings and moves its etag on).
   */
  iamPolicy: GcpProjectPolicy;
  serviceAccounts: GcpServiceAccountEstate[];
}

export interface GcpKeyEstate {
  /**
   * The key as IAM v1 lists it. `name` is `projects/{project}/serviceAccounts/{email}/keys/{keyId}`;
   * the emulator derives it when absent. `keyType` is USER_MANAGED or SYSTEM_MANAGED.
   */
  key: GcpServiceAccountKey & { keyType: 'USER_MANAGED' | 'SYSTEM_MANAGED' };
  /** The key's id (the last segment of `name`). */
  keyId: string;
  /** When the key last authenticated (Policy Analyzer `lastAuthenticatedTime`); absent = no activity observed. */
  lastAuthenticatedTime?: string;
}

export interface GcpServiceAccountEstate {
  /** As IAM v1 lists it: email, uniqueId, displayName, description, disabled (name/projectId derived when absent). */
  account: GcpServiceAccount & { email: string; uniqueId: string };
  keys: GcpKeyEstate[];
  /** The service account's own IAM policy (who may act on it); empty when absent. */
  iamPolicy?: GcpServiceAccountPolicy;
}
