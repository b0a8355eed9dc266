/**
 * Okta's error answers as its Management API sends them: `{ errorCode, errorSummary, errorLink,
 * errorId, errorCauses }` with the status Okta uses for each code.
 */
import { randomBytes } from 'node:crypto';

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export class OktaEmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: readonly string[] = [],
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: `oae${randomBytes(11).toString('base64url')}`,
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

export const invalidToken = () => new OktaEmulatorError(401, 'E0000011', 'Invalid token provided');
export const forbidden = () =>
  new OktaEmulatorError(403, 'E0000006', 'You do not have permission to perform the requested action');
export const notFound = (what: string) =>
  new OktaEmulatorError(404, 'E0000007', `Not found: Resource not found: ${what}`);
export const rateLimited = () =>
  new OktaEmulatorError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
export const invalidRequest = (cause: string) =>
  new OktaEmulatorError(400, 'E0000001', 'Api validation failed: invalid request', [cause]);
export const unknownRoute = () =>
  new OktaEmulatorError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
