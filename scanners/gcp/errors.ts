/**
 * Reading Google API errors (`{error: {code, message, status}}`, surfaced by gaxios), naming a
 * failed call (`gcp: iam.serviceAccounts.keys.list failed for project acme-prod: 403 PERMISSION_DENIED: …`)
 * and judging one: which errors a later attempt may get past.
 */
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';

export interface GoogleErrorFacts {
  /** The HTTP status, when a response arrived. */
  httpStatus: number | undefined;
  /** Google's canonical status name: NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED… */
  status: string | undefined;
  message: string;
}

interface GaxiosLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown };
}

export function googleError(error: unknown): GoogleErrorFacts {
  const candidate = (error ?? {}) as GaxiosLike;
  const httpStatus = candidate.response?.status ?? candidate.status;
  const body = candidate.response?.data as { error?: { status?: unknown; message?: unknown } } | undefined;
  const status = typeof body?.error?.status === 'string' ? body.error.status : undefined;
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : error instanceof Error
        ? error.message
        : String(error);
  return { httpStatus: typeof httpStatus === 'number' ? httpStatus : undefined, status, message };
}

/**
 * One line for a failed call. A disabled API (403 with ErrorInfo SERVICE_DISABLED) is named as such,
 * never as a missing permission: no role would fix it.
 */
export function describeGoogleError(error: unknown): string {
  const disabled = disabledApi(error);
  if (disabled) return redact(disabledApiReason(disabled));
  const facts = googleError(error);
  const head = [facts.httpStatus, facts.status].filter((part) => part !== undefined).join(' ');
  return redact(head ? `${head}: ${facts.message}` : facts.message);
}

export function isNotFound(error: unknown): boolean {
  return googleError(error).httpStatus === 404;
}

export function isFailedPrecondition(error: unknown): boolean {
  const facts = googleError(error);
  return facts.httpStatus === 400 && facts.status === 'FAILED_PRECONDITION';
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

export interface DisabledApi {
  /** e.g. `iam.googleapis.com`. */
  service: string;
  /** The project the API is disabled in, as ErrorInfo's `metadata.consumer` names it (`projects/NUMBER` → NUMBER). */
  project: string | undefined;
}

/**
 * The API a 403 says is disabled in the consumer project (an ErrorInfo with reason
 * SERVICE_DISABLED, its `metadata.service` and `metadata.consumer`); undefined for any other
 * error, a missing permission included.
 */
export function disabledApi(error: unknown): DisabledApi | undefined {
  const candidate = (error ?? {}) as GaxiosLike;
  if (googleError(error).httpStatus !== 403) return undefined;
  const body = candidate.response?.data as { error?: { details?: unknown } } | undefined;
  const details = Array.isArray(body?.error?.details) ? (body.error.details as unknown[]) : [];
  for (const detail of details) {
    const info = detail as {
      '@type'?: unknown;
      reason?: unknown;
      metadata?: { service?: unknown; consumer?: unknown };
    };
    if (info?.['@type'] !== ERROR_INFO || info.reason !== 'SERVICE_DISABLED') continue;
    const consumer = typeof info.metadata?.consumer === 'string' ? info.metadata.consumer : undefined;
    return {
      service: typeof info.metadata?.service === 'string' ? info.metadata.service : 'the called API',
      project: consumer?.replace(/^projects\//, ''),
    };
  }
  return undefined;
}

/** `the API iam.googleapis.com is disabled in project 111111111111 (403 SERVICE_DISABLED): enable it there…` */
export function disabledApiReason(disabled: DisabledApi, fallbackProject?: string): string {
  const project = disabled.project ?? fallbackProject;
  const where = project ? `project ${project}` : 'the consumer project';
  return `the API ${disabled.service} is disabled in ${where} (403 SERVICE_DISABLED): enable it there, then retry; no permission would fix it`;
}

/** The service a 403 SERVICE_DISABLED names; undefined for any other error. */
export function disabledService(error: unknown): string | undefined {
  return disabledApi(error)?.service;
}

/** A 403 that a permission would fix: a disabled API (SERVICE_DISABLED) is not one. */
export function isPermissionDenied(error: unknown): boolean {
  return googleError(error).httpStatus === 403 && disabledApi(error) === undefined;
}

/** 409 ABORTED: setIamPolicy with an etag that is no longer current (someone changed the policy). */
export function isEtagConflict(error: unknown): boolean {
  const facts = googleError(error);
  return facts.httpStatus === 409 && (facts.status === undefined || facts.status === 'ABORTED');
}

/**
 * Whether a failed call is worth another attempt: Google answered 429 (RESOURCE_EXHAUSTED, a rate
 * quota) or a 5xx (INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED), or the connection failed or timed
 * out. gaxios has already retried these within the call; a 4xx such as 403 PERMISSION_DENIED or
 * 400 FAILED_PRECONDITION never is.
 */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const status = googleError(link).httpStatus;
    if (status !== undefined && (status === 429 || status >= 500)) return true;
  }
  return isConnectionFailure(error);
}

export function gcpFailure(operation: string, project: string, error: unknown): ProviderError {
  return new ProviderError('gcp', operation, `for project ${project}: ${describeGoogleError(error)}`, {
    cause: error,
  });
}
