/**
 * The peer benchmark (issue 24, item 6): nhiscan side by side with the boto3 loop a user writes,
 * in one run, against one AWS emulator (the AWS part of a generated estate: 15 accounts, 1,867
 * users, 3,010 access keys at the defaults) with the same latency and the same per-account rate
 * limit for every side:
 *  1. nhiscan: the real CLI (`nhiscan scan`, then `nhiscan report --format json` to read what it
 *     found) with the aws source only, paced at 95% of the per-account limit and burst, otherwise
 *     defaults;
 *  2. bench/peer/iam_loop.py (python3 + boto3) with 8 threads, then sequentially.
 * It prints each side's wall time, calls, calls per key, throttled responses, the loops' ratios to
 * nhiscan against the goals (8 threads ≥ 3×, sequential ≥ 20×), nhiscan's AWS listing against its
 * rate-limit lower bound (the busiest account's IAM calls ÷ the limit; goal ≤ 1.1×), and whether
 * every side found the same access keys with the same last uses.
 *
 * The CLI runs from dist/: the bench rebuilds it first (scripts/build.mjs rewrites only what
 * changed, so this is a no-op on a fresh build). Without python3 or boto3 it says so and runs
 * nhiscan's side alone.
 *
 * Run: npm run bench:peer
 *   PEOPLE=5000 CREDENTIALS=8600 SEED=1 LATENCY_MS=20 RATE=20 BURST=20 (the defaults: the AWS
 *   emulator's `real` preset, scanners/aws/emulator/README.md "Rate limits"),
 *   LOOPS=8,1 (thread counts of the loop runs, in order; LOOPS= runs none), RUNS=1 (repeat the
 *   whole comparison and print min/median/max), PYTHON (default: python3 on PATH, else
 *   /usr/bin/python3), BOTO3_RETRY_MODE=standard BOTO3_MAX_ATTEMPTS=10, KEEP=1 keeps the working
 *   directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist } from '../scripts/build.mjs';
import { findBoto3, INSTALL_HINT, runBoto3Loop } from './peer/boto3-side.js';
import { startPeerEmulator } from './peer/emulator.js';
import { compareKeys } from './peer/findings.js';
import { runNhiscan } from './peer/nhiscan-side.js';
import { printGoals, printRun, printSpread, type RunResult, type SideResult } from './peer/report.js';
import { count, line, seconds } from './support/measured-cli.js';

function setting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`${name}: expected a positive number, got ${value}`);
  return parsed;
}

const settings = {
  people: setting('PEOPLE', 5000),
  credentials: setting('CREDENTIALS', 8600),
  seed: setting('SEED', 1),
  asOf: '2026-11-26',
  latencyMs: setting('LATENCY_MS', 20),
  rate: setting('RATE', 20),
  burst: setting('BURST', 20),
};
const RUNS = setting('RUNS', 1);
const LOOPS = (process.env.LOOPS ?? '8,1')
  .split(',')
  .filter(Boolean)
  .map((threads) => {
    const parsed = Number(threads);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new Error(`LOOPS: expected thread counts like 8,1, got ${threads}`);
    return parsed;
  });
const PACE = Math.floor(settings.rate * 0.95);
/** The pacer's burst, 95% of the emulator's bucket: the client's bucket never holds more than IAM's. */
const PACE_BURST = Math.max(1, Math.floor(settings.burst * 0.95));
/** boto3's retries: its default (legacy, 5 attempts) gives up under sustained throttling; see iam_loop.py. */
const RETRY = {
  mode: process.env.BOTO3_RETRY_MODE ?? 'standard',
  maxAttempts: setting('BOTO3_MAX_ATTEMPTS', 10),
};
const loopName = (threads: number) => (threads === 1 ? 'boto3 sequential' : `boto3 ${threads} threads`);

