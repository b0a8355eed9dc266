/**
 * nhiscan's side of the peer benchmark: the real CLI (`nhiscan scan`, then `nhiscan report
 * --format json`) in child processes against the peer emulator, configured as an operator would:
 * the aws source only, a client-side pace of 95% of the per-account limit and burst, everything else
 * nhiscan's defaults (no concurrency override).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { openDatabase } from '../../src/store/index.js';
import { runMeasuredCli } from '../support/measured-cli.js';
import { CALLER_ENV, type PeerEmulator } from './emulator.js';
import type { KeyFindings } from './findings.js';

export interface NhiscanRun {
  wallMs: number;
  /** The scan's own time listing the aws source (its scan.finished timings). */
  listingMs: number | undefined;
  keys: KeyFindings;
}

/** Writes the run's config (a fresh database each run) and returns its path. */
function writeConfig(
  dir: string,
  emulator: PeerEmulator,
  pace: { perSecond: number; burst: number },
): string {
  mkdirSync(dir, { recursive: true });
  emulator.writeHr(dir);
  const source = {
    type: 'aws',
    name: 'aws',
    accounts: emulator.accounts,
    endpoint: emulator.endpoint,
    credentials: {
      accessKeyId: `env:${CALLER_ENV.accessKeyId}`,
      secretAccessKey: `env:${CALLER_ENV.secretAccessKey}`,
    },
    requestsPerSecond: pace.perSecond,
    requestsBurst: pace.burst,
  };
  const path = join(dir, 'nhiscan.yaml');
  writeFileSync(
    path,
    stringify({ db: join(dir, 'nhiscan.db'), hr: { source: 'csv', path: 'hr.csv' }, sources: [source] }),
  );
  return path;
}

function listingTime(dbPath: string): number | undefined {
  const db = openDatabase(dbPath);
  try {
    const row = db
      .prepare("SELECT payload FROM audit_log WHERE action = 'scan.finished' ORDER BY seq DESC LIMIT 1")
      .get() as { payload: string } | undefined;
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as { timings?: { sources?: Record<string, number> } };
    return payload.timings?.sources?.aws;
  } finally {
    db.close();
  }
}

/** The access keys of a JSON report: id → last use (ISO 8601 UTC, null when never used). */
function keysOfReport(path: string): KeyFindings {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    credentials: {
      kind: string;
      externalId: string;
      state: string;
      lastUsedAt: string | null;
      lastUsedKnown: boolean;
    }[];
  };
  const keys: KeyFindings = new Map();
  for (const credential of report.credentials) {
    if (credential.kind !== 'access-key' || credential.state !== 'present') continue;
    if (!credential.lastUsedKnown)
      throw new Error(`nhiscan could not read the last use of ${credential.externalId}`);
    keys.set(credential.externalId, credential.lastUsedAt);
  }
  return keys;
}

export async function runNhiscan(
  emulator: PeerEmulator,
  options: { dir: string; asOf: string; pace: number; burst: number },
): Promise<NhiscanRun> {
  const configPath = writeConfig(options.dir, emulator, { perSecond: options.pace, burst: options.burst });
  const env = { ...process.env, ...emulator.env };
  const run = (args: string[], usage: string) =>
    runMeasuredCli(args, { cwd: options.dir, env, usageFile: join(options.dir, usage) });
  const scan = await run(
    ['scan', '--config', configPath, '--as-of', options.asOf, '--fail-on', 'none'],
    'usage-scan.json',
  );
  if (scan.code !== 0) {
    console.error(scan.stderr.slice(-4000));
    throw new Error(`nhiscan scan exited ${scan.code}`);
  }
  const reportPath = join(options.dir, 'report.json');
  const report = await run(
    ['report', '--config', configPath, '--format', 'json', '--out', reportPath],
    'usage-report.json',
  );
  if (report.code !== 0) {
    console.error(report.stderr.slice(-4000));
    throw new Error(`nhiscan report exited ${report.code}`);
  }
  return {
    wallMs: scan.wallMs,
    listingMs: listingTime(join(options.dir, 'nhiscan.db')),
    keys: keysOfReport(reportPath),
  };
}
