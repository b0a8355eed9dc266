/**
 * Benchmark: the store's share of a 100,000-credential scan on SQLite and on PostgreSQL, side by
 * side in the same run (issue 27: PostgreSQL within 1.5× SQLite). Each round, for each engine, a
 * fresh database takes what `nhiscan scan` writes: the staging of every page, the HR snapshot and
 * the merge, the evaluation with its findings and audit records, then an unchanged rescan (staging,
 * merge, evaluation). The providers are left out: their rate limits are the same whatever the
 * engine (the scale benchmark times them). PostgreSQL is a real server on 127.0.0.1, started here
 * from the machine's binaries (test/support/postgres-server.ts) with its defaults but fsync off,
 * or the one NHISCAN_TEST_POSTGRES_URL names.
 *
 * Run: npm run bench:store   (CREDENTIALS=… PEOPLE=… ROUNDS=… to change the size and repetitions)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../src/core/config-types.js';
import { toDate } from '../src/core/dates.js';
import type { Credential, Person } from '../src/core/model.js';
import { evaluateInventory } from '../src/scan/evaluate-inventory.js';
import {
  beginRun,
  type Db,
  finishRun,
  mergeRun,
  openDatabase,
  recordPeopleSnapshot,
  stagePage,
} from '../src/store/index.js';
import { migrateStore } from '../src/store/migrate-store.js';
import { freshDatabase } from '../test/support/postgres-databases.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { syntheticEstate } from './support/synthetic-estate.js';

const PEOPLE = Number(process.env.PEOPLE ?? 50_000);
const CREDENTIALS = Number(process.env.CREDENTIALS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const AS_OF = toDate('2026-11-26');
const PHASES = ['stage', 'merge', 'evaluate', 'rescan', 'total'] as const;
type Phase = (typeof PHASES)[number];

function scanOnce(
  db: Db,
  people: Person[],
  credentials: Credential[],
  first: boolean,
): Record<string, number> {
  const times: Record<string, number> = {};
  const timed = (phase: string, work: () => unknown) => {
    const start = performance.now();
    work();
    times[phase] = performance.now() - start;
  };
  const runId = beginRun(db, {
    startedAt: new Date().toISOString(),
    asOf: AS_OF.toISOString(),
    hrSnapshotId: null,
    onlySources: null,
  });
  timed('stage', () => {
    for (let start = 0; start < credentials.length; start += 500)
      stagePage(db, runId, 'bench', { credentials: credentials.slice(start, start + 500), principals: [] });
  });
  timed('merge', () =>
    db.transaction(() => {
      if (first)
        recordPeopleSnapshot(
          db,
          { source: 'bench', sha256: 'bench', fileModifiedAt: null, people },
          new Date().toISOString(),
        );
      mergeRun(db, runId, [{ name: 'bench', status: 'complete' }]);
    })(),
  );
  timed('evaluate', () =>
    db.transaction(() =>
      evaluateInventory(db, runId, {
        people,
        policy: DEFAULT_POLICY,
        asOf: AS_OF,
        baseline: undefined,
        auditTime: new Date().toISOString(),
      }),
    )(),
  );
  finishRun(db, runId, 'complete', new Date().toISOString());
  return times;
}

function engineRound(db: Db, people: Person[], credentials: Credential[]): Record<Phase, number> {
  const first = scanOnce(db, people, credentials, true);
  const again = scanOnce(db, people, credentials, false);
  const rescan = again.stage! + again.merge! + again.evaluate!;
  const total = first.stage! + first.merge! + first.evaluate! + rescan;
  return { stage: first.stage!, merge: first.merge!, evaluate: first.evaluate!, rescan, total };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const { people, credentials } = syntheticEstate(PEOPLE, CREDENTIALS, AS_OF);
console.log(
  `nhiscan store bench: ${CREDENTIALS.toLocaleString('en')} credentials, ${PEOPLE.toLocaleString('en')} people, ${ROUNDS} round(s), node ${process.version}`,
);
const server = await startPostgres();
const folder = mkdtempSync(join(tmpdir(), 'nhiscan-store-bench-'));
const results: Record<'sqlite' | 'postgres', Record<Phase, number>[]> = { sqlite: [], postgres: [] };
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternating, so that a slower stretch of the machine falls on both engines.
    for (const engine of round % 2 === 1
      ? (['sqlite', 'postgres'] as const)
      : (['postgres', 'sqlite'] as const)) {
      const target =
        engine === 'sqlite' ? join(folder, `round-${round}.db`) : (await freshDatabase(server.url)).url;
      if (engine === 'postgres') migrateStore(target);
      const db = openDatabase(target);
      try {
        const times = engineRound(db, people, credentials);
        results[engine].push(times);
        console.log(
          `round ${round} ${engine.padEnd(8)} ${PHASES.map((phase) => `${phase} ${seconds(times[phase])}`).join(', ')}`,
        );
      } finally {
        db.close();
      }
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
  await server.stop();
}

console.log('\nmedian (min–max) per phase:');
for (const phase of PHASES) {
  const cell = (engine: 'sqlite' | 'postgres') => {
    const values = results[engine].map((times) => times[phase]);
    return `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;
  };
  console.log(`  ${phase.padEnd(9)} sqlite ${cell('sqlite').padEnd(24)} postgres ${cell('postgres')}`);
}
const ratio =
  median(results.postgres.map((times) => times.total)) / median(results.sqlite.map((times) => times.total));
console.log(
  `\npostgres / sqlite (median totals): ${ratio.toFixed(2)}×; target <= 1.5× -> ${ratio <= 1.5 ? 'met' : 'MISSED'}`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
