/**
 * Graph errors (`{error: {code, message, innerError}}`) and naming a failed call:
 * `azure: GET /v1.0/applications failed for tenant T: 403 Authorization_RequestDenied: …`.
 */
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
