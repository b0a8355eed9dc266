/**
 * One error type for everything the emulator refuses, rendered as Google's JSON error
 * (`{ error: { code, message, status, details } }`, the google.rpc.Status mapping), with the
 * `details` Google adds: ErrorInfo on 401/403/429, Help on 429 and on a disabled API (with its
 * LocalizedMessage), BadRequest on bad arguments.
 */

export type GoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'UNAVAILABLE';

export interface GoogleErrorDetail {
  '@type': string;
  [field: string]: unknown;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; status: GoogleStatus; details?: GoogleErrorDetail[] };
}

export const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
export const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
export const HELP = 'type.googleapis.com/google.rpc.Help';
export const LOCALIZED_MESSAGE = 'type.googleapis.com/google.rpc.LocalizedMessage';

export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: GoogleStatus,
    message: string,
    readonly details: GoogleErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }

  body(): GoogleErrorBody {
    const error: GoogleErrorBody['error'] = { code: this.code, message: this.message, status: this.status };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

/** Where a method lives, as Google's ErrorInfo metadata names it. */
export interface RpcName {
  /** e.g. `google.iam.admin.v1.IAM.ListServiceAccounts` */
  method: string;
  /** e.g. `iam.googleapis.com` */
  service: string;
}

const SIGN_IN_HELP = 'See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const REALM = 'Bearer realm="https://accounts.google.com/"';

/** No `Authorization: Bearer …` header at all. */
export const credentialsMissing = (rpc: RpcName) =>
  new GoogleApiError(
    401,
    'UNAUTHENTICATED',
    `Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SIGN_IN_HELP}`,
    [{ '@type': ERROR_INFO, reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { ...rpc } }],
    { 'www-authenticate': REALM },
  );

/** A bearer token that is not the estate's. */
export const invalidCredentials = (rpc: RpcName) =>
  new GoogleApiError(
    401,
    'UNAUTHENTICATED',
    `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SIGN_IN_HELP}`,
    [
      {
        '@type': ERROR_INFO,
        reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
        domain: 'googleapis.com',
        metadata: { ...rpc },
      },
    ],
    { 'www-authenticate': `${REALM}, error="invalid_token"` },
  );

/**
 * IAM's wording names no resource: `Permission 'iam.serviceAccounts.list' denied on resource (or it
 * may not exist).`; other services name it: `… denied on resource '//cloudresourcemanager.googleapis.com/projects/p' (or it may not exist).`
 */
export function permissionDenied(permission: string, domain: string, resource?: string): GoogleApiError {
  const on = resource === undefined ? 'resource' : `resource '${resource}'`;
  return new GoogleApiError(
    403,
    'PERMISSION_DENIED',
    `Permission '${permission}' denied on ${on} (or it may not exist).`,
    [{ '@type': ERROR_INFO, reason: 'IAM_PERMISSION_DENIED', domain, metadata: { permission } }],
  );
}

/**
 * What Google answers when the called API is disabled in the consumer project: 403
 * PERMISSION_DENIED with an ErrorInfo whose reason is SERVICE_DISABLED, naming the service, the
 * consumer (`projects/NUMBER`) and where to enable it.
 */
export function serviceDisabled(service: string, title: string, projectNumber: string): GoogleApiError {
  const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${projectNumber}`;
  const message = `${title} has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
  return new GoogleApiError(403, 'PERMISSION_DENIED', message, [
    {
      '@type': ERROR_INFO,
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      metadata: {
        service,
        consumer: `projects/${projectNumber}`,
        activationUrl,
        containerInfo: projectNumber,
        serviceTitle: title,
      },
    },
    { '@type': LOCALIZED_MESSAGE, locale: 'en-US', message },
    {
      '@type': HELP,
      links: [{ description: 'Google developers console API activation', url: activationUrl }],
    },
  ]);
}

/**
 * setIamPolicy with an etag that is not the policy's current one: someone changed the policy since
 * it was read (409 ABORTED; the caller repeats the whole read-modify-write).
 */
export const concurrentPolicyChange = (given: string, current: string) =>
  new GoogleApiError(
    409,
    'ABORTED',
    `There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff. The request's ETag '${given}' did not match the current policy's ETag '${current}'.`,
  );

export const notFound = (message: string) => new GoogleApiError(404, 'NOT_FOUND', message);

/** A bad argument: Google's message, and a BadRequest detail naming the field when one is known. */
export function invalidArgument(message: string, field?: string, description = message): GoogleApiError {
  return new GoogleApiError(
    400,
    'INVALID_ARGUMENT',
    message,
    field === undefined ? [] : [{ '@type': BAD_REQUEST, fieldViolations: [{ field, description }] }],
  );
}

/** What IAM has been seen answering to deleting a key that is already gone (uc-cdis/fence#868). */
export const preconditionFailed = () =>
  new GoogleApiError(400, 'FAILED_PRECONDITION', 'Precondition check failed.');

/** What ESF answers when a query parameter does not parse as its declared type. */
export const invalidValue = (field: string, type: string, value: string) =>
  invalidArgument(`Invalid value at '${field}' (${type}), "${value}"`, field);

export interface QuotaExceeded {
  /** e.g. `iam.googleapis.com` */
  service: string;
  kind: 'Read' | 'Write';
  /** The consumer project's number. */
  consumer: string;
  /** The limit's value, per minute. */
  perMinute: number;
}

export function quotaExceeded(quota: QuotaExceeded): GoogleApiError {
  const { service, kind, consumer } = quota;
  return new GoogleApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${kind} requests' and limit '${kind} requests per minute' of service '${service}' for consumer 'project_number:${consumer}'.`,
    [
      {
        '@type': ERROR_INFO,
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          consumer: `projects/${consumer}`,
          quota_limit: `${kind}RequestsPerMinutePerProject`,
          quota_limit_value: String(quota.perMinute),
          quota_location: 'global',
          quota_metric: `${service}/${kind.toLowerCase()}_requests`,
          service,
        },
      },
      {
        '@type': HELP,
        links: [
          {
            description: 'Request a higher quota limit.',
            url: 'https://cloud.google.com/docs/quotas/help/request_increase',
          },
        ],
      },
    ],
  );
}

export const unavailable = () =>
  new GoogleApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
