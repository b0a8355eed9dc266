/**
 * Reading Kubernetes API errors (the client's ApiException: `code` is the HTTP status, `body` the
 * API server's Status object or its text), naming a failed call and judging one: which errors a
 * later attempt may get past.
 */
import { STATUS_CODES } from 'node:http';
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';

interface ApiExceptionLike {
  code?: unknown;
  body?: unknown;
  message?: unknown;
}

/** The HTTP status of a failed call; undefined when no response arrived. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as ApiExceptionLike | null)?.code;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/** The Status `message` (or reason) the API server sent, when the body holds one. */
function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return body.trim() || undefined;
    }
  }
  const status = parsed as { message?: unknown; reason?: unknown } | null;
  if (typeof status?.message === 'string') return status.message;
  if (typeof status?.reason === 'string') return status.reason;
  return undefined;
}

/** One line for a failed call: `403: secrets is forbidden: …`, `401 Unauthorized`, or the error's message. */
export function describeKubernetesError(error: unknown): string {
  const status = statusOf(error);
  if (status !== undefined) {
    const message = statusMessage((error as ApiExceptionLike).body);
    // The client keeps no body for some statuses (401): the status line names it then.
    return redact(message ? `${status}: ${message}` : `${status} ${STATUS_CODES[status] ?? 'HTTP error'}`);
  }
  return redact(error instanceof Error ? error.message : String(error));
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;
/** 409: here, a uid precondition that no longer holds. */
export const isConflict = (error: unknown): boolean => statusOf(error) === 409;

/** 429 (API priority and fairness), a 5xx, or a dropped connection: worth another attempt. */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const status = statusOf(link);
    if (status !== undefined && (status === 429 || status >= 500)) return true;
  }
  return isConnectionFailure(error);
}

export function kubernetesFailure(operation: string, context: string, error: unknown): ProviderError {
  return new ProviderError(
    'kubernetes',
    operation,
    `for context ${context}: ${describeKubernetesError(error)}`,
    { cause: error },
  );
}
