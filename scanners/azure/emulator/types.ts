/** The public shape of the Entra emulator: what it is started with and what a test can observe. */

import type { TokenBucketLimit } from '../../../src/emulate/emulated-provider.js';
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { AzureEstate } from './estate.js';
import type { GraphThrottleLimit } from './throttle.js';

/** Which of the two servers answered: the token endpoint (HTTPS) or Microsoft Graph (HTTP). */
export type AzureServer = 'token' | 'graph';

export type GraphVersion = 'v1.0' | 'beta';

/** A Graph operation the emulator serves. */
export type GraphOperation =
  | 'applications.list'
  | 'applications.get'
  | 'applications.owners'
  | 'applications.removePassword'
  | 'applications.update'
  | 'servicePrincipals.list'
  | 'servicePrincipals.get'
  | 'servicePrincipals.owners'
  | 'servicePrincipals.appRoleAssignments'
  | 'servicePrincipals.update'
  | 'servicePrincipals.removePassword'
  | 'users.list'
  | 'users.get'
  | 'users.update'
  | 'users.revokeSignInSessions'
  | 'reports.appCredentialSignInActivities';

/** A token-server operation. */
export type TokenOperation = 'token' | 'openid-configuration' | 'jwks';

/** Graph's limit shape (resource units per app and tenant) or a plain request-count token bucket. */
export type GraphRateLimit = GraphThrottleLimit | TokenBucketLimit;

export const isGraphThrottleLimit = (limit: GraphRateLimit): limit is GraphThrottleLimit =>
  'resourceUnits' in limit;

/** The operation a request resolved to; `unknown` when no route matched. */
export type AzureOperation = GraphOperation | TokenOperation | 'unknown';

export interface AzureEmulatorOptions {
  /** Served live: removePassword, PATCH and revokeSignInSessions mutate this very object. */
  estate: AzureEstate;
  /** Graph's port; 0 or absent = a random free port. */
  graphPort?: number;
  /** The token endpoint's port; 0 or absent = a random free port. */
  tokenPort?: number;
  /** Wait this long before every answer of either server (successes and errors alike). */
  latencyMs?: number;
  /**
   * Graph's throttling; an over-limit request answers 429 TooManyRequests with Retry-After and is
   * counted in throttledCount (the token endpoint is not limited). Either Graph's documented
   * identity-and-access shape (`GraphThrottleLimit`: resource units per app and tenant, throttle.ts;
   * `emulatedProvider.rateLimits.real` holds the documented figures), or a plain token bucket over
   * requests (every request costs 1), one per tenant.
   */
  rateLimit?: GraphRateLimit;
  /** The Retry-After of a 429 from the plain token bucket, in whole seconds; 1 by default. */
  retryAfterSeconds?: number;
  /** The clock of the resource-unit buckets, in ms (Date.now by default; tests fix it). */
  throttleClock?: () => number;
  /** Runs before each Graph answer is written: tests hold an answer until something else happened. */
  beforeAnswer?: (entry: AzureRequestLogEntry) => Promise<void>;
  faults?: {
    /** Every Nth Graph request that passes the rate limiter answers 503 serviceNotAvailable. */
    failEveryNth?: number;
  };
}

export interface AzureRequestLogEntry {
  server: AzureServer;
  method: string;
  /** The percent-decoded path, without the query string. */
  path: string;
  /** The query string, decoded (`%24top` is `$top`); a repeated parameter keeps its last value. */
  query: Record<string, string>;
  /** The answer's status. */
  status: number;
  /** Graph only: the version segment of the path, when it is one. */
  version?: GraphVersion;
  operation: AzureOperation;
  /** Graph: the caller's tenant (the token's `tid`); token server: the tenant segment of the path. */
  tenantId?: string;
  /** Graph writes: the JSON body as sent (never the token server's form, which holds the secret). */
  body?: unknown;
  /** Set when the rate limit refused the request. */
  throttled?: true;
  /** Set when `faults.failEveryNth` failed the request. */
  fault?: true;
}

export interface AzureEmulator {
  /** http://127.0.0.1:PORT (no trailing slash); paths are `/v1.0/…` and `/beta/…`. */
  graphEndpoint: string;
  /**
   * https://127.0.0.1:PORT (no trailing slash), for @azure/identity's `authorityHost` (with
   * `disableInstanceDiscovery: true` and `tlsOptions: { ca: caCertificatePem }`).
   */
  authorityHost: string;
  /** The token endpoint's self-signed certificate (PEM), made at start-up: the CA to trust. */
  caCertificatePem: string;
  /** Every request to either server, rejected ones included, in arrival order. */
  requestLog: AzureRequestLogEntry[];
  /** Graph requests refused by the rate limit. */
  throttledCount: number;
  /** Charges and quota of every rate-limit bucket so far (resource units per app and tenant…). */
  usage(): Record<string, ScopeUsage>;
  estate: AzureEstate;
  /** Requests received and not yet answered, on both servers (a write is applied before the latency wait). */
  readonly inFlight: number;
  /** Client connections still open, on both servers. */
  readonly openConnections: number;
  close(): Promise<void>;
}
