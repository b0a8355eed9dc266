/**
 * Benchmark: scan TENANTS emulated Entra tenants (one source), each with APPS applications (two
 * secrets each) and their service principals, through the Graph emulator, with a real
 * @azure/identity token over TLS, 20 ms of latency and Graph's identity-and-access throttling:
 * resource units per app and tenant (RU per WINDOW_S seconds; Graph: 3,500 / 5,000 / 8,000 per
 * 10 s by tenant size), 429 + Retry-After. Prints requests and RU per credential, throttled
 * responses and the wall time against the lower bound: the busiest tenant's RU ÷ its RU rate per second.
 *
 * Run: npm run bench:azure   (TENANTS, TENANT_CONCURRENCY, APPS, LATENCY_MS, RU, WINDOW_S, CONCURRENCY,
 * PACE to change it; EMULATOR_THREAD=0 serves Graph from the scanner's own thread)
 *
 * The defaults: RU 500 per 2 s (250 RU/s, a scaled stand-in for a small tenant's 350 RU/s, so
 * that the run takes under a minute); PACE (RU per 10 s, per tenant) at 95% of that.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EntraApplicationEstate,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from '../scanners/azure/emulator/estate.js';
import { type AzureEmulator, startAzureEmulator } from '../scanners/azure/emulator/index.js';
import { graphRateLimits } from '../scanners/azure/emulator/rate-limits.js';
import { requestCost } from '../scanners/azure/emulator/resource-units.js';
import { plugin } from '../scanners/azure/index.js';
import { azureOptionsSchema } from '../scanners/azure/options.js';
import { startEmulatorThread } from './support/emulator-thread.js';

const TENANTS = Number(process.env.TENANTS ?? 3);
const APPS = Number(process.env.APPS ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const RU = Number(process.env.RU ?? 500);
const WINDOW_S = Number(process.env.WINDOW_S ?? 2);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
/** The emulator serves from its own thread unless EMULATOR_THREAD=0 (then it shares the scanner's). */
const EMULATOR_THREAD = process.env.EMULATOR_THREAD !== '0';
/** Tenants read at once (the source's tenantConcurrency); all of them by default. */
const TENANT_CONCURRENCY = Number(process.env.TENANT_CONCURRENCY ?? TENANTS);
/** RU per second each tenant sustains at the emulator. */
const RU_PER_SECOND = RU / WINDOW_S;
/** Client-side pace (RU per 10 s per tenant); PACE=0 leaves it unpaced, learning the limit from 429s. */
const PACE = Number(process.env.PACE ?? Math.floor(RU_PER_SECOND * 10 * 0.95));
const tenantIdOf = (t: number) => `bbbbbbbb-0000-4000-8000-${String(t).padStart(12, '0')}`;
const guid = (kind: string, n: number) =>
  `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

function tenant(t: number): EntraTenantEstate {
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
    tenantId: tenantIdOf(t),
    domain: `bench${t}.onmicrosoft.com`,
    client: {
      clientId: guid('c11e', t),
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

const served = Array.from({ length: TENANTS }, (_, index) => tenant(index + 1));
const shape = graphRateLimits.keys.windowSeconds!.apply(
  graphRateLimits.keys.resourceUnits!.apply(graphRateLimits.real, RU),
  WINDOW_S,
);
const emulatorOptions = { estate: { tenants: served }, latencyMs: LATENCY_MS, rateLimit: shape };
type Served = Pick<AzureEmulator, 'graphEndpoint' | 'authorityHost' | 'caCertificatePem'>;
type ClosedEmulator = Pick<AzureEmulator, 'requestLog' | 'throttledCount'>;
/** The emulator in its own thread (the default), or in this one (EMULATOR_THREAD=0). */
const emulator: { ready: Served; close(): Promise<ClosedEmulator> } = EMULATOR_THREAD
  ? await startEmulatorThread<Served, ClosedEmulator>({
      module: 'scanners/azure/emulator/index.ts',
      start: 'startAzureEmulator',
      options: emulatorOptions,
      fields: ['graphEndpoint', 'authorityHost', 'caCertificatePem'],
      closeFields: ['requestLog', 'throttledCount'],
    })
  : await startAzureEmulator(emulatorOptions).then((started) => ({
      ready: started,
      close: async () => {
        await started.close();
        return started;
      },
    }));
const caFile = join(mkdtempSync(join(tmpdir(), 'nhiscan-bench-')), 'ca.pem');
writeFileSync(caFile, emulator.ready.caCertificatePem);
process.env.BENCH_ENTRA_SECRET = 'bench-only-client-secret';
const options = azureOptionsSchema.parse({
  tenants: served.map((entry) => ({
    tenantId: entry.tenantId,
    credentials: { clientId: entry.client.clientId, clientSecret: 'env:BENCH_ENTRA_SECRET' },
  })),
  graphUrl: emulator.ready.graphEndpoint,
  authorityHost: emulator.ready.authorityHost,
  authorityCaFile: caFile,
  concurrency: CONCURRENCY,
  tenantConcurrency: TENANT_CONCURRENCY,
  resourceUnitsPer10s: PACE,
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
const closed = await emulator.close();

const graph = closed.requestLog.filter((entry) => entry.server === 'graph');
const byOperation = new Map<string, number>();
for (const entry of graph) byOperation.set(entry.operation, (byOperation.get(entry.operation) ?? 0) + 1);
// Refused (429) requests take no capacity from the limiter: the bound counts the admitted ones.
const unitsOf = (entry: (typeof graph)[number]) =>
  requestCost(entry.method, entry.path, new URLSearchParams(entry.query)).resourceUnits;
const admitted = graph.filter((entry) => !entry.throttled);
const unitsByTenant = new Map<string, number>();
for (const entry of admitted)
  unitsByTenant.set(entry.tenantId ?? '', (unitsByTenant.get(entry.tenantId ?? '') ?? 0) + unitsOf(entry));
const totalUnits = [...unitsByTenant.values()].reduce((sum, units) => sum + units, 0);
// Each tenant has its own bucket: the busiest one bounds the scan at the sustained rate (as the
// other benches count it: the bucket's initial burst is not counted).
const lowerBoundMs = (Math.max(...unitsByTenant.values()) / RU_PER_SECOND) * 1000;
console.log(
  `azure bench: ${TENANTS} tenants × ${APPS} applications, ${LATENCY_MS} ms latency, ${RU} RU per ${WINDOW_S} s per app and tenant (Retry-After from the deficit), ${TENANT_CONCURRENCY} tenants at once, concurrency ${CONCURRENCY}, pace ${PACE > 0 ? `${PACE} RU/10 s` : 'off'}, the emulator in ${EMULATOR_THREAD ? 'its own thread' : "the scanner's thread"}`,
);
console.log(`credentials ${credentials}, partial pages ${partial}`);
console.log(
  `graph requests ${graph.length} (throttled ${closed.throttledCount}, ${((closed.throttledCount / graph.length) * 100).toFixed(1)}%), resource units ${totalUnits}`,
);
console.log(
  `  ${[...byOperation]
    .sort((a, b) => b[1] - a[1])
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ')}`,
);
console.log(
  `requests per credential ${(graph.length / credentials).toFixed(2)}, RU per credential ${(totalUnits / credentials).toFixed(2)}`,
);
console.log(
  `wall ${(wallMs / 1000).toFixed(1)} s, lower bound ${(lowerBoundMs / 1000).toFixed(1)} s (busiest tenant's RU ÷ ${RU_PER_SECOND} RU/s), ratio ${(wallMs / lowerBoundMs).toFixed(2)}`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
