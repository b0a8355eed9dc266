/** The Okta emulator's options, request log and handle. */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { OktaArea, OktaEstate } from './estate.js';
import type { OktaBucket, OktaRateLimit } from './rate-limit.js';

export interface OktaEmulatorOptions {
  estate: OktaEstate;
  /** 0 (default): any free port. */
  port?: number;
  latencyMs?: number;
  /** Okta's per-endpoint limits (OKTA_REAL_RATE_LIMIT: its figures); none, and no headers, when absent. */
  rateLimit?: OktaRateLimit;
  /** API tokens per page (Okta's default is 20; the client asks for no other). */
  apiTokenPageSize?: number;
  /** The limits' clock (tests may fix it). */
  now?: () => number;
}

export interface OktaRequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  bucket: OktaBucket;
  /** The area the route reads or changes; absent for an unknown route or a refused token. */
  area?: OktaArea;
  /** Set when the request was refused by the rate limit (or a queued throttle). */
  throttled?: true;
}

export interface OktaEmulator {
  /** https://127.0.0.1:PORT, the org URL. */
  orgUrl: string;
  /** The server's self-signed certificate (PEM): the CA a client trusts. */
  caCertificatePem: string;
  estate: OktaEstate;
  requestLog: OktaRequestLogEntry[];
  throttledCount: number;
  /** Answers the next `count` requests 429 as if their bucket were spent (the window resets in a second). */
  throttleNext(count: number): void;
  usage(): Record<string, ScopeUsage>;
  readonly inFlight: number;
  readonly openConnections: number;
  close(): Promise<void>;
}
