/**
 * The start-up benchmark: how long the compiled CLI takes to answer, side by side with a bare Node
 * in the same run, so the machine's state weighs on every figure alike. Builds dist/ first, makes
 * the demo database in a temporary folder (`nhiscan demo`), then, RUNS times round-robin:
 *  - `node -e 0`, the floor;
 *  - `nhiscan --version` (target: median ≤ 3× the floor's);
 *  - `nhiscan findings --db …` on the demo database (target: median ≤ 0.4 s);
 * and REVIEW_RUNS times the review screen's first page (target: median ≤ 1 s): `nhiscan review`
 * at 80×24 in tmux, from the keystroke that starts it until `tmux capture-pane` shows the findings
 * header (polled every POLL_MS). Prints median, quartiles and range of each, the machine's state,
 * and each target met or missed; exits 1 when one is missed.
 *
 * Run: npm run bench:startup   (RUNS=21, REVIEW_RUNS=7, POLL_MS=10; needs tmux). NHISCAN_BIN=FILE
 * times another entry point instead, e.g. an older checkout's bin/nhiscan.js, and builds nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = process.env.NHISCAN_BIN ?? join(ROOT, 'bin', 'nhiscan.js');
const RUNS = Number(process.env.RUNS ?? 21);
const REVIEW_RUNS = Number(process.env.REVIEW_RUNS ?? 7);
const POLL_MS = Number(process.env.POLL_MS ?? 10);
const HEADER = /nhiscan review · findings \(\d+\)/;
/** The child's environment: no CI switches, no colour, the SDK notice off as bin/nhiscan.js sets it. */
const ENV = { ...process.env, NO_COLOR: '1' };

/** Wall time of one command run to its end, in ms; throws when it fails. */
function timed(args: readonly string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, env: ENV, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

/** A tmux server of this run's own, kept up by a holder session between the review runs. */
const SOCKET = `nhiscan-startup-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One review start: the pane's shell waits on `read`, so tmux's own start-up is not counted; the
 * clock starts with the Enter that lets it exec nhiscan and stops when the header is on screen.
 */
async function reviewFirstPage(cwd: string, run: number): Promise<{ spinner: number; page: number }> {
  const session = `review-${run}`;
  const command = `read _ && exec '${process.execPath}' '${BIN}' review --db nhiscan-demo/nhiscan.db --as quin.meyer@acme.example`;
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', cwd, '-e', 'NO_COLOR=1', command);
  try {
    await sleep(200); // the shell reaches `read`; not timed
    const started = performance.now();
    tmux('send-keys', '-t', session, 'Enter');
    let spinner = Number.NaN;
    for (;;) {
      const screen = tmux('capture-pane', '-t', session, '-p');
      const elapsed = performance.now() - started;
      if (Number.isNaN(spinner) && screen.includes('Loading findings')) spinner = elapsed;
      if (HEADER.test(screen)) return { spinner: Number.isNaN(spinner) ? elapsed : spinner, page: elapsed };
      if (elapsed > 60_000) throw new Error(`review showed no findings header in 60 s:\n${screen}`);
      await sleep(POLL_MS);
    }
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', session]);
  }
}

interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const index = (sorted.length - 1) * q;
    const low = sorted[Math.floor(index)]!;
    const high = sorted[Math.ceil(index)]!;
    return low + (high - low) * (index - Math.floor(index));
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (value: number) => `${Math.round(value)} ms`;
function row(label: string, values: readonly number[]): Spread {
  const s = spread(values);
  console.log(
    `${label.padEnd(30)} median ${ms(s.median).padStart(7)}   quartiles ${ms(s.p25)}–${ms(s.p75)}   range ${ms(s.min)}–${ms(s.max)}   (${values.length} runs)`,
  );
  return s;
}

const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;

console.log(`node ${process.version}; ${machine()}`);
if (!process.env.NHISCAN_BIN)
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
else console.log(`timing ${BIN}`);
const dir = mkdtempSync(join(tmpdir(), 'nhiscan-startup-'));
try {
  execFileSync(process.execPath, [BIN, 'demo'], { cwd: dir, env: ENV, stdio: 'ignore' });
  const db = join('nhiscan-demo', 'nhiscan.db');
  const bare: number[] = [];
  const version: number[] = [];
  const findings: number[] = [];
  // One untimed round warms the file cache; then round-robin, so noise falls on all three alike.
  for (let run = 0; run <= RUNS; run++) {
    const times = [
      timed(['-e', '0'], dir),
      timed([BIN, '--version'], dir),
      timed([BIN, 'findings', '--db', db], dir),
    ];
    if (run === 0) continue;
    bare.push(times[0]!);
    version.push(times[1]!);
    findings.push(times[2]!);
  }
  const spinner: number[] = [];
  const page: number[] = [];
  tmux('new-session', '-d', '-s', 'holder', 'cat');
  try {
    // The first start is not timed either (file cache); then REVIEW_RUNS timed ones.
    for (let run = 0; run <= REVIEW_RUNS; run++) {
      const shown = await reviewFirstPage(dir, run);
      if (run === 0) continue;
      spinner.push(shown.spinner);
      page.push(shown.page);
    }
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  }

  console.log('');
  const floor = row('node -e 0', bare);
  const v = row('nhiscan --version', version);
  const f = row('nhiscan findings (demo db)', findings);
  row('review: spinner shown', spinner);
  const r = row('review: first page shown', page);
  console.log(`\nafter: ${machine()}`);

  const targets = [
    [`--version ≤ 3 × node -e 0`, v.median / floor.median, 3, `${(v.median / floor.median).toFixed(2)} ×`],
    ['findings ≤ 0.4 s', f.median / 1000, 0.4, `${(f.median / 1000).toFixed(3)} s`],
    ['review first page ≤ 1 s', r.median / 1000, 1, `${(r.median / 1000).toFixed(3)} s`],
  ] as const;
  let missed = 0;
  for (const [label, value, limit, shown] of targets) {
    const met = value <= limit;
    if (!met) missed++;
    console.log(`${met ? 'met   ' : 'MISSED'} ${label.padEnd(28)} ${shown}`);
  }
  process.exitCode = missed > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
