/**
 * Benchmark: correlate and evaluate 200,000 credentials against 50,000 people (issue: < 5 s on a
 * 2-core machine). Deterministic data (seeded PRNG), a realistic mix of leavers, contractors,
 * movers, and signals that match, miss or are absent. Also times the same evaluation through the
 * SQLite store (merge + resolve + evaluate + write findings), which is what `nhiscan scan` does.
 *
 * The store part records what a scan records (owner resolutions, findings, their history and one
 * audit record per finding change), then evaluates the unchanged inventory again: what a scheduled
 * rescan pays. Each line gives wall and CPU time (the CPU figure is steadier on a busy machine).
 *
 * Run: npm run bench   (PEOPLE=… CREDENTIALS=… to change the size, STORE=0 to skip the SQLite part,
 * DBSTAT=1 to print the largest tables and indexes)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../src/core/config-types.js';
import { toDate } from '../src/core/dates.js';
import type { RuleId } from '../src/core/model.js';
import { buildPeopleDirectory } from '../src/core/people.js';
import { resolveOwner } from '../src/correlate/index.js';
import { evaluate } from '../src/policy/index.js';
import { type EvaluationTimings, evaluateInventory } from '../src/scan/evaluate-inventory.js';
import {
  beginRun,
  finishRun,
  mergeRun,
  openDatabase,
  recordPeopleSnapshot,
  stagePage,
} from '../src/store/index.js';
import { syntheticEstate } from './support/synthetic-estate.js';

const PEOPLE = Number(process.env.PEOPLE ?? 50_000);
const CREDENTIALS = Number(process.env.CREDENTIALS ?? 200_000);
const AS_OF = toDate('2026-11-26');

function measure<T>(label: string, work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    `${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`,
  );
  return { result, ms };
}

const { people, credentials } = syntheticEstate(PEOPLE, CREDENTIALS, AS_OF);
console.log(
  `nhiscan bench: ${CREDENTIALS.toLocaleString('en')} credentials, ${PEOPLE.toLocaleString('en')} people, as of 2026-11-26, node ${process.version}`,
);

// Each phase timed on its own (the phases' sum is the figure the target applies to).
const directoryPhase = measure('  buildPeopleDirectory', () => buildPeopleDirectory(people));
const directory = directoryPhase.result;
const resolvePhase = measure('  resolveOwner (every credential)', () =>
  credentials.map((credential) => resolveOwner(credential, directory)),
);
const evaluatePhase = measure('  evaluate (every credential)', () => {
  const byRule = new Map<RuleId, number>();
  const resolutions = resolvePhase.result;
  for (let i = 0; i < credentials.length; i++) {
    for (const finding of evaluate(credentials[i]!, resolutions[i]!, directory, DEFAULT_POLICY, AS_OF)) {
      byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
    }
  }
  return byRule;
});
const pure = { result: evaluatePhase.result, ms: directoryPhase.ms + resolvePhase.ms + evaluatePhase.ms };
console.log(`${'correlate + evaluate (in memory)'.padEnd(48)} ${pure.ms.toFixed(0).padStart(7)} ms`);
console.log(
  `${''.padEnd(48)} ${Math.round(CREDENTIALS / (pure.ms / 1000)).toLocaleString('en')} credentials/s`,
);
console.log(
  `findings by rule: ${[...pure.result]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ')}`,
);

/** The store evaluation's parts: correlate+policy (reading and computing) and findings (recording). */
function printParts(timings: EvaluationTimings): void {
  console.log(
    `${''.padEnd(48)} correlate+policy ${timings.readMs + timings.computeMs} ms (reading ${timings.readMs}), findings ${timings.recordMs} ms`,
  );
}

// STORE=0 skips the SQLite part (about a minute at full size) when only the pure figure matters.
function storeBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'nhiscan-bench-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    const runId = beginRun(db, {
      startedAt: new Date().toISOString(),
      asOf: AS_OF.toISOString(),
      hrSnapshotId: null,
      onlySources: null,
    });
    measure(`store: stage ${CREDENTIALS.toLocaleString('en')} credentials (pages of 500)`, () => {
      for (let start = 0; start < credentials.length; start += 500) {
        stagePage(db, runId, 'bench', { credentials: credentials.slice(start, start + 500), principals: [] });
      }
    });
    measure('store: HR snapshot + merge into inventory', () => {
      db.transaction(() => {
        recordPeopleSnapshot(
          db,
          { source: 'bench', sha256: 'bench', fileModifiedAt: null, people },
          new Date().toISOString(),
        );
        mergeRun(db, runId, [{ name: 'bench', status: 'complete' }]);
      })();
    });
    const stored = measure('store: correlate + evaluate + write findings', () =>
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
    console.log(`${''.padEnd(48)} ${stored.result.findings.raised.toLocaleString('en')} findings raised`);
    printParts(stored.result.timings);
    // A second evaluation of the unchanged inventory: what a scheduled rescan pays (nothing to write).
    const rescanRun = beginRun(db, {
      startedAt: new Date().toISOString(),
      asOf: AS_OF.toISOString(),
      hrSnapshotId: null,
      onlySources: null,
    });
    const again = measure('store: the same, on an unchanged rescan', () =>
      db.transaction(() =>
        evaluateInventory(db, rescanRun, {
          people,
          policy: DEFAULT_POLICY,
          asOf: AS_OF,
          baseline: undefined,
          auditTime: new Date().toISOString(),
        }),
      )(),
    );
    finishRun(db, rescanRun, 'complete', new Date().toISOString());
    printParts(again.result.timings);
    const changes = again.result.findings;
    console.log(
      `${''.padEnd(48)} ${(changes.raised + changes.changed + changes.resolved).toLocaleString('en')} findings changed, ${again.result.ownersChanged} owners changed`,
    );
    if (process.env.DBSTAT) {
      console.log(
        db
          .prepare(
            'SELECT name, SUM(pgsize)/1048576.0 AS mib, SUM(ncell) AS cells FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12',
          )
          .all(),
      );
    }
    db.close();
    console.log(
      `database size                                    ${(statSync(join(dir, 'bench.db')).size / 1_048_576).toFixed(0).padStart(7)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.STORE !== '0') storeBench();

console.log(
  `peak RSS                                         ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(7)} MiB`,
);
console.log(
  `target: correlate + evaluate under 5000 ms -> ${pure.ms < 5000 ? 'met' : 'MISSED'} (${pure.ms.toFixed(0)} ms)`,
);
