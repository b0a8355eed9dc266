/**
 * What the peer benchmark prints: one table per run (each side's wall time, calls, calls per key,
 * throttled responses, ratio to nhiscan), the goals with met/MISSED, and over several runs each
 * figure's min/median/max.
 */
import { count, line, seconds } from '../support/measured-cli.js';
import type { TrafficSlice } from './emulator.js';
import { describeDifference, type FindingsDifference, identical } from './findings.js';

export interface SideResult {
  name: string;
  wallMs: number;
  traffic: TrafficSlice;
  accessKeys: number;
  /** Retries the client itself counted (boto3's attempts − calls); undefined for nhiscan. */
  retries?: number;
}

export interface RunResult {
  nhiscan: SideResult & { listingMs: number | undefined; lowerBoundMs: number; busiestAccount: string };
  loops: SideResult[];
  differences: FindingsDifference[];
}

export const GOALS = { threaded: 3, sequential: 20, bound: 1.1 } as const;

const calls = (side: SideResult) => side.traffic.requests - side.traffic.throttled;

/** The loop's ratio to nhiscan (its wall ÷ nhiscan's), by loop name. */
export function ratios(run: RunResult): Map<string, number> {
  return new Map(run.loops.map((loop) => [loop.name, loop.wallMs / run.nhiscan.wallMs]));
}

/** nhiscan's AWS listing time ÷ its rate-limit lower bound (undefined without the listing time). */
export const boundRatio = (run: RunResult) =>
  run.nhiscan.listingMs === undefined ? undefined : run.nhiscan.listingMs / run.nhiscan.lowerBoundMs;

export function printRun(label: string, run: RunResult): void {
  console.log(`\n${label}`);
  console.log(
    `${'side'.padEnd(22)}${'wall'.padStart(9)}${'calls'.padStart(9)}${'calls/key'.padStart(11)}${'throttled'.padStart(11)}${'retries'.padStart(9)}${'÷ nhiscan'.padStart(11)}`,
  );
  for (const side of [run.nhiscan, ...run.loops]) {
    console.log(
      `${side.name.padEnd(22)}${seconds(side.wallMs).padStart(9)}${count(calls(side)).padStart(9)}${(calls(side) / Math.max(side.accessKeys, 1)).toFixed(2).padStart(11)}${count(side.traffic.throttled).padStart(11)}${(side.retries === undefined ? '-' : count(side.retries)).padStart(9)}${(side.wallMs / run.nhiscan.wallMs).toFixed(2).padStart(11)}`,
    );
  }
  const { nhiscan } = run;
  line(
    'nhiscan AWS listing',
    nhiscan.listingMs === undefined
      ? 'unknown (no scan.finished timings)'
      : `${seconds(nhiscan.listingMs)} of ${seconds(nhiscan.wallMs)} end to end`,
  );
  const topActions = [...nhiscan.traffic.byAction]
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${action} ${count(n)}`)
    .join(', ');
  line('nhiscan calls by action', topActions);
  line(
    'nhiscan rate-limit lower bound',
    `${seconds(nhiscan.lowerBoundMs)} (busiest account ${nhiscan.busiestAccount}: ${count(nhiscan.traffic.iamCallsByAccount.get(nhiscan.busiestAccount) ?? 0)} IAM calls)`,
  );
  if (run.differences.length === 0) return;
  const same = run.differences.every(identical);
  line(
    'identical findings',
    same ? `yes: the same ${count(run.nhiscan.accessKeys)} access keys and last uses on every side` : 'NO',
  );
  for (const difference of run.differences)
    for (const text of describeDifference(difference)) console.log(`  ${text}`);
}

function check(label: string, met: boolean | undefined, detail: string): void {
  const mark = met === undefined ? 'n/a   ' : met ? 'met   ' : 'MISSED';
  console.log(`  ${mark} ${label}: ${detail}`);
}

export function printGoals(runs: RunResult[], names: { threaded: string; sequential: string }): void {
  console.log('\ngoals (issue 24), per run');
  for (const [index, run] of runs.entries()) {
    const prefix = runs.length > 1 ? `run ${index + 1}: ` : '';
    const ratio = ratios(run);
    const threaded = ratio.get(names.threaded);
    const sequential = ratio.get(names.sequential);
    check(
      `${prefix}${names.threaded} ÷ nhiscan ≥ ${GOALS.threaded}`,
      threaded === undefined ? undefined : threaded >= GOALS.threaded,
      threaded === undefined ? 'not run' : threaded.toFixed(2),
    );
    check(
      `${prefix}${names.sequential} ÷ nhiscan ≥ ${GOALS.sequential}`,
      sequential === undefined ? undefined : sequential >= GOALS.sequential,
      sequential === undefined ? 'not run' : sequential.toFixed(2),
    );
    const bound = boundRatio(run);
    check(
      `${prefix}nhiscan AWS listing ÷ lower bound ≤ ${GOALS.bound}`,
      bound === undefined ? undefined : bound <= GOALS.bound,
      bound === undefined ? 'no listing time' : bound.toFixed(2),
    );
    if (run.differences.length > 0)
      check(`${prefix}identical findings`, run.differences.every(identical), 'access key ids and last uses');
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function spread(label: string, values: number[], format: (value: number) => string): void {
  if (values.length === 0) return;
  line(
    label,
    `min ${format(Math.min(...values))}, median ${format(median(values))}, max ${format(Math.max(...values))}`,
  );
}

export function printSpread(runs: RunResult[]): void {
  if (runs.length < 2) return;
  console.log(`\nover ${runs.length} runs`);
  spread(
    'nhiscan wall',
    runs.map((run) => run.nhiscan.wallMs),
    seconds,
  );
  const names = runs[0]!.loops.map((loop) => loop.name);
  for (const name of names) {
    const loops = runs.flatMap((run) => run.loops.filter((loop) => loop.name === name));
    spread(
      `${name} wall`,
      loops.map((loop) => loop.wallMs),
      seconds,
    );
    spread(
      `${name} ÷ nhiscan`,
      runs.map((run) => ratios(run).get(name)!),
      (value) => value.toFixed(2),
    );
  }
  const bounds = runs.map(boundRatio).filter((value): value is number => value !== undefined);
  spread('nhiscan listing ÷ lower bound', bounds, (value) => value.toFixed(2));
}
