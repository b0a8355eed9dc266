/**
 * Estate records → the APIs' own schemas. Like Google's proto3 JSON, unset fields are left out
 * (`disabled` appears only when true); key material (privateKeyData, publicKeyData) never does.
 */
import type { iam_v1 } from '@googleapis/iam';
import { KEY_LAST_AUTHENTICATION, type PolicyAnalyzerActivity } from '../policy-analyzer-types.js';
import type { GcpKeyEstate, GcpProjectEstate, GcpServiceAccountEstate } from './estate.js';

/** The etag IAM v1 reports on every service account (the field is deprecated). */
export const SERVICE_ACCOUNT_ETAG = 'MDEwMjE5MjA=';
/** The policy a service account without one answers: version 1, no bindings. */
export const EMPTY_POLICY_ETAG = 'ACAB';
export const USER_INITIATED = 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A copy without the null and undefined fields (proto3 JSON omits unset fields). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== null),
  ) as T;
}

export function serviceAccountOf(
  project: GcpProjectEstate,
  { account }: GcpServiceAccountEstate,
): iam_v1.Schema$ServiceAccount {
  return compact<iam_v1.Schema$ServiceAccount>({
    name: account.name ?? `projects/${project.projectId}/serviceAccounts/${account.email}`,
    projectId: account.projectId ?? project.projectId,
    uniqueId: account.uniqueId,
    email: account.email,
    displayName: account.displayName,
    etag: account.etag ?? SERVICE_ACCOUNT_ETAG,
    description: account.description,
    oauth2ClientId: account.oauth2ClientId ?? account.uniqueId,
    disabled: account.disabled === true ? true : undefined,
  });
}

export function keyName(
  project: GcpProjectEstate,
  account: GcpServiceAccountEstate,
  key: GcpKeyEstate,
): string {
  return (
    key.key.name ?? `projects/${project.projectId}/serviceAccounts/${account.account.email}/keys/${key.keyId}`
  );
}

export function serviceAccountKeyOf(
  project: GcpProjectEstate,
  account: GcpServiceAccountEstate,
  estateKey: GcpKeyEstate,
): iam_v1.Schema$ServiceAccountKey {
  const { key } = estateKey;
  const disabled = key.disabled === true;
  return compact<iam_v1.Schema$ServiceAccountKey>({
    name: keyName(project, account, estateKey),
    validAfterTime: key.validAfterTime,
    validBeforeTime: key.validBeforeTime,
    keyAlgorithm: key.keyAlgorithm,
    keyOrigin: key.keyOrigin,
    keyType: key.keyType,
    disabled: disabled ? true : undefined,
    disableReason: disabled ? key.disableReason : undefined,
    extendedStatus: key.extendedStatus?.length ? key.extendedStatus : undefined,
  });
}

/** `//iam.googleapis.com/projects/{project}/serviceAccounts/{email}/keys/{keyId}` */
export function keyFullResourceName(
  project: GcpProjectEstate,
  account: GcpServiceAccountEstate,
  key: GcpKeyEstate,
): string {
  return `//iam.googleapis.com/projects/${project.projectId}/serviceAccounts/${account.account.email}/keys/${key.keyId}`;
}

/**
 * A key's `serviceAccountKeyLastAuthentication` activity, as documented. The observation period is
 * the day that starts at the last authentication (Google reports that time at day granularity).
 */
export function keyActivityOf(
  project: GcpProjectEstate,
  account: GcpServiceAccountEstate,
  key: GcpKeyEstate & { lastAuthenticatedTime: string },
): PolicyAnalyzerActivity {
  const fullResourceName = keyFullResourceName(project, account, key);
  const start = Date.parse(key.lastAuthenticatedTime);
  return {
    activityType: KEY_LAST_AUTHENTICATION,
    fullResourceName,
    observationPeriod: {
      startTime: key.lastAuthenticatedTime,
      endTime: Number.isNaN(start)
        ? key.lastAuthenticatedTime
        : new Date(start + DAY_MS).toISOString().replace('.000Z', 'Z'),
    },
    activity: {
      lastAuthenticatedTime: key.lastAuthenticatedTime,
      serviceAccountKey: {
        fullResourceName,
        projectNumber: project.projectNumber,
        serviceAccountKeyId: key.keyId,
      },
    },
  };
}
