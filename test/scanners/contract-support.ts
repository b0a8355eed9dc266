/**
 * What the plugin contract suite (`contract.test.ts`) asks of each plugin: a small estate to list,
 * revoke and verify, and one with an account the scanner may not read. Every registered plugin's
 * test folder exports one as `contractFixture` from `test/scanners/<id>/contract-fixture.ts`; the
 * suite finds it by that path and fails, naming the path, when it is missing. A plugin with an
 * emulator starts it through `scanners/emulators.ts` (`startEmulated`).
 */
import { EMULATED_PROVIDERS, type EmulatedProviderId, type Estate } from '../../scanners/emulators.js';

/** A running provider (an emulator, or a file) and the source options that reach it. */
export interface ContractSource {
  /** The `sources[]` entry without `type` and `name`, before the plugin's schema parses it. */
  options: Record<string, unknown>;
  /** Environment variables the options' `env:` references read (fake credentials only). */
  env: Record<string, string>;
  /** The folder relative paths in the options resolve against. */
  baseDir: string;
  /** How many requests the provider has answered so far (the emulator's request log). */
  requests(): number;
  close(): Promise<void>;
}

export interface ContractFixture {
  /**
   * A provider whose every account the scanner may read. It must list more than one page (so a scan
   * can be cancelled between pages) and at least one credential.
   */
  start(): Promise<ContractSource>;
  /** The same kind of provider with one account (AWS account, organization, project, tenant…) denied. */
  startDenied(): Promise<ContractSource>;
  /**
   * How the denied account shows: pages marked partial, one of whose scopes starts with
   * `partialScope`; or, for a plugin that reads its whole input or nothing, an InputError that
   * discards the run (exit 2). Never a listing that looks complete.
   */
  denied: { partialScope: string } | 'input-error';
  /**
   * The same provider, with the source of last use unreadable or empty (AWS GetAccessKeyLastUsed
   * denied, the Policy Analyzer disabled, an Entra sign-in report answering 200 with nothing):
   * every credential listed must then say its last use is unknown, and why. `'with-the-credential'`
   * for a plugin whose last use comes in the same answer as the credential (GitHub, a hand-kept
   * file): there is nothing separate to fail.
   */
  lastUseUnreadable: (() => Promise<ContractSource>) | 'with-the-credential';
}

/**
 * Starts the emulator `scanners/emulators.ts` lists under `id` on a free port, serving `estate`;
 * `adjust` changes the source options it gives (a smaller page size, an extra account…).
 */
export async function startEmulated<Id extends EmulatedProviderId>(
  id: Id,
  estate: NonNullable<Estate[Id]>,
  adjust: (options: Record<string, unknown>) => Record<string, unknown> = (options) => options,
): Promise<ContractSource> {
  const provider = EMULATED_PROVIDERS.find((candidate) => candidate.id === id);
  if (!provider) throw new Error(`scanners/emulators.ts lists no emulator for ${id}`);
  const started = await provider.start(estate, { port: () => 0, latencyMs: 0 });
  const [source, ...others] = started.sources;
  if (!source || others.length > 0) {
    await started.close();
    throw new Error(
      `the ${id} emulator gave ${started.sources.length} sources; a contract fixture needs one`,
    );
  }
  const { type: _type, name: _name, ...options } = source;
  return {
    options: adjust(options),
    env: started.env,
    baseDir: '.',
    requests: () => started.traffic().requests,
    close: () => started.close(),
  };
}
