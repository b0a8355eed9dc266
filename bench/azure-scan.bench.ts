/**
 * Benchmark: scan one emulated Entra tenant with 1,000 applications (2,000 secrets) and their
 * service principals through the Graph emulator, with a real @azure/identity token over TLS, 20 ms
 * of latency and a rate limit answered with 429 + Retry-After. Prints requests per credential,
 * throttled responses and the wall time against the lower bound requests ÷ rate.
 *
 * Run: npm run bench:azure   (APPS, LATENCY_MS, RATE, CONCURRENCY to change it)
 *
 * Graph's limits are per app and tenant and vary by resource; here RATE (default 50/s, burst 20),
 * scaled so the run takes under a minute.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EntraApplicationEstate,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from '../scanners/azure/emulator/estate.js';
import { startAzureEmulator } from '../scanners/azure/emulator/index.js';
import { plugin } from '../scanners/azure/index.js';
import { azureOptionsSchema } from '../scanners/azure/options.js';

const APPS = Number(process.env.APPS ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const RATE = Number(process.env.RATE ?? 50);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
/** Client-side pace (requests/s); PACE=0 leaves it unpaced, learning the limit from 429s. */
const PACE = Number(process.env.PACE ?? Math.floor(RATE * 0.95));
const TENANT = 'bbbbbbbb-0000-4000-8000-000000000001';
const guid = (kind: string, n: number) =>
  `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

function tenant(): EntraTenantEstate {
  const applications: EntraApplicationEstate[] = [];
  const servicePrincipals: EntraServicePrincipalEstate[] = [];
  for (let i = 1; i <= APPS; i++) {
    const secret = (k: number) => ({
      keyId: guid('c0', i * 10 + k),
      displayName: `secret ${k}`,
      hint: 'Bch',
      startDateTime: '2026-01-01T00:00:00Z',
      endDateTime: '2027-01-01T00:00:00Z',
    });
    applications.push({
      application: {
        id: guid('0b', i),
        appId: guid('a0', i),
        displayName: `app-${i}`,
        passwordCredentials: [secret(1), secret(2)],
        keyCredentials: [],
      },
      owners: [{ userId: guid('e0', (i % 50) + 1) }],
    });
    servicePrincipals.push({
      servicePrincipal: {
        id: guid('5b', i),
        appId: guid('a0', i),
        displayName: `app-${i}`,
        accountEnabled: true,
        passwordCredentials: [],
        keyCredentials: [],
      },
      owners: [],
      appRoleAssignments: [],
    });
  }
  return {
    tenantId: TENANT,
    domain: 'bench.onmicrosoft.com',
    client: {
      clientId: guid('c11e', 1),
      clientSecret: 'bench-only-client-secret',
      roles: ['Application.Read.All', 'AuditLog.Read.All', 'User.Read.All'],
    },
    users: Array.from({ length: 50 }, (_, index) => ({
      id: guid('e0', index + 1),
      userPrincipalName: `person${index + 1}@bench.onmicrosoft.com`,
      mail: `person${index + 1}@acme.example`,
      accountEnabled: true,
    })),
    applications,
    servicePrincipals,
    graphServicePrincipal: { id: guid('9a', 1), appId: '00000003-0000-0000-c000-000000000000', appRoles: [] },
    signInActivities: [],
  };
}

const served = tenant();
const emulator = await startAzureEmulator({
  estate: { tenants: [served] },
  latencyMs: LATENCY_MS,
  rateLimit: { requestsPerSecond: RATE, burst: 20 },
  retryAfterSeconds: 1,
});
const caFile = join(mkdtempSync(join(tmpdir(), 'nhiscan-bench-')), 'ca.pem');
writeFileSync(caFile, emulator.caCertificatePem);
process.env.BENCH_ENTRA_SECRET = served.client.clientSecret;
const options = azureOptionsSchema.parse({
  tenantId: TENANT,
  credentials: { clientId: served.client.clientId, clientSecret: 'env:BENCH_ENTRA_SECRET' },
  graphUrl: emulator.graphEndpoint,
  authorityHost: emulator.authorityHost,
  authorityCaFile: caFile,
  concurrency: CONCURRENCY,
  ...(PACE > 0 ? { requestsPerSecond: PACE } : {}),
});
const started = performance.now();
let credentials = 0;
let partial = 0;
for await (const page of plugin
  .create(options, { name: 'entra', baseDir: '.' })
  .list({ signal: new AbortController().signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' })) {
  credentials += page.credentials.length;
  if (page.partial) partial++;
}
const wallMs = performance.now() - started;
await emulator.close();

const graph = emulator.requestLog.filter((entry) => entry.server === 'graph');
const byOperation = new Map<string, number>();
for (const entry of graph) byOperation.set(entry.operation, (byOperation.get(entry.operation) ?? 0) + 1);
// Refused (429) requests take no capacity from the limiter: the bound counts the admitted ones.
const admitted = graph.filter((entry) => !entry.throttled).length;
const lowerBoundMs = (admitted / RATE) * 1000;
console.log(
  `azure bench: ${APPS} applications, ${credentials} credentials, ${LATENCY_MS} ms latency, ${RATE} req/s (burst 20, Retry-After 1 s), concurrency ${CONCURRENCY}, pace ${PACE > 0 ? `${PACE}/s` : 'off'}`,
);
console.log(`credentials ${credentials}, partial pages ${partial}`);
console.log(
  `graph requests ${graph.length} (throttled ${emulator.throttledCount}, ${((emulator.throttledCount / graph.length) * 100).toFixed(1)}%)`,
);
console.log(
  `  ${[...byOperation]
    .sort((a, b) => b[1] - a[1])
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ')}`,
);
console.log(`requests per credential ${(graph.length / credentials).toFixed(2)}`);
console.log(
  `wall ${(wallMs / 1000).toFixed(1)} s, lower bound ${(lowerBoundMs / 1000).toFixed(1)} s, ratio ${(wallMs / lowerBoundMs).toFixed(2)}`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
