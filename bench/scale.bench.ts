/**
 * The scale benchmark (issue 11): generate a seeded estate with its ground truth, serve it through
 * the four emulators (20 ms latency, rate limits shaped like the providers', see
 * bench/scale/rate-limits.ts), run the real `nhiscan scan` on it twice in a child process, and print:
 *  - per provider: requests, requests per credential, throttled responses, wall time, the lower
 *    bound (requests ÷ rate limit) and the ratio to it;
 *  - end to end: wall time, the scan's peak RSS, the database size, and each phase's time:
 *    correlate+policy (the scan's correlate and policy stages: reading the live inventory, resolving
 *    owners, evaluating the rules; the issue's 3 s target) apart from findings (comparing with what
 *    is stored and recording what changed, which a first scan spends on SQLite inserts);
 *  - findings precision and recall against the ground truth;
 *  - the rescan: requests against the first scan, and the credential rows it rewrote.
 *
 * Run: npm run bench:scale
 *   PEOPLE=50000 CREDENTIALS=100000 SEED=1 LATENCY_MS=20 (the defaults), RATE_AWS, RATE_GITHUB,
 *   RATE_GCP, RATE_AZURE, GITHUB_WINDOW_S (see rate-limits.ts), CONCURRENCY=16, KEEP=1 keeps the
 *   working directory (config, HR file, database) for a look afterwards.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateEstate } from '../src/emulate/generate/index.js';
import { startEmulators } from '../src/emulate/start-emulators.js';
import type { ScanTimings } from '../src/scan/run-scan.js';
import type { MergeSummary } from '../src/store/index.js';
import { openDatabase } from '../src/store/index.js';
import { compareFindings, type FindingKey } from './scale/compare.js';
import { benchRateLimits } from './scale/rate-limits.js';
import { line, runMeasuredCli, seconds, type Usage } from './support/measured-cli.js';

const PEOPLE = Number(process.env.PEOPLE ?? 50_000);
const CREDENTIALS = Number(process.env.CREDENTIALS ?? 100_000);
const SEED = Number(process.env.SEED ?? 1);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
/**
 * The scan's V8 heap cap (MiB), set as an operator would for a large estate (docs/performance.md):
 * the scan's live data stays small, but V8 grows an uncapped heap lazily to several times that.
 * HEAP_MB=0 runs it uncapped.
 */
const HEAP_MB = Number(process.env.HEAP_MB ?? 256);
const AS_OF = '2026-11-26';
type Provider = 'aws' | 'github' | 'gcp' | 'azure';
const PROVIDERS: Provider[] = ['aws', 'github', 'gcp', 'azure'];

const limits = benchRateLimits();
const workDir = mkdtempSync(join(tmpdir(), 'nhiscan-scale-'));
const generateStarted = performance.now();
const generated = generateEstate({ people: PEOPLE, credentials: CREDENTIALS, seed: SEED, asOf: AS_OF });
writeFileSync(join(workDir, 'hr.csv'), generated.hrCsv());
console.log(
  `nhiscan scale bench: ${PEOPLE.toLocaleString('en')} people, ${CREDENTIALS.toLocaleString('en')} credentials, seed ${SEED}, as of ${AS_OF}, ${LATENCY_MS} ms latency, node ${process.version}`,
);
line('estate generated in', seconds(performance.now() - generateStarted));
line(
  'estate',
  Object.entries(generated.counts)
    .map(([name, count]) => `${name} ${count.toLocaleString('en')}`)
    .join(', '),
);
for (const provider of PROVIDERS) line(`  ${provider} rate limit`, limits.describe[provider]);
line('scan heap cap', HEAP_MB > 0 ? `--max-old-space-size=${HEAP_MB} (NODE_OPTIONS)` : 'none');

const emulators = await startEmulators(generated.estate, {
  latencyMs: LATENCY_MS,
  rateLimits: limits.emulator,
});
const dbPath = join(workDir, 'nhiscan.db');
const providerOf = new Map<string, Provider>();
const sources = emulators.sources.map((source) => {
  const type = source.type as Provider;
  providerOf.set(source.name as string, type);
  // What an operator would configure: a pace a little under the provider's limit where the
  // provider publishes none in its answers; GitHub's scanner reads x-ratelimit-* instead.
  const pace = Math.floor(limits.rate[type] * 0.95);
  switch (type) {
    case 'github':
      return {
        ...source,
        concurrency: CONCURRENCY,
        requestBudget: 10_000_000,
        maxRateLimitWaitSeconds: 600,
      };
    case 'azure':
      return { ...source, concurrency: Math.min(CONCURRENCY, 16), requestsPerSecond: pace };
    default:
      return { ...source, concurrency: CONCURRENCY, requestsPerSecond: pace };
  }
});
const configPath = join(workDir, 'nhiscan.yaml');
writeFileSync(configPath, stringify({ db: dbPath, hr: { source: 'csv', path: 'hr.csv' }, sources }));

