/**
 * Two executors at once on PostgreSQL (src/queue/step-claims.ts): each step is claimed with a
 * session advisory lock held across its provider call, so a second `queue execute --apply` running
 * at the same time leaves what the first holds (`skipped … another executor holds this step`), and
 * a SIGKILLed executor's claims end with its connection, its `started` step verified by the next
 * executor before anything is called.
 *
 * Each run copies a migrated database (CREATE DATABASE … TEMPLATE) holding six auto-approved leaver
 * requests (disable, then delete at once), starts TWO `node bin/nhiscan.js queue execute --apply
 * --db URL` children at the same moment against a fresh AWS IAM emulator, SIGKILLs one or both at
 * random points of their output, and then restarts single executors until every step is done.
 * After every run: each request is done, each key got exactly one UpdateAccessKey(Inactive) and one
 * DeleteAccessKey, the active owner's key was never touched, each (request, step) finished once in
 * the audit log, and `audit verify` passes. Across the runs, at least one executor must have seen
 * a step the other held (a `skipped` line): the two really contended.
 *
 * Random but replayable: NHISCAN_PG_CONCURRENT_SEED overrides the seed, NHISCAN_PG_CONCURRENT_RUNS
 * raises the number of runs; the seed and a summary are printed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { cli } from '../support/cli.js';
import { freshDatabase } from '../support/postgres-databases.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  CALLER_ENV,
  credentialUid,
  estateOf,
  type HrRow,
  type KeyOwner,
  providerWrites,
  writeConfig,
  writeHr,
} from './support/aws-queue-fixture.js';
import { expectEachKeyRevokedOnce } from './support/exactly-once.js';
import { type ChildRun, emulatorSettled, type KillPoint, runNhiscan } from './support/executor-process.js';
import { seededRandom } from './support/seeded-random.js';

const SEED = Number.parseInt(process.env.NHISCAN_PG_CONCURRENT_SEED ?? '20261207', 10);
const RUNS = Math.max(12, Number.parseInt(process.env.NHISCAN_PG_CONCURRENT_RUNS ?? '24', 10) || 0);
/** Runs side by side: each has its own database, emulator and two executor children. */
const PARALLEL = 2;
/** Bounded restarts of a single executor after the concurrent pair. */
const MAX_RESTARTS = 4;
const AS_OF = '2026-11-26T12:00:00Z';
const REVOCATION =
  '{ leaver: approve, rules: { leaver-owned: { standard: auto } }, deleteAfterDays: 0, maxPerRun: 50 }';
const GOVERNANCE = '{ actors: [{ id: crash-test, roles: [execute] }] }';

const LEAVER_KEYS: KeyOwner[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  user: `svc-leaver-${n}`,
  key: `AKIAPGCONCLEAVER000${n}`,
  owner: ['bob', 'cy', 'dee'][n % 3]!.concat('@acme.example'),
}));
const ACTIVE_KEY: KeyOwner = { user: 'svc-active', key: 'AKIAPGCONCACTIVE0001', owner: 'ann@acme.example' };
const HR: HrRow[] = [
  { id: 'E1', email: 'ann@acme.example', status: 'active' },
  { id: 'E2', email: 'bob@acme.example', status: 'terminated', terminationDate: '2026-10-01' },
  { id: 'E3', email: 'cy@acme.example', status: 'terminated', terminationDate: '2026-10-15' },
  { id: 'E4', email: 'dee@acme.example', status: 'terminated', terminationDate: '2026-11-01' },
];
const STEPS = LEAVER_KEYS.length * 2;
const EXECUTE = ['queue', 'execute', '--apply', '--as-of', AS_OF, '--by', 'crash-test'];
const CHILD_TIMEOUT_MS = 90_000;

type Killed = 'A' | 'B' | 'both';

interface RunReport {
  index: number;
  killed: Killed;
  /** SIGKILLs that landed (a kill point after the child had finished does not). */
  kills: number;
  /** Kill points that came after the child had already finished. */
  missed: number;
  /** `skipped` lines printed by the two concurrent executors… */
  skipped: number;
  /** …of which: the other executor held the step's claim (its advisory lock) at that moment. */
  skippedHeld: number;
  /** Steps found `started` once both concurrent children were gone. */
  startedAfterKills: number;
  recovered: number;
  restarts: number;
  /** Steps each concurrent executor finished (done), A then B. */
  doneBy: [number, number];
}

