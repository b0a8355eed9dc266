/** One place to name a failed AWS call: `aws: iam.ListAccessKeys failed for account 1234…: reason`. */
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
