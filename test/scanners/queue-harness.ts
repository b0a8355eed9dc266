/**
 * The shared setup of the queue-per-provider tests (`test/scanners/<id>/queue-<id>.test.ts`): a
 * temporary folder, the provider's emulator started from its estate, an HR export with a chosen
 * modification time, an `nhiscan.yaml` with one source and the queue's revocation and governance
 * settings, a first scan through the CLI, and helpers to drive the queue. Each test file keeps only
 * its estate, its source options and its assertions (exact calls, steps, approvals).
 *
 * Call `queueHarness` inside a `describe`: it registers the `beforeEach` and `afterEach` hooks.
 * The emulator is started by the provider's own `start…Emulator` (not `startEmulated` from
 * `contract-support.ts`) because these tests read its typed request log and estate.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { type CliRun, cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

/** The clock of every queue test unless a step says otherwise. */
export const QUEUE_NOW = '2026-11-26T12:00:00Z';
/** When the first HR export was written: fresh for a scan at QUEUE_NOW. */
export const HR_WRITTEN = '2026-11-26T06:00:00Z';
/** The revocation settings most queue tests use. */
export const REVOCATION =
  'revocation: { leaver: approve, rules: { leaver-owned: { standard: auto } }, deleteAfterDays: 14, privilegedApprovals: 2 }';

/** A request as `nhiscan queue list --all --json` prints it (the fields the queue tests read). */
export interface ListedRequest {
  id: number;
  credentialUid: string;
  state: string;
  rule: string;
  privileged: boolean;
  mode: string;
  requiredApprovals: number;
  stateReason: string | null;
  steps: {
    step: string;
    state: string;
    notBefore: string | null;
    afterDays: number;
    apiCall: string | null;
  }[];
}

export interface QueueSetup<Emulator extends { close(): Promise<void> }> {
  /** Starts the provider's emulator, serving its estate. */
  start(): Promise<Emulator>;
  /** Environment variables the source's `env:` references read; removed after each test. */
  env: Record<string, string>;
  /** The HR export written before each test (modified at HR_WRITTEN). */
  hr: string;
  /** The `sources:` entry, as YAML lines, for the running emulator. */
  source(emulator: Emulator): string[];
  /** The `revocation:` line; REVOCATION unless given. */
  revocation?: string;
  /** The roles of the executor, ops@acme.example, a service actor not in HR; `[execute]` unless given. */
  executorRoles?: string[];
  /** Write the config and scan before each test (true unless given); false leaves both to the test. */
  scanFirst?: boolean;
}

export interface QueueHarness<Emulator> {
  /** The running emulator of the current test. */
  readonly emulator: Emulator;
  /** A path inside the current test's folder. */
  path(name: string): string;
  /** Runs the CLI in the test's folder at `now`. */
  run(argv: string[], now?: string): Promise<CliRun>;
  /** Every request of the queue. */
  requests(): Promise<ListedRequest[]>;
  /** Writes the HR export and sets its modification time. */
  writeHr(text: string, modified: string): void;
  /** Writes nhiscan.yaml; `extra` lines go at the end of the source entry. */
  configure(extra?: string[]): void;
  /** Scans as of `asOf` at `now`, expecting no error output and exit 0. */
  scan(asOf?: string, now?: string): Promise<void>;
}

export function queueHarness<Emulator extends { close(): Promise<void> }>(
  setup: QueueSetup<Emulator>,
): QueueHarness<Emulator> {
  let dir: ReturnType<typeof temporaryDirectory> | undefined;
  let emulator: Emulator | undefined;
  const folder = () => {
    if (!dir) throw new Error('queueHarness: used outside a test');
    return dir.path;
  };
  const running = () => {
    if (!emulator) throw new Error('queueHarness: no emulator is running outside a test');
    return emulator;
  };

  const harness: QueueHarness<Emulator> = {
    get emulator() {
      return running();
    },
    path: (name) => join(folder(), name),
    run: (argv, now = QUEUE_NOW) => cli(argv, { cwd: folder(), now }),
    requests: async () => JSON.parse((await harness.run(['queue', 'list', '--all', '--json'])).stdout),
    writeHr: (text, modified) => {
      writeFileSync(harness.path('hr.csv'), text);
      utimesSync(harness.path('hr.csv'), new Date(modified), new Date(modified));
    },
    configure: (extra = []) =>
      writeFileSync(
        harness.path('nhiscan.yaml'),
        [
          'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
          'sources:',
          ...setup.source(running()),
          ...extra,
          setup.revocation ?? REVOCATION,
          `governance: { actors: [{ id: ops@acme.example, roles: [${(setup.executorRoles ?? ['execute']).join(', ')}] }] }`,
          '',
        ].join('\n'),
      ),
    scan: async (asOf = '2026-11-26', now?: string) => {
      const result = await harness.run(['scan', '--as-of', asOf, '--fail-on', 'none'], now);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
    },
  };

  beforeEach(async () => {
    dir = temporaryDirectory();
    emulator = await setup.start();
    Object.assign(process.env, setup.env);
    harness.writeHr(setup.hr, HR_WRITTEN);
    if (setup.scanFirst ?? true) {
      harness.configure();
      await harness.scan();
    }
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    for (const name of Object.keys(setup.env)) delete process.env[name];
    dir?.remove();
    dir = undefined;
  });

  return harness;
}
