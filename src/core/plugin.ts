/**
 * The scanner plugin contract (baton-sdk style: a small core, optional abilities).
 *
 * A plugin lists pages of credentials and principals through async iteration, honouring an
 * AbortSignal. A page that could not be read fully is marked `partial` with a reason:
 * "could not look" is never "found nothing". Revoking is one optional ability, `revoker`: its
 * steps, the revoke and verify calls, and the judgement of which provider errors are worth a retry.
 * `test/scanners/contract.test.ts` checks every registered plugin against this contract.
 */
import type { z } from 'zod';
import type { Credential, Person, Principal } from './model.js';

export interface ScanContext {
  signal: AbortSignal;
  /** The run's "now" (`--as-of`). */
  asOf: Date;
  /** Directory relative paths in the source config resolve against (the config file's folder). */
  baseDir: string;
  /**
   * The HR records of this run, for a scanner that looks people up in the provider (the azure
   * scanner reads leavers' Entra users). Absent when a scanner runs outside a scan.
   */
  people?: readonly Person[];
  /** Human-readable progress; silent unless the CLI is on a TTY. */
  progress?: (message: string) => void;
  /**
   * A focused listing (a termination scan, `hr serve --on-terminate scan`): list only the
   * person-account records (downstream account checks) of these people, and nothing else. Given
   * only to a plugin that declares `personAccountKinds`; the merge then touches nothing else of the
   * source.
   */
  focus?: readonly Person[];
}

export interface PartialMark {
  /** What could not be read, e.g. `account 123456789012` or `repo acme/api deploy keys`. */
  scope: string;
  /** Why: permission denied, rate limited, 5xx, truncated page… */
  reason: string;
}

/**
 * A part of the source the provider does not offer for this scope, so nothing of these kinds can
 * exist there: e.g. SAML credential authorizations of a GitHub organization without SAML single
 * sign-on (the API answers 404). Unlike `partial` it does not make the scan incomplete (no exit 3):
 * it is listed with the source's problems, and stored credentials it covers (this account, one of
 * these kinds) are kept as unverified, never marked gone, because they were not listed.
 * Use it only when the provider says the feature is absent, never for a denied or failed call.
 */
export interface UnsupportedMark extends PartialMark {
  /** The account (AWS account, GitHub org…) the mark covers. */
  account: string;
  /** The credential kinds that cannot exist in that account. */
  kinds: readonly string[];
}

export interface ScanPage {
  credentials: Credential[];
  principals: Principal[];
  /** Present when some of what this page should cover could not be read. */
  partial?: PartialMark;
  /** Present when a part of the source is not offered by the provider here (see UnsupportedMark). */
  unsupported?: UnsupportedMark;
}

/**
 * - `disable`: reversible; only this credential stops working.
 * - `delete`: irreversible.
 * - `disable-principal`: reversible, but stops the whole principal (a GCP service account, an Entra
 *   service principal): every sibling credential and every workload running as it. A request with
 *   this step always needs approval.
 * - `revoke-sessions`: ends the sign-in sessions of the human owner; needs approval.
 * - `manual`: a person acts, then confirms.
 */
export type RevokeStep = 'disable' | 'delete' | 'disable-principal' | 'revoke-sessions' | 'manual';

/** Steps that reach beyond the one credential, so a request holding one is never automatic. */
export const STEPS_NEEDING_APPROVAL: readonly RevokeStep[] = ['disable-principal', 'revoke-sessions'];

export type RevokeOutcome =
  | 'revoked'
  | 'already-revoked'
  | 'planned'
  /** Nothing can be done through an API: a person must act, then confirm (`queue confirm`). */
  | 'waiting-for-human';

export interface RevokeResult {
  outcome: RevokeOutcome;
  /** The exact provider call made (or that would be made), e.g. `iam:UpdateAccessKey Status=Inactive`. */
  apiCall: string;
  detail?: string;
  /** For `waiting-for-human`: what the person has to do. */
  manualTask?: { instructions: string };
}

