/**
 * One error type for everything Graph refuses, rendered as Graph renders it:
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`.
 */

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: {
      /** `2024-05-01T09:30:00`: Graph's innerError date has neither fraction nor zone. */
      date: string;
      'request-id': string;
      'client-request-id': string;
    };
  };
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }

  body(ids: RequestIds, at: Date): GraphErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: {
          date: at.toISOString().slice(0, 19),
          'request-id': ids.requestId,
          'client-request-id': ids.clientRequestId,
        },
      },
    };
  }
}

/** A 401, with the challenge Graph sends (its authorization_uri on the emulator's authority). */
export const invalidAuthenticationToken = (message: string, authorityHost: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate': `Bearer realm="", authorization_uri="${authorityHost}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  });

export const insufficientPrivileges = () =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

export const resourceNotFound = (ref: string) =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** Graph's OData layer refusing a request (unknown segment, property or query option). */
export const badRequest = (message: string) => new GraphError(400, 'BadRequest', message);

/** The directory refusing a request it understood. */
export const requestBadRequest = (message: string) => new GraphError(400, 'Request_BadRequest', message);

export const unsupportedQuery = (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message);

export const segmentNotFound = (segment: string) =>
  badRequest(`Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = () =>
  new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

export const unreadableJson = () =>
  badRequest(
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );

export const tooManyRequests = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new GraphError(429, 'TooManyRequests', 'Too many requests.', {
    'retry-after': String(retryAfterSeconds),
    ...headers,
  });

export const serviceNotAvailable = () =>
  new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Try again later.');
