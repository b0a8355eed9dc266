/**
 * Benchmark: scan one emulated GCP project with 1,000 service accounts and 2,000 user-managed keys,
 * with 20 ms of latency per request and a rate limit, through the official Google clients. Prints
 * requests per key and the wall time against the lower bound requests ÷ rate (target ≤ 1.3×).
 *
 * Run: npm run bench:gcp   (ACCOUNTS, KEYS, LATENCY_MS, RATE, CONCURRENCY, POLICY=0|1 to change it)
 *
 * The rate limit is IAM's shape scaled down: IAM's default read quota is 6,000 requests a minute
 * per project (100/s); here RATE (default 100/s, burst 20) per project and API, with the client
 * paced at 95% of it (IAM per project; Resource Manager and Policy Analyzer on the quota project).
 */

import type { GcpEstate, GcpServiceAccountEstate } from '../scanners/gcp/emulator/estate.js';
import { startGcpEmulator } from '../scanners/gcp/emulator/index.js';
import { plugin } from '../scanners/gcp/index.js';
import { gcpOptionsSchema } from '../scanners/gcp/options.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1000);
const KEYS = Number(process.env.KEYS ?? 2000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const RATE = Number(process.env.RATE ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
/** Read each account's own IAM policy for owner signals (one call per account). */
const POLICY = process.env.POLICY !== '0';
const PACE = Number(process.env.PACE ?? Math.floor(RATE * 0.95));
const PROJECT = 'bench-project';

function estate(): GcpEstate {
  const serviceAccounts: GcpServiceAccountEstate[] = [];
  let keys = 0;
  for (let i = 0; i < ACCOUNTS; i++) {
    const email = `svc-${String(i).padStart(5, '0')}@${PROJECT}.iam.gserviceaccount.com`;
    const count = keys < KEYS ? (KEYS - keys > ACCOUNTS - i ? 2 : 1) : 0;
    serviceAccounts.push({
      account: {
        email,
        uniqueId: `1${String(i).padStart(20, '0')}`,
        description: `owner: person${i}@acme.example`,
      },
      ...(i % 10 === 0
        ? {
            iamPolicy: {
              bindings: [{ role: 'roles/iam.serviceAccountUser', members: [`user:person${i}@acme.example`] }],
            },
          }
        : {}),
      keys: Array.from({ length: count }, (_, k) => {
        const keyId = `be7c4${String(keys + k).padStart(35, '0')}`;
        return {
          keyId,
          key: {
            name: `projects/${PROJECT}/serviceAccounts/${email}/keys/${keyId}`,
            keyType: 'USER_MANAGED' as const,
            validAfterTime: '2025-01-01T00:00:00Z',
            validBeforeTime: '9999-12-31T23:59:59Z',
          },
          ...(i % 7 === 0 ? {} : { lastAuthenticatedTime: '2026-11-20T00:00:00Z' }),
        };
      }),
    });
    keys += count;
  }
  return {
    token: 'bench-only-static-token',
    projects: [
      {
        projectId: PROJECT,
        projectNumber: '999999999999',
        iamPolicy: {
          bindings: [
            {
              role: 'roles/editor',
              members: [`serviceAccount:svc-00000@${PROJECT}.iam.gserviceaccount.com`],
            },
          ],
        },
        serviceAccounts,
      },
    ],
  };
}

const served = estate();
const emulator = await startGcpEmulator({
  estate: served,
  latencyMs: LATENCY_MS,
  // Google's per-minute quotas, scaled: RATE/s for each (quota project, API, kind), 20 at once.
  rateLimit: {
    iam: { readsPerMinute: RATE * 60, writesPerMinute: RATE * 60 },
    cloudresourcemanager: { readsPerMinute: RATE * 60, writesPerMinute: RATE * 60 },
    policyanalyzer: { readsPerMinute: RATE * 60 },
    burstSeconds: 20 / RATE,
  },
});
process.env.BENCH_GCP_TOKEN = served.token;
const options = gcpOptionsSchema.parse({
  projects: [PROJECT],
  rootUrl: emulator.endpoint,
  credentials: { accessToken: 'env:BENCH_GCP_TOKEN' },
  concurrency: CONCURRENCY,
  serviceAccountIamPolicy: POLICY,
  requestsPerSecond: PACE,
});
const started = performance.now();
let credentials = 0;
let partial = 0;
for await (const page of plugin
  .create(options, { name: 'gcp' })
  .list({ signal: new AbortController().signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' })) {
  credentials += page.credentials.length;
  if (page.partial) partial++;
}
const wallMs = performance.now() - started;
await emulator.close();

const requests = emulator.requestLog.length;
const byOperation = new Map<string, number>();
for (const entry of emulator.requestLog)
  byOperation.set(entry.operation, (byOperation.get(entry.operation) ?? 0) + 1);
const lowerBoundMs = (requests / RATE) * 1000;
console.log(
  `gcp bench: ${ACCOUNTS} service accounts, ${KEYS} keys, ${LATENCY_MS} ms latency, ${RATE} req/s (burst 20), concurrency ${CONCURRENCY}, pace ${PACE}/s, account IAM policies ${POLICY ? 'on' : 'off'}`,
);
console.log(`credentials ${credentials}, partial pages ${partial}`);
console.log(
  `requests ${requests} (throttled ${emulator.throttledCount}, ${((emulator.throttledCount / requests) * 100).toFixed(1)}%)`,
);
console.log(
  `  ${[...byOperation]
    .sort((a, b) => b[1] - a[1])
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ')}`,
);
console.log(`requests per key ${(requests / credentials).toFixed(2)}`);
console.log(
  `wall ${(wallMs / 1000).toFixed(1)} s, lower bound ${(lowerBoundMs / 1000).toFixed(1)} s, ratio ${(wallMs / lowerBoundMs).toFixed(2)} (target <= 1.3)`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