interface ScanMeasure {
  wallMs: number;
  /** Peak RSS, and the peaks of the V8 heap (used, reserved) and of memory outside it, sampled. */
  usage: Usage;
  traffic: Record<string, { requests: number; throttled: number }>;
  /** The run's scan.finished audit record. */
  payload: {
    status: string;
    merge: MergeSummary;
    evaluation: { credentials: number; recorded: number; ownersChanged: number };
    timings: ScanTimings;
    sources: { name: string; credentials: number; status: string }[];
  };
}

async function scanOnce(label: string): Promise<ScanMeasure> {
  const before = emulators.traffic();
  const run = await runMeasuredCli(['scan', '--config', configPath, '--as-of', AS_OF, '--fail-on', 'none'], {
    cwd: workDir,
    env: {
      ...process.env,
      ...emulators.env,
      ...(HEAP_MB > 0
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_MB}`.trim() }
        : {}),
    },
    usageFile: join(workDir, `usage-${label}.json`),
    stderr: 'inherit',
  });
  if (run.code !== 0) {
    console.error(run.stdout.slice(-4000));
    throw new Error(`the ${label} scan exited ${run.code}`);
  }
  const after = emulators.traffic();
  const traffic = Object.fromEntries(
    Object.entries(after).map(([name, now]) => [
      name,
      {
        requests: now.requests - (before[name]?.requests ?? 0),
        throttled: now.throttled - (before[name]?.throttled ?? 0),
      },
    ]),
  );
  const db = openDatabase(dbPath);
  try {
    const row = db
      .prepare("SELECT payload FROM audit_log WHERE action = 'scan.finished' ORDER BY seq DESC LIMIT 1")
      .get() as { payload: string };
    return { wallMs: run.wallMs, usage: run.usage, traffic, payload: JSON.parse(row.payload) };
  } finally {
    db.close();
  }
}

/** The configured sources of one provider (Entra gets one per tenant). */
function sourceNames(provider: Provider): string[] {
  return [...providerOf].filter(([, type]) => type === provider).map(([name]) => name);
}

/** How long a scan spent listing one provider's sources. */
function providerWallMs(scan: ScanMeasure, provider: Provider): number {
  return sourceNames(provider).reduce((sum, name) => sum + (scan.payload.timings.sources[name] ?? 0), 0);
}

function openFindings(): FindingKey[] {
  const db = openDatabase(dbPath);
  try {
    return db
      .prepare("SELECT credential_uid AS credentialUid, rule, severity FROM findings WHERE status = 'open'")
      .all() as FindingKey[];
  } finally {
    db.close();
  }
}

function report(label: string, scan: ScanMeasure): void {
  console.log(`\n${label}: ${scan.payload.status}, ${seconds(scan.wallMs)} end to end`);
  console.log(
    `${'provider'.padEnd(10)}${'credentials'.padStart(12)}${'requests'.padStart(10)}${'req/cred'.padStart(9)}${'throttled'.padStart(14)}${'wall'.padStart(9)}${'bound'.padStart(9)}${'ratio'.padStart(7)}`,
  );
  for (const provider of PROVIDERS) {
    const names = sourceNames(provider);
    const wall = providerWallMs(scan, provider);
    const credentials = scan.payload.sources
      .filter((source) => names.includes(source.name))
      .reduce((sum, source) => sum + source.credentials, 0);
    const { requests, throttled } = scan.traffic[provider] ?? { requests: 0, throttled: 0 };
    const bound = (requests / limits.rate[provider]) * 1000;
    console.log(
      `${provider.padEnd(10)}${credentials.toLocaleString('en').padStart(12)}${requests.toLocaleString('en').padStart(10)}${(requests / Math.max(credentials, 1)).toFixed(2).padStart(9)}${`${throttled} (${((throttled / Math.max(requests, 1)) * 100).toFixed(2)}%)`.padStart(14)}${seconds(wall).padStart(9)}${seconds(bound).padStart(9)}${(wall / bound).toFixed(2).padStart(7)}`,
    );
  }
  const { timings, merge } = scan.payload;
  line(
    'phases',
    `HR ${seconds(timings.hr)}, merge ${seconds(timings.merge)}, correlate+policy ${seconds(timings.correlateAndPolicy)} (of which reading the inventory ${seconds(timings.inventoryRead)}), findings ${seconds(timings.findings)}, queue ${seconds(timings.queue)}`,
  );
  line('merge', `${JSON.stringify(merge)}`);
  line(
    'evaluation',
    `${scan.payload.evaluation.credentials.toLocaleString('en')} credentials evaluated, ${scan.payload.evaluation.recorded.toLocaleString('en')} recorded (their digest changed), ${scan.payload.evaluation.ownersChanged.toLocaleString('en')} owners changed`,
  );
  line(
    'peak RSS of the scan',
    `${(scan.usage.maxRssKiB / 1024).toFixed(0)} MiB (V8 heap used ${scan.usage.peakHeapUsedMiB}, reserved ${scan.usage.peakHeapTotalMiB}; outside it ${scan.usage.peakExternalMiB})`,
  );
}

try {
  const first = await scanOnce('first');
  report('first scan', first);
  const comparison = compareFindings(generated.truth, openFindings());
  line(
    'findings against ground truth',
    `expected ${comparison.expected.toLocaleString('en')}, found ${comparison.found.toLocaleString('en')}, precision ${comparison.precision.toFixed(4)}, recall ${comparison.recall.toFixed(4)}, severity mismatches ${comparison.severityMismatches}`,
  );
  if (comparison.missing.length > 0) line('  missing (examples)', comparison.missing.join('; '));
  if (comparison.unexpected.length > 0) line('  unexpected (examples)', comparison.unexpected.join('; '));

  const second = await scanOnce('second');
  report('second scan (unchanged estate)', second);
  const credentialRows = Object.values(second.payload.merge).reduce((sum, count) => sum + count, 0);
  const rewritten =
    second.payload.merge.inserted +
    second.payload.merge.updated +
    second.payload.merge.gone +
    second.payload.merge.unverified;
  const requests = (scan: ScanMeasure) => Object.values(scan.traffic).reduce((sum, t) => sum + t.requests, 0);
  line(
    'credential rows rewritten',
    `${rewritten} of ${credentialRows.toLocaleString('en')} (${((rewritten / Math.max(credentialRows, 1)) * 100).toFixed(2)}%)`,
  );
  line(
    'requests, second against first',
    `${requests(second).toLocaleString('en')} vs ${requests(first).toLocaleString('en')}`,
  );
  const dbBytes = ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(`${dbPath}${suffix}`) ? statSync(`${dbPath}${suffix}`).size : 0),
    0,
  );
  line('database size', `${(dbBytes / 1_048_576).toFixed(0)} MiB`);

  console.log('\ntargets');
  const check = (label: string, met: boolean, detail: string) =>
    console.log(`  ${met ? 'met   ' : 'MISSED'} ${label}: ${detail}`);
  for (const provider of PROVIDERS) {
    const wall = providerWallMs(first, provider);
    const traffic = first.traffic[provider] ?? { requests: 0, throttled: 0 };
    const ratio = wall / ((traffic.requests / limits.rate[provider]) * 1000);
    check(`${provider} within 1.3x of its lower bound`, ratio <= 1.3, ratio.toFixed(2));
    const throttledShare = traffic.throttled / Math.max(traffic.requests, 1);
    check(`${provider} throttled under 2%`, throttledShare < 0.02, `${(throttledShare * 100).toFixed(2)}%`);
  }
  const peak = Math.max(first.usage.maxRssKiB, second.usage.maxRssKiB) / 1024;
  check('peak RSS <= 400 MiB', peak <= 400, `${peak.toFixed(0)} MiB`);
  for (const [label, scan] of [
    ['first', first],
    ['second', second],
  ] as const) {
    const { correlateAndPolicy, inventoryRead, findings } = scan.payload.timings;
    check(
      `correlate+policy <= 3 s (${label} scan: reading the inventory, resolving owners, evaluating the rules)`,
      correlateAndPolicy <= 3000,
      `${seconds(correlateAndPolicy)} (reading ${seconds(inventoryRead)}; recording the findings, no target: ${seconds(findings)})`,
    );
  }
  check(
    'precision and recall exactly 1.0',
    comparison.precision === 1 && comparison.recall === 1 && comparison.severityMismatches === 0,
    `${comparison.precision} / ${comparison.recall}`,
  );
  check(
    'second scan makes no more requests',
    requests(second) <= requests(first),
    `${requests(second)} <= ${requests(first)}`,
  );
  check('rescan rewrites at most 1% of credential rows', rewritten <= credentialRows * 0.01, `${rewritten}`);
} finally {
  await emulators.close();
  if (process.env.KEEP === '1') console.log(`\nworking directory kept: ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
