/** The public shape of the GitLab emulator: what it is started with and what a test can observe. */

import type { FaultMatch } from '../../../src/emulate/fault-plan.js';
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { GitlabEstate } from './estate.js';

/**
 * GitLab's rate limit per user (GitLab.com: authenticated API traffic, 2,000 requests a minute),
 * enforced as a token bucket of `perMinute` tokens refilled evenly over the minute.
 */
export interface GitlabRateLimit {
  perMinute: number;
}

export interface GitlabEmulatorOptions {
  /** Served live: revocations change this very object. */
  estate: GitlabEstate;
  /** 0 or absent = a random free port. */
  port?: number;
  /** Wait this long before answering every request. */
  latencyMs?: number;
  /** None unless given. */
  rateLimit?: GitlabRateLimit;
  /** The rate limit's clock (epoch ms); Date.now unless given. */
  now?: () => number;
  /** Injected failures, checked in order; the first rule that matches a request decides. */
  faults?: FaultRule[];
}

/** A fault: when it applies (FaultMatch; its path as sent, percent-encoded, without the query). */
export interface FaultRule extends FaultMatch {
  /** The status to answer with (a GitLab JSON error body); 429 answers carry Retry-After. */
  status: number;
}

export interface RequestLogEntry {
  method: string;
  /** The path as sent, without the query string (e.g. `/api/v4/groups/acme%2Fplatform`). */
  path: string;
  /** The route it resolved to, e.g. `GET /groups/:id/access_tokens`; '' when none. */
  route: string;
  query: Record<string, string>;
  status: number;
  throttled?: true;
  fault?: true;
}

export interface GitlabEmulator {
  /** http://127.0.0.1:PORT, the `host` the client is given (it adds /api/v4). */
  endpoint: string;
  requestLog: RequestLogEntry[];
  throttledCount: number;
  usage(): Record<string, ScopeUsage>;
  estate: GitlabEstate;
  /** Replaces the fault rules from the next request on (none: `[]`). */
  injectFaults(rules: FaultRule[]): void;
  readonly inFlight: number;
  close(): Promise<void>;
}
