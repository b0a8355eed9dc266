/** The public shape of the GitHub emulator: what it is started with and what a test can observe. */

import type { FaultMatch } from '../../../src/emulate/fault-plan.js';
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { GithubEstate } from './estate.js';

export interface GithubEmulatorOptions {
  /** Served live: revoke calls mutate this very object. */
  estate: GithubEstate;
  /** 0 or absent = a random free port. */
  port?: number;
  /** Wait this long before answering every request (successes and errors alike). */
  latencyMs?: number;
  /** Primary rate limit, per resource (`core` for REST, `graphql`); default 5,000 per hour. */
  rateLimit?: PrimaryRateLimitOptions;
  /** Secondary rate limits; none unless given. */
  secondaryRateLimit?: SecondaryRateLimitOptions;
  /**
   * More tokens accepted besides `estate.token` (same viewer, fake). Rate limits are per token:
   * each has its own primary budgets, points windows and requests in flight.
   */
  moreTokens?: string[];
  /** The clock of the rate limits (epoch ms); Date.now unless given (tests fix it). */
  now?: () => number;
  /** Injected failures, checked in order; the first rule that matches a request decides. */
  faults?: FaultRule[];
}

export interface PrimaryRateLimitOptions {
  /** Requests per window and resource. */
  limit: number;
  /** Window length; `x-ratelimit-reset` is its end in epoch seconds. Default one hour. */
  windowMs?: number;
  /** Status of an over-limit REST answer: 403 (default, what GitHub mostly sends) or 429. */
  status?: 403 | 429;
}

export interface SecondaryRateLimitOptions {
  /** Every Nth authenticated request (counted from 1) is refused. */
  everyNth?: number;
  /** More than `max` requests within any `windowMs` are refused. */
  burst?: { max: number; windowMs: number };
  /** More than this many requests in flight at once are refused (GitHub documents 100). */
  maxConcurrent?: number;
  /**
   * Points a token may spend per window and API (GitHub: 900 a minute for REST, 2,000 for GraphQL;
   * REST GET/HEAD/OPTIONS and GraphQL queries cost 1, other REST methods and mutations 5). The
   * request that would go over is refused with `retry-after` = the seconds until enough points
   * leave the window; a refused request spends none.
   */
  points?: { rest: number; graphql: number; windowMs?: number };
  /** The `retry-after` header of every other secondary refusal, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** 403 (default) or 429. */
  status?: 403 | 429;
}

/**
 * GitHub's whole limit shape for one token: the primary budget per window and resource, and the
 * secondary limits (`nhiscan emulate --rate-limit github…`, rate-limit-settings.ts).
 */
export interface GithubRateLimit extends PrimaryRateLimitOptions {
  secondary?: SecondaryRateLimitOptions;
}

/** A fault: when it applies (FaultMatch; its path as sent, before alias resolution) and what it does. */
export interface FaultRule extends FaultMatch {
  /**
   * What happens: `status` answers with `status` (default 502) and a JSON error; `hang` never
   * answers (a client timeout); `reset` drops the connection; `truncate` sends the headers and half
   * of the real body, then drops the connection.
   */
  action?: 'status' | 'hang' | 'reset' | 'truncate';
  status?: number;
}

export interface RequestLogEntry {
  method: string;
  /** The path as sent, without the query string (e.g. `/organizations/1001/members`). */
  path: string;
  /** The route it resolved to, e.g. `GET /orgs/{org}/members`; '' when none. */
  route: string;
  query: Record<string, string>;
  /** The answer's status; 0 when a fault dropped the connection. */
  status: number;
  /** The parsed JSON body of a POST (GraphQL `{ query, variables }` included). */
  body?: unknown;
  /** Set when a rate limit refused the request. */
  throttled?: 'primary' | 'secondary';
  /** Set when a fault rule answered. */
  fault?: FaultRule['action'];
}

export interface GithubEmulator {
  /** http://127.0.0.1:PORT — the REST base URL (Octokit `baseUrl`), as https://api.github.com. */
  endpoint: string;
  /** `${endpoint}/graphql`, where `octokit.graphql` posts. */
  graphqlUrl: string;
  /** Every request, rejected ones included, in arrival order. */
  requestLog: RequestLogEntry[];
  /** Requests refused by a rate limit (primary and secondary). */
  throttledCount: number;
  throttled: { primary: number; secondary: number };
  /** What each token's limits admitted so far: primary requests by resource, secondary points by API. */
  usage(): Record<string, ScopeUsage>;
  estate: GithubEstate;
  /** Requests received and not yet answered (a write is applied before the latency wait). */
  readonly inFlight: number;
  /** Client connections still open. */
  readonly openConnections: number;
  close(): Promise<void>;
}
