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

export function describeGoogleError(error: unknown): string {
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

/**
 * The API a 403 says is disabled in the consumer project (an ErrorInfo with reason
 * SERVICE_DISABLED, its `metadata.service`, e.g. `policyanalyzer.googleapis.com`); undefined for any
 * other error, a missing permission included.
 */
export function disabledService(error: unknown): string | undefined {
  const candidate = (error ?? {}) as GaxiosLike;
  if (googleError(error).httpStatus !== 403) return undefined;
  const body = candidate.response?.data as { error?: { details?: unknown } } | undefined;
  const details = Array.isArray(body?.error?.details) ? (body.error.details as unknown[]) : [];
  for (const detail of details) {
    const info = detail as { '@type'?: unknown; reason?: unknown; metadata?: { service?: unknown } };
    if (info?.['@type'] !== ERROR_INFO || info.reason !== 'SERVICE_DISABLED') continue;
    return typeof info.metadata?.service === 'string' ? info.metadata.service : 'the called API';
  }
  return undefined;
}

export function isPermissionDenied(error: unknown): boolean {
  return googleError(error).httpStatus === 403;
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
