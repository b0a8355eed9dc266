/** The public shape of the AWS emulator: what it is started with and what a test can observe. */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { AwsEstate } from './estate.js';

export type AwsService = 'iam' | 'sts' | 'organizations';

export interface AwsEmulatorOptions {
  /** Served live: revoke calls (Update* and Delete*) mutate this very object. */
  estate: AwsEstate;
  /** 0 or absent = a random free port. */
  port?: number;
  /** Wait this long before answering every request (successes and errors alike). */
  latencyMs?: number;
  /**
   * A token bucket per account and service (IAM, STS, Organizations), as AWS throttles: an
   * over-limit request answers 400 Throttling and is counted in throttledCount.
   */
  rateLimit?: { requestsPerSecond: number; burst: number };
  /**
   * Tests only: awaited before an admitted request is answered, so a test can hold one account's
   * call until it has seen another's (proving they run at once without timing anything).
   */
  hold?: (entry: RequestLogEntry) => Promise<void> | undefined;
  /** failEveryNth: every Nth request that passes the rate limiter answers 500 InternalFailure. */
  faults?: { failEveryNth?: number };
}

export interface RequestLogEntry {
  service: AwsService;
  /** The Query `Action`, or the operation after the dot of `X-Amz-Target`; '' when absent. */
  action: string;
  /** The account the signing key acts in; '' when the request was not authenticated. */
  accountId: string;
  /** Request parameters other than Action/Version, as strings; secrets are redacted. */
  params: Record<string, string>;
  /** Refused by the account's rate limit (400 Throttling). */
  throttled?: boolean;
}

export interface AwsEmulator {
  /** http://127.0.0.1:PORT — serves IAM, STS and Organizations alike. */
  endpoint: string;
  /** Every request, rejected ones included, in arrival order. */
  requestLog: RequestLogEntry[];
  throttledCount: number;
  /** Charges and limit of every rate-limit scope (`iam:ACCOUNT`, `sts:ACCOUNT`…) so far. */
  usage(): Record<string, ScopeUsage>;
  estate: AwsEstate;
  /** Requests received and not yet answered (a write is applied before the latency wait). */
  readonly inFlight: number;
  /**
   * Client connections still open. After a client process dies, its connections close only once
   * the server has read every byte it sent: 0 here and 0 in flight means no write can still land.
   */
  readonly openConnections: number;
  close(): Promise<void>;
}