export interface VerifyResult {
  /** Whether the credential can still be used, as re-read from the provider. `unknown` if it could not be read. */
  usable: boolean | 'unknown';
  /** Whether it still exists at all (an inactive key exists but is not usable). `unknown` if it could not be read. */
  exists: boolean | 'unknown';
  detail?: string;
}

export interface RevokeOptions {
  dryRun: boolean;
  signal: AbortSignal;
  /**
   * The executor's "now" (its clock, `--as-of` in tests), for a revoker that writes a date into the
   * provider (a Kubernetes token's invalid-since label). Absent where no executor runs: the wall clock.
   */
  now?: Date;
}

/**
 * The revoke ability of a scanner (baton-sdk keeps its abilities apart the same way). A scanner
 * without one has credentials that can only be revoked by hand: each becomes a manual task that a
 * person confirms. Dry run, approvals, guards, notices, retries and write-ahead records belong to
 * the executor (src/queue), never to the revoker.
 */
export interface Revoker {
  /**
   * The steps, in order, that revoke this credential, e.g. `['disable', 'delete']` (disable is
   * reversible, delete is not), `['delete']` when the provider has no disable, or `['manual']` when
   * a person has to act.
   */
  steps(credential: Credential): RevokeStep[];
  /**
   * Acts on exactly this credential (or, for `disable-principal`, its principal). Idempotent:
   * already gone or inactive is `already-revoked`. A dry run makes no provider call and returns
   * `planned` with the exact `apiCall`; a `manual` step returns `waiting-for-human` with instructions.
   */
  revoke(credential: Credential, step: RevokeStep, options: RevokeOptions): Promise<RevokeResult>;
  /**
   * Re-reads the credential from the provider. Absent only for a revoker whose every step is
   * `manual` (inventory-file): a person acts and confirms, so there is no provider to re-read.
   */
  verify?(credential: Credential, context: ScanContext): Promise<VerifyResult>;
  /**
   * Whether an error thrown by `revoke` is worth another attempt (throttled, a 5xx, a dropped
   * connection): the scanner's `errors.ts` knows its provider's errors. The executor retries these a
   * few times with backoff; any other error fails the step at once.
   */
  isTransient(error: unknown): boolean;
}

/** A configured scanner for one source. */
export interface Scanner {
  /**
   * The source's pages. Once `context.signal` is aborted it yields no further page, calls the
   * provider no more and rejects, even after its last page: a cancelled listing never ends as if
   * it were complete.
   */
  list(context: ScanContext): AsyncIterable<ScanPage>;
  /** Absent: every credential of this source is revoked by hand (a manual task). */
  revoker?: Revoker;
}

export interface PluginPermissions {
  /** Provider permissions needed to scan (read-only). */
  scan: readonly string[];
  /**
   * Provider permissions needed to revoke. Empty when the plugin revokes nothing through an API
   * (no revoker, or one whose steps are all `manual`).
   */
  revoke: readonly string[];
}

/** The `sources[]` entry a scanner is created for. */
export interface PluginSource {
  name: string;
  /** The config file's folder, which relative paths in the options resolve against. */
  baseDir?: string;
}

/**
 * A plugin (`scanners/<id>/index.ts` exports one as `plugin`). A plugin object is written
 * `{ … } satisfies ScannerPlugin<Options>`, so it keeps its precise type (its scanner's `revoker`
 * is known to be there); `scanners/index.ts` holds every plugin as `ScannerPlugin<unknown>`.
 */
export interface ScannerPlugin<Options = unknown> {
  /** Equals the folder name under scanners/. */
  id: string;
  description: string;
  credentialKinds: readonly string[];
  /**
   * The kinds among `credentialKinds` that are person accounts (`nature: 'person-account'`, the
   * downstream account checks of leavers). A plugin that declares them honours `ScanContext.focus`.
   */
  personAccountKinds?: readonly string[];
  permissions: PluginPermissions;
  /** Validates the provider options of a `sources[]` entry (everything but `type` and `name`). */
  optionsSchema: z.ZodType<Options>;
  create(options: Options, source: PluginSource): Scanner;
}