console.log(
  `nhiscan peer bench: ${count(settings.people)} people, ${count(settings.credentials)} credentials, seed ${settings.seed}, as of ${settings.asOf}, ${settings.latencyMs} ms latency, node ${process.version}`,
);
const buildStarted = performance.now();
await buildDist();
line('dist/ rebuilt from the sources', `${seconds(performance.now() - buildStarted)} (scripts/build.mjs)`);
line(
  'rate limit',
  `${settings.rate}/s, burst ${settings.burst}, per account (IAM and STS each their own bucket)`,
);
console.log(
  `  AWS does not publish IAM's request rate; ${settings.rate}/s per account (burst ${settings.burst}) stands in for it (the emulator's real preset is 20/s, burst 20).`,
);
line(
  'nhiscan',
  `aws source only, requestsPerSecond ${PACE} and requestsBurst ${PACE_BURST} (95% of the limit), otherwise defaults`,
);
const boto3 = LOOPS.length > 0 ? findBoto3() : undefined;
if (LOOPS.length > 0)
  line(
    'boto3 loop',
    boto3
      ? `${boto3.python} with boto3 ${boto3.version}, threads ${LOOPS.join(' then ')}; retries: ${RETRY.mode} mode, ${RETRY.maxAttempts} attempts`
      : INSTALL_HINT,
  );

const emulator = await startPeerEmulator(settings);
line(
  'estate (aws part)',
  `${emulator.accounts.length} accounts, ${count(emulator.users)} users, ${count(emulator.accessKeys)} access keys`,
);
/** The 1-minute load average: other work on the machine skews every side's wall time. */
const load = () => loadavg()[0]!.toFixed(1);
line('load average (1 min)', `${load()} at the start`);
const workDir = mkdtempSync(join(tmpdir(), 'nhiscan-peer-'));

async function once(index: number): Promise<RunResult> {
  const dir = join(workDir, `run-${index + 1}`);
  let mark = emulator.mark();
  const scanned = await runNhiscan(emulator, { dir, asOf: settings.asOf, pace: PACE, burst: PACE_BURST });
  const traffic = emulator.since(mark);
  console.log(`  run ${index + 1}: nhiscan ${seconds(scanned.wallMs)}`);
  const [busiestAccount, busiestCalls] = [...traffic.iamCallsByAccount].reduce(
    (most, entry) => (entry[1] > most[1] ? entry : most),
    ['', 0] as [string, number],
  );
  const result: RunResult = {
    nhiscan: {
      name: 'nhiscan',
      wallMs: scanned.wallMs,
      traffic,
      accessKeys: scanned.keys.size,
      listingMs: scanned.listingMs,
      lowerBoundMs: (busiestCalls / settings.rate) * 1000,
      busiestAccount,
    },
    loops: [],
    differences: [],
  };
  if (!boto3) return result;
  for (const threads of LOOPS) {
    mark = emulator.mark();
    const loop = await runBoto3Loop(emulator, { python: boto3.python, threads, dir, retry: RETRY });
    const side: SideResult = {
      name: loopName(threads),
      wallMs: loop.wallMs,
      traffic: emulator.since(mark),
      accessKeys: loop.keys.size,
      retries: loop.summary.retries,
    };
    console.log(`  run ${index + 1}: ${side.name} ${seconds(side.wallMs)}`);
    result.loops.push(side);
    result.differences.push(compareKeys(scanned.keys, loop.keys, side.name));
  }
  return result;
}

try {
  const runs: RunResult[] = [];
  for (let index = 0; index < RUNS; index++) {
    const run = await once(index);
    runs.push(run);
    printRun(`${RUNS > 1 ? `run ${index + 1} of ${RUNS}` : 'run'} (load average ${load()} at its end)`, run);
  }
  printGoals(runs, {
    threaded: loopName(LOOPS.find((threads) => threads > 1) ?? 8),
    sequential: loopName(1),
  });
  printSpread(runs);
  if (!boto3 && LOOPS.length > 0) console.log(`\n${INSTALL_HINT}: only nhiscan's side was run.`);
} finally {
  await emulator.close();
  if (process.env.KEEP) console.log(`working directory kept: ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
