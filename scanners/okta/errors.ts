/**
 * Reading Okta's errors as the official client throws them (OktaApiError: `status`, `errorCode`,
 * `errorSummary`, `errorCauses`; HttpError: `status` and the body text), naming a failed call and
 * judging one: which errors a later attempt may get past.
 */
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';

interface OktaErrorLike {
  status?: unknown;
  errorCode?: unknown;
  errorSummary?: unknown;
  errorCauses?: unknown;
  message?: unknown;
}

/** The HTTP status of a failed call; undefined when no response arrived. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as OktaErrorLike | null)?.status;
  return typeof status === 'number' && status >= 100 && status < 600 ? status : undefined;
}

function causesOf(error: OktaErrorLike): string {
  if (!Array.isArray(error.errorCauses)) return '';
  const texts = error.errorCauses
    .map((cause) => (cause as { errorSummary?: unknown })?.errorSummary)
    .filter((text): text is string => typeof text === 'string' && text !== '');
  return texts.length > 0 ? ` (${texts.join('; ')})` : '';
}

/** One line for a failed call: `403 E0000006: You do not have permission…`, or the error's message. */
export function describeOktaError(error: unknown): string {
  const status = statusOf(error);
  const okta = error as OktaErrorLike;
  if (status !== undefined && typeof okta.errorCode === 'string')
    return redact(`${status} ${okta.errorCode}: ${String(okta.errorSummary ?? '')}${causesOf(okta)}`);
  if (status !== undefined) return redact(`${status} ${String(okta.message ?? '')}`.trim());
  return redact(error instanceof Error ? error.message : String(error));
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/**
 * The org's token endpoint refused a service app's token request. The client 8.1.0 does not check
 * that answer itself (its OAuth reads any body as the token and sends `Bearer undefined`), so the
 * executor throws this instead. It has no `status`: the client must not retry it as an expired token.
 */
export class TokenRequestRefused extends Error {
  override readonly name = 'TokenRequestRefused';
  constructor(
    readonly httpStatus: number,
    error: string,
    description: string,
  ) {
    super(
      `Okta refused the service app's access request (POST /oauth2/v1/token): ${httpStatus} ${error}: ${description}`,
    );
  }
}

/** 429 (past the executor's own retries), a 5xx, or a dropped connection: worth another attempt. */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const status = link instanceof TokenRequestRefused ? link.httpStatus : statusOf(link);
    if (status !== undefined && (status === 429 || status >= 500)) return true;
  }
  return isConnectionFailure(error);
}

export function oktaFailure(operation: string, host: string, error: unknown): ProviderError {
  return new ProviderError('okta', operation, `for org ${host}: ${describeOktaError(error)}`, {
    cause: error,
  });
}
