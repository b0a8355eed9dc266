/** The public shape of the GCP emulator: what it is started with and what a test can observe. */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { GcpApiName, GcpEstate } from './estate.js';
import type { GcpRateLimit } from './quotas.js';

/** The API a request is addressed to (by its path). */
export type GcpService = GcpApiName;

/** The operation a request resolved to; `unknown` when no route matched. */
export type GcpOperation =
  | 'serviceAccounts.list'
  | 'serviceAccounts.get'
  | 'serviceAccounts.disable'
  | 'serviceAccounts.getIamPolicy'
  | 'serviceAccounts.keys.list'
  | 'serviceAccounts.keys.get'
  | 'serviceAccounts.keys.disable'
  | 'serviceAccounts.keys.delete'
  | 'projects.getIamPolicy'
  | 'projects.setIamPolicy'
  | 'activities.query'
  | 'unknown';

export interface GcpEmulatorOptions {
  /** Served live: disable and delete calls mutate this very object. */
  estate: GcpEstate;
  /** 0 or absent = a random free port. */
  port?: number;
  /** Wait this long before answering every request (successes and errors alike). */
  latencyMs?: number;
  /**
   * Google's per-minute quotas over authenticated requests (quotas.ts; README "Rate limits"): one
   * bucket per (quota project, API, Read|Write), or with `{ requestsPerSecond, burst }` one bucket
   * for every request. An over-limit request answers 429 RESOURCE_EXHAUSTED (Google's quota
   * message, naming the consumer charged) and is counted in throttledCount.
   */
  rateLimit?: GcpRateLimit;
  faults?: {
    /** Every Nth request that passes the rate limiter answers 503 UNAVAILABLE. */
    failEveryNth?: number;
    /** Service account e-mails whose keys.list answers 403 PERMISSION_DENIED. */
    denyServiceAccountKeys?: string[];
    /**
     * Deleting a key that does not exist answers 400 FAILED_PRECONDITION "Precondition check
     * failed." instead of 404, as real IAM has been seen to do.
     */
    deleteGoneKeyFailsPrecondition?: boolean;
    /** Project ids whose Resource Manager getIamPolicy answers 403 PERMISSION_DENIED. */
    denyProjectIamPolicy?: string[];
    /**
     * The first N setIamPolicy calls meet a concurrent change: another writer moved the policy's
     * etag on since it was read, so they answer 409 ABORTED.
     */
    policyConflicts?: number;
  };
}

export interface GcpRequestLogEntry {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  service: GcpService;
  operation: GcpOperation;
  /** The project segment of the (percent-decoded) path: an id, a number or `-`; '' when there is none. */
  project: string;
  /** The query string; a repeated parameter (`keyTypes`) becomes an array. */
  query: Record<string, string | string[]>;
  /** The answer's status. */
  status: number;
  /** Set when the rate limit refused the request. */
  throttled?: true;
  /** Set when `faults.failEveryNth` failed the request. */
  fault?: true;
}

export interface GcpEmulator {
  /**
   * http://127.0.0.1:PORT (no trailing slash) — serves IAM, Resource Manager and Policy Analyzer
   * alike; the SDKs take it as `rootUrl: endpoint + '/'`.
   */
  endpoint: string;
  /** Every request, rejected ones included, in arrival order. */
  requestLog: GcpRequestLogEntry[];
  /** Requests refused by the rate limit. */
  throttledCount: number;
  /** Charges and limit of every quota bucket so far; empty without a rate limit. */
  usage(): Record<string, ScopeUsage>;
  estate: GcpEstate;
  /** Requests received and not yet answered (a write is applied before the latency wait). */
  readonly inFlight: number;
  /** Client connections still open. */
  readonly openConnections: number;
  close(): Promise<void>;
}
