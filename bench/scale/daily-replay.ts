/**
 * The scale benchmark's simulated days (docs/performance.md, "Thirty daily scans"). Each day runs
 * the real scan pipeline (src/scan/run-scan.ts: HR, staging, merge, observations and their
 * retention, evaluation, findings, queue, freeing pages), in this process, with one change: each
 * source's listing is replaced by a replay of the credentials and principals the database holds
 * for it (not gone), read page by page from a read-only connection. The estate is the one the
 * emulators served, unchanged, so a day costs what a daily scan of an unchanged estate costs in
 * the database, without the hours of rate-limited listing. The day's as-of and clock move on by a
 * day each time (the retention counts days on the clock); the HR file is touched as a daily export.
 * The real plugin still answers how a credential is revoked (its scanner is created when asked).
 */
import { utimesSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { LoadedConfig, SourceConfig } from '../../src/config/load.js';
import type { Credential } from '../../src/core/model.js';
import type { ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { runScan, type ScanResult } from '../../src/scan/run-scan.js';
import type { StoredText } from '../../src/store/index.js';
import { parseStoredCredential, parseStoredPrincipal } from '../../src/store/index.js';

const PAGE = 1000;
const DAY_MS = 86_400_000;

async function* replay(dbPath: string, source: string): AsyncGenerator<ScanPage> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const page = db.prepare(
      `SELECT uid, provider, account, kind, data FROM credentials
        WHERE source = ? AND state != 'gone' AND uid > ? ORDER BY uid LIMIT ${PAGE}`,
    );
    let after = '';
    for (;;) {
      const rows = page.all(source, after) as {
        uid: string;
        provider: string;
        account: string;
        kind: string;
        data: StoredText;
      }[];
      if (rows.length === 0) break;
      const credentials: Credential[] = rows.map((row) => parseStoredCredential(row, row.data));
      yield { credentials, principals: [] };
      after = rows.at(-1)!.uid;
    }
    const principals = (
      db.prepare('SELECT uid, data FROM principals WHERE source = ?').all(source) as {
        uid: string;
        data: StoredText;
      }[]
    ).map((row) => parseStoredPrincipal(row.uid, row.data));
    yield { credentials: [], principals };
  } finally {
    db.close();
  }
}

function replaying(source: SourceConfig, dbPath: string): SourceConfig {
  const real = source.plugin;
  const plugin: ScannerPlugin<unknown> = {
    ...real,
    create(options, pluginSource) {
      let scanner: ReturnType<typeof real.create> | undefined;
      return {
        list: () => replay(dbPath, pluginSource.name),
        get revoker() {
          scanner ??= real.create(options, pluginSource);
          return scanner.revoker;
        },
      };
    },
  };
  return { ...source, plugin };
}

export interface SimulatedDay {
  day: number;
  wallMs: number;
  result: ScanResult;
}

/**
 * Days `from`..`to` after `asOf` (day 1 is the benchmark's first scan), one scan each. `clockStart`
 * is the clock of day 1; `hrPath` is the HR file the config names.
 */
export async function simulateDays(
  config: LoadedConfig,
  options: { asOf: string; from: number; to: number; clockStart: Date; hrPath: string },
  onDay: (day: SimulatedDay) => void,
): Promise<void> {
  const replayed = { ...config, sources: config.sources.map((source) => replaying(source, config.dbPath)) };
  for (let day = options.from; day <= options.to; day++) {
    const clock = new Date(options.clockStart.getTime() + (day - 1) * DAY_MS);
    utimesSync(options.hrPath, clock, clock);
    const started = performance.now();
    const result = await runScan({
      config: replayed,
      asOf: new Date(new Date(`${options.asOf}T00:00:00Z`).getTime() + (day - 1) * DAY_MS),
      now: () => clock,
    });
    onDay({ day, wallMs: performance.now() - started, result });
  }
}
