/**
 * Graph errors (`{error: {code, message, innerError}}`), naming a failed call
 * (`azure: GET /v1.0/applications failed for tenant T: 403 Authorization_RequestDenied: …`) and
 * judging one: which errors a later attempt may get past.
 */
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';

export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly call: string,
  ) {
    super(`${status} ${code}: ${redact(message)}`);
  }
}

export function isGraphStatus(error: unknown, status: number): boolean {
  return error instanceof GraphError && error.status === status;
}

/**
 * Whether a failed call is worth another attempt: Graph answered 429 (throttled) or a 5xx, or the
 * connection failed or timed out. The Graph client has already retried these within the call
 * (honouring Retry-After); a 4xx such as 403 Authorization_RequestDenied never is.
 */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link instanceof GraphError && (link.status === 429 || link.status >= 500)) return true;
  }
  return isConnectionFailure(error);
}

export function describeError(error: unknown): string {
  if (error instanceof GraphError) return error.message;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(message);
}

export function azureFailure(call: string, tenantId: string, error: unknown): ProviderError {
  return new ProviderError('azure', call, `for tenant ${tenantId}: ${describeError(error)}`, {
    cause: error,
  });
}