interface ListedRequest {
  id: number;
  credentialUid: string;
  state: string;
  mode: string;
  steps: { step: string; state: string }[];
}

interface AuditRecord {
  seq?: number;
  action: string;
  target?: string;
  payload: Record<string, unknown>;
}

const lines = (stdout: string, prefix: string) =>
  stdout.split('\n').filter((line) => line.startsWith(prefix));

/** One operation at a time: CREATE DATABASE … TEMPLATE copies of the same template. */
let copying: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const result = copying.then(work, work);
  copying = result.catch(() => undefined);
  return result;
}

describe('two executors at once on PostgreSQL, SIGKILLed at random points: every step happens exactly once', () => {
  let server: PostgresServer;
  let templateName: string;
  const root = temporaryDirectory('nhiscan-pg-concurrent-');
  const childEnv = { ...process.env, ...CALLER_ENV };

  beforeAll(async () => {
    Object.assign(process.env, CALLER_ENV);
    server = await startPostgres();
    const template = await freshDatabase(server.url);
    templateName = template.name;
    const dir = join(root.path, 'template');
    mkdirSync(dir);
    const emulator = await startAwsEmulator({ estate: estateOf([...LEAVER_KEYS, ACTIVE_KEY]) });
    try {
      writeHr(dir, HR, '2026-11-26T06:00:00Z');
      writeConfig(dir, emulator.endpoint, REVOCATION, GOVERNANCE);
      const migrated = await cli(['db', 'migrate', '--db', template.url, '--json'], { cwd: dir, now: AS_OF });
      expect([migrated.exitCode, migrated.stderr]).toEqual([0, '']);
      const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--db', template.url], {
        cwd: dir,
        now: AS_OF,
      });
      expect(scan.stderr).toBe('');
      expect(scan.exitCode).toBe(0);
      const listed = JSON.parse(
        (await cli(['queue', 'list', '--all', '--json', '--db', template.url], { cwd: dir })).stdout,
      ) as ListedRequest[];
      expect(
        listed
          .map((request) => [request.credentialUid, request.state, request.mode, request.steps.length])
          .sort(),
      ).toEqual(LEAVER_KEYS.map((leaver) => [credentialUid(leaver.key), 'approved', 'auto', 2]).sort());
    } finally {
      await emulator.close();
    }
  }, 120_000);
  afterAll(async () => {
    // pg_ctl stop waits for a shutdown checkpoint: slow on a busy machine.
    await server?.stop();
    root.remove();
  }, 120_000);

  async function listRequests(dir: string, url: string): Promise<ListedRequest[]> {
    const listed = await cli(['queue', 'list', '--all', '--json', '--db', url], { cwd: dir });
    expect([listed.exitCode, listed.stderr], 'queue list').toEqual([0, '']);
    return JSON.parse(listed.stdout) as ListedRequest[];
  }

  function killPoint(rng: ReturnType<typeof seededRandom>): KillPoint {
    // Mostly: once the k-th event line (started/done/recovered) of that child is printed, plus a
    // few ms, so kills land before, during and after provider calls and between the write-ahead
    // records. Sometimes: at a time from the spawn (start-up, planning, the first claims).
    return rng.next() < 0.15
      ? { afterEvents: 0, delayMs: rng.int(200, 3000) }
      : { afterEvents: rng.int(1, STEPS - 2), delayMs: rng.int(0, 6) };
  }

  async function concurrentRun(index: number): Promise<RunReport> {
    const rng = seededRandom((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const where = `run ${index} (seed ${SEED})`;
    const dir = join(root.path, `run-${index}`);
    mkdirSync(dir);
    const { url } = await serialised(() => freshDatabase(server.url, templateName));
    writeHr(dir, HR, '2026-11-26T06:00:00Z');
    const emulator = await startAwsEmulator({
      estate: estateOf([...LEAVER_KEYS, ACTIVE_KEY]),
      latencyMs: rng.int(1, 4),
    });
    const roll = rng.next();
    const killed: Killed = roll < 0.35 ? 'A' : roll < 0.7 ? 'B' : 'both';
    const report: RunReport = {
      index,
      killed,
      kills: 0,
      missed: 0,
      skipped: 0,
      skippedHeld: 0,
      startedAfterKills: 0,
      recovered: 0,
      restarts: 0,
      doneBy: [0, 0],
    };
    try {
      writeConfig(dir, emulator.endpoint, REVOCATION, GOVERNANCE);
      const argv = [...EXECUTE, '--db', url];
      const killA = killed === 'A' || killed === 'both' ? killPoint(rng) : undefined;
      const killB = killed === 'B' || killed === 'both' ? killPoint(rng) : undefined;
      // Both spawned in the same tick: they start up, plan the same six requests and race for them.
      const pair = await Promise.all([
        runNhiscan(argv, { cwd: dir, env: childEnv, killAt: killA, timeoutMs: CHILD_TIMEOUT_MS }),
        runNhiscan(argv, { cwd: dir, env: childEnv, killAt: killB, timeoutMs: CHILD_TIMEOUT_MS }),
      ]);
      pair.forEach((child: ChildRun, n) => {
        const name = n === 0 ? 'A' : 'B';
        report.skipped += lines(child.stdout, 'skipped ').length;
        report.skippedHeld += lines(child.stdout, 'skipped ').filter((line) =>
          line.endsWith(': another executor holds this step'),
        ).length;
        report.recovered += lines(child.stdout, 'recovered ').length;
        report.doneBy[n] = lines(child.stdout, 'done ').length;
        const armed = n === 0 ? killA : killB;
        if (child.killed) {
          report.kills++;
          return;
        }
        if (armed) report.missed++;
        // Not killed: it finished on its own, and must have done so cleanly.
        expect(child.stderr, `${where}: executor ${name} stderr`).toBe('');
        expect(child.code, `${where}: executor ${name} exit code\n${child.stdout}`).toBe(0);
        // Each `skipped` line is a step it left to the other executor, and its summary says so.
        const skipped = lines(child.stdout, 'skipped ').length;
        expect(
          lines(child.stdout, 'skipped ').every((line) =>
            /: (another executor holds this step|the request changed since the plan was made)$/.test(line),
          ),
          `${where}: executor ${name} skip reasons\n${child.stdout}`,
        ).toBe(true);
        if (skipped > 0)
          expect(child.stdout, `${where}: executor ${name} summary`).toContain(
            `, ${skipped} left to another executor.`,
          );
      });
      // A killed child's last request may still be in the emulator's socket buffer: let it land.
      await emulatorSettled(emulator);
      report.startedAfterKills = (await listRequests(dir, url))
        .flatMap((request) => request.steps)
        .filter((step) => step.state === 'started').length;

      // Single executors until nothing is left (a dead child's claims end with its connection,
      // which PostgreSQL may notice a moment later: a restart that still finds one held leaves it).
      for (;;) {
        const remaining = (await listRequests(dir, url))
          .flatMap((request) => request.steps)
          .filter((step) => step.state !== 'done').length;
        if (remaining === 0) break;
        expect(report.restarts, `${where}: steps still not done after ${MAX_RESTARTS} restarts`).toBeLessThan(
          MAX_RESTARTS,
        );
        report.restarts++;
        const restart = await runNhiscan(argv, { cwd: dir, env: childEnv, timeoutMs: CHILD_TIMEOUT_MS });
        report.recovered += lines(restart.stdout, 'recovered ').length;
        expect(restart.stderr, `${where}: restarted executor stderr`).toBe('');
        expect(restart.code, `${where}: restarted executor exit code\n${restart.stdout}`).toBe(0);
      }
      await emulatorSettled(emulator);
      expect(emulator.inFlight, `${where}: requests still in flight`).toBe(0);
      await checkRun(emulator, dir, url, where);
      return report;
    } finally {
      await emulator.close();
    }
  }

  async function checkRun(emulator: AwsEmulator, dir: string, url: string, where: string): Promise<void> {
    const listed = await listRequests(dir, url);
    expect(
      listed
        .map((request) => [request.credentialUid, request.state, request.steps.map((step) => step.state)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      `${where}: every request reached its final state`,
    ).toEqual(
      LEAVER_KEYS.map((leaver) => [credentialUid(leaver.key), 'done', ['done', 'done']]).sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      ),
    );

    // Exactly once each, and nothing for the active owner's key: the emulator saw every request.
    expectEachKeyRevokedOnce(emulator, LEAVER_KEYS, ACTIVE_KEY, where);

    const verified = await cli(['audit', 'verify', '--json', '--db', url], { cwd: dir });
    expect(verified.exitCode, `${where}: audit verify\n${verified.stdout}${verified.stderr}`).toBe(0);
    expect(JSON.parse(verified.stdout), `${where}: audit verify`).toMatchObject({ ok: true, warnings: [] });

    // Each (request, step) finished once in the audit log (done, or verified after a restart).
    const log = await cli(['audit', 'log', '--limit', '0', '--json', '--db', url], { cwd: dir });
    expect([log.exitCode, log.stderr], `${where}: audit log`).toEqual([0, '']);
    const records = JSON.parse(log.stdout) as AuditRecord[];
    const finished = new Map<string, string[]>();
    for (const record of records.filter((r) => r.action === 'step.done' || r.action === 'step.recovered')) {
      const key = `${record.payload.requestId}/${record.payload.ordinal}`;
      finished.set(key, [...(finished.get(key) ?? []), record.action]);
    }
    const expectedSteps = listed
      .flatMap((request) => [0, 1].map((ordinal) => `${request.id}/${ordinal}`))
      .sort();
    expect([...finished.keys()].sort(), `${where}: steps with a step.done/step.recovered record`).toEqual(
      expectedSteps,
    );
    expect(
      [...finished].filter(([, actions]) => actions.length !== 1),
      `${where}: steps finished twice`,
    ).toEqual([]);
    const requestsDone = records.filter((record) => record.action === 'request.done').map((r) => r.target);
    expect(requestsDone.sort(), `${where}: one request.done record per request`).toEqual(
      listed.map((request) => `request:${request.id}`).sort(),
    );

    // And a further run has nothing left to do.
    const writes = providerWrites(emulator).length;
    const again = await cli([...EXECUTE, '--db', url], { cwd: dir, now: AS_OF });
    expect(again.exitCode, `${where}: a further run\n${again.stderr}`).toBe(0);
    expect(providerWrites(emulator), `${where}: a further run calls nothing`).toHaveLength(writes);
  }

  it(`runs two executors at once in ${RUNS}+ runs, killing one or both; each key is disabled once and deleted once`, async () => {
    expect(Number.isSafeInteger(SEED), 'NHISCAN_PG_CONCURRENT_SEED must be an integer').toBe(true);
    console.log(
      `postgres concurrent executors seed ${SEED} (replay with NHISCAN_PG_CONCURRENT_SEED=${SEED})`,
    );
    const started = Date.now();
    const reports: RunReport[] = [];
    let next = 0;
    let failure: unknown;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (failure === undefined && next < RUNS) {
          const index = next++;
          try {
            reports.push(await concurrentRun(index));
          } catch (error) {
            failure ??= error;
          }
        }
      }),
    );
    if (failure !== undefined) throw failure;

    const sum = (value: (report: RunReport) => number) =>
      reports.reduce((total, report) => total + value(report), 0);
    const contended = reports.filter((report) => report.skipped > 0).length;
    const split = reports.filter((report) => report.doneBy[0] > 0 && report.doneBy[1] > 0).length;
    console.log(
      `postgres concurrent executors seed ${SEED}: ${reports.length} runs ` +
        `(killed A ${reports.filter((r) => r.killed === 'A').length}, B ${reports.filter((r) => r.killed === 'B').length}, ` +
        `both ${reports.filter((r) => r.killed === 'both').length}), ${sum((r) => r.kills)} SIGKILLs landed, ` +
        `${sum((r) => r.missed)} kill points came after the executor had finished; ` +
        `${contended} runs with a skipped step (${sum((r) => r.skipped)} skipped lines, ${sum((r) => r.skippedHeld)} of them a step the other executor held); ` +
        `${split} runs where both executors finished steps; ` +
        `${sum((r) => r.startedAfterKills)} steps left started by a kill, ${sum((r) => r.recovered)} recovered by verify; ` +
        `${sum((r) => r.restarts)} single-executor restarts; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(reports).toHaveLength(RUNS);
    // The two executors must really have contended, or the test proves little.
    expect(contended).toBeGreaterThan(0);
    expect(sum((r) => r.skippedHeld)).toBeGreaterThan(0);
    expect(sum((r) => r.kills)).toBeGreaterThan(0);
    // …and some kills must have left a step `started` for a restart to verify.
    expect(sum((r) => r.startedAfterKills)).toBeGreaterThan(0);
  }, 600_000);
});
