/**
 * What the benchmarks share: the real `nhiscan` CLI run in a child process with the usage preload
 * (its exit code, output, wall time, peak RSS and heap peaks), and the way figures are printed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'nhiscan.js');
const PRELOAD = pathToFileURL(join(import.meta.dirname, 'usage-preload.mjs')).href;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const count = (n: number) => n.toLocaleString('en');
/** One figure: its label padded to a column, then its value. */
export const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);

/** The child's peaks, as bench/support/usage-preload.mjs writes them on exit. */
export interface Usage {
  maxRssKiB: number;
  peakHeapUsedMiB: number;
  peakHeapTotalMiB: number;
  peakExternalMiB: number;
  /** When the sampled RSS was highest, in milliseconds after the child started. */
  peakRssAtMs?: number;
}

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  usage: Usage;
}

/**
 * Runs `nhiscan ARGS` in a child process. `usageFile` is where the preload writes its peaks;
 * `stderr: 'inherit'` shows the child's progress instead of capturing it.
 */
export async function runMeasuredCli(
  args: readonly string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    usageFile: string;
    stderr?: 'pipe' | 'inherit';
    /** Called with the child's pid once it is spawned (to sample its CPU, for example). */
    onSpawn?: (pid: number) => void;
  },
): Promise<MeasuredRun> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const started = performance.now();
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.CHILD_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.CHILD_PROF] : []),
        '--import',
        PRELOAD,
        BIN,
        ...args,
      ],
      {
        cwd: options.cwd,
        env: { ...options.env, NHISCAN_BENCH_USAGE_FILE: options.usageFile },
        stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'],
      },
    );
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', resolveExit);
  });
  const wallMs = performance.now() - started;
  return {
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    wallMs,
    usage: JSON.parse(readFileSync(options.usageFile, 'utf8')) as Usage,
  };
}
