/**
 * The emulator contract: what a provider's `scanners/<id>/emulator/` gives the provider-neutral
 * kit so that `start-emulators.ts` and the estate generator loop over providers instead of naming
 * them. Each `scanners/<id>/emulator/index.ts` exports one `emulatedProvider`; the list of them is
 * `scanners/emulators.ts`.
 */
import type { BuildContext } from './generate/context.js';
import type { ScopeUsage } from './scoped-buckets.js';

/** A token bucket: the shape of AWS IAM's, GCP's per-minute quotas and Graph's throttling. */
export interface TokenBucketLimit {
  requestsPerSecond: number;
  burst: number;
}

/** What one emulator has answered so far: every request, and how many of them were throttled. */
export interface EmulatorTraffic {
  requests: number;
  throttled: number;
  /**
   * Charges admitted per rate-limit scope (account, project and API, token, tenant…, as the
   * provider's limit is scoped), with each scope's limit: a scan's rate-limit
   * lower bound is the busiest scope's (scoped-buckets.ts, rateLimitLowerBoundMs). Absent when
   * the emulator enforces no limit.
   */
  byScope?: Record<string, ScopeUsage>;
}

export interface EmulatorStartOptions<Limit> {
  /**
   * The port for the next server the emulator opens (one call per server, in a fixed order):
   * 0 = any free port; with a fixed `--port` each call gives the port after the last.
   */
  port(): number;
  /** Added latency per request, in milliseconds. */
  latencyMs: number;
  /** The provider's rate limit; none when absent (the emulator's own default applies). */
  rateLimit?: Limit;
}

/** A started emulator, and how a config reaches it. */
export interface StartedEmulator {
  /** `sources[]` entries for nhiscan.yaml, pointing at the emulator. */
  sources: Record<string, unknown>[];
  /** Environment variables the sources' `env:` references expect (fake credentials only). */
  env: Record<string, string>;
  /** Named endpoints (the provider id first), as `nhiscan emulate` lists them. */
  endpoints: Record<string, string>;
  /** The provider API's requests so far, throttled ones included. */
  traffic(): EmulatorTraffic;
  close(): Promise<void>;
}

/**
 * The provider's real rate-limit shape: what it documents (the emulator README cites the source)
 * and the `nhiscan emulate --rate-limit <id>.<key>=<number>` settings that change it.
 */
export interface RateLimitSettings<Limit> {
  /** The limit the provider documents, at its documented figures. */
  readonly real: Limit;
  /** Settings by key; each applies a number on top of a limit (`real` unless given another). */
  readonly keys: Readonly<
    Record<string, { readonly describe: string; apply(limit: Limit, value: number): Limit }>
  >;
  /** One line saying what a limit is and what it is scoped to (per account, per token…). */
  describe(limit: Limit): string;
}

/** The provider's part of a generated estate (`src/emulate/generate`). */
export interface EstateGenerator<Estate> {
  /**
   * The provider's share of the estate's credentials (0–1). The last provider in
   * `scanners/emulators.ts` takes the rest instead, so the shares always add up to the total.
   */
  readonly share: number;
  /** Writes `credentials` credentials, recording each in `context.facts`. */
  build(context: BuildContext, credentials: number): Estate;
  /** How many accounts (AWS accounts, organizations, projects, tenants) the estate has. */
  accounts(estate: Estate): number;
}

/**
 * One emulated provider. `Id` is both the scanner's `type` (its folder under scanners/) and the
 * key of its part in an estate file; `Estate` is that part's shape; `Limit` its rate limit's.
 * Methods (not function properties), so that a list of providers widens to `EmulatedProvider`.
 */
export interface EmulatedProvider<Id extends string = string, Estate = unknown, Limit = unknown> {
  readonly id: Id;
  /** Starts the emulator on 127.0.0.1, serving `estate` live (revocations change it). */
  start(estate: Estate, options: EmulatorStartOptions<Limit>): Promise<StartedEmulator>;
  readonly generator: EstateGenerator<Estate>;
  /** The provider's rate-limit shape (issue 24: every emulator gets one). */
  readonly rateLimits?: RateLimitSettings<Limit>;
}

/** The estate part an emulated provider serves. */
export type EstateOf<P> = P extends EmulatedProvider<string, infer Estate, infer _Limit> ? Estate : never;
/** The rate limit an emulated provider takes. */
export type RateLimitOf<P> = P extends EmulatedProvider<string, infer _Estate, infer Limit> ? Limit : never;
