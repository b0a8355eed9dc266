/**
 * One place to name a failed AWS call (`aws: iam.ListAccessKeys failed for account 1234…: reason`)
 * and to judge one: which errors a later attempt may get past.
 */
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';

export function awsErrorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? 'Error';
}

export function isNoSuchEntity(error: unknown): boolean {
  return awsErrorName(error) === 'NoSuchEntity' || awsErrorName(error) === 'NoSuchEntityException';
}

export function isAccessDenied(error: unknown): boolean {
  return ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'].includes(awsErrorName(error));
}

export function awsFailure(operation: string, accountId: string, error: unknown): ProviderError {
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('aws', operation, `${awsErrorName(error)} for account ${accountId}: ${message}`, {
    cause: error,
  });
}

/** Error codes of a call refused for its rate (the AWS SDK's own list of throttling codes). */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** Error codes of a call the service failed to answer, whatever its status. */
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'ServiceFailure',
  'ServiceFailureException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

interface SdkErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

/**
 * Whether a failed call is worth another attempt: throttled (`Throttling: Rate exceeded`), a 5xx or
 * 429, an error the SDK marks retryable, or a connection that failed or timed out. AccessDenied,
 * NoSuchEntity, LimitExceeded (a quota, not a rate) and the like are not.
 */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const candidate = link as SdkErrorShape;
    const name = typeof candidate.name === 'string' ? candidate.name : '';
    if (THROTTLING_CODES.has(name) || UNAVAILABLE_CODES.has(name)) return true;
    const status = candidate.$metadata?.httpStatusCode;
    if (typeof status === 'number' && (status === 429 || status >= 500)) return true;
    if (candidate.$retryable) return true;
  }
  return isConnectionFailure(error);
}
