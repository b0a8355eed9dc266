/**
 * The token endpoint's refusals, rendered as the Microsoft identity platform renders them:
 * `{ error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri }`, the
 * description starting `AADSTSnnnn:` and ending with the trace id, correlation id and timestamp.
 */

export interface StsErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  /** `2024-05-01 09:30:00Z` */
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export interface StsErrorContext {
  traceId: string;
  correlationId: string;
  at: Date;
  /** The authority host, for `error_uri`. */
  origin: string;
}

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
    this.name = 'StsError';
  }

  body(context: StsErrorContext): StsErrorBody {
    const timestamp = context.at
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d{3}Z$/, 'Z');
    return {
      error: this.error,
      error_description: `${this.message}\r\nTrace ID: ${context.traceId}\r\nCorrelation ID: ${context.correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: context.traceId,
      correlation_id: context.correlationId,
      error_uri: `${context.origin}/error?code=${this.code}`,
    };
  }
}

/** Token request for a tenant that does not exist (by id or domain). */
export const tenantNotFound = (tenant: string, error = 'invalid_request') =>
  new StsError(
    400,
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );

export const missingParameter = (name: string) =>
  new StsError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );

export const unsupportedGrantType = () =>
  new StsError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');

export const unknownClient = (clientId: string, domain: string) =>
  new StsError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const missingClientSecret = () =>
  new StsError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );

export const invalidClientSecret = (clientId: string) =>
  new StsError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

export const scopeNotDefault = (scope: string) =>
  new StsError(
    400,
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );

export const resourceNotFound = (resource: string, domain: string) =>
  new StsError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${domain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
