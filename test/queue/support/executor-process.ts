/**
 * Runs `nhiscan` as a real child process (bin/nhiscan.js), optionally SIGKILLing it at a chosen
 * point of its output, and waits for an emulator to settle after the child is gone.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AwsEmulator } from '../../../scanners/aws/emulator/index.js';

const BIN = fileURLToPath(new URL('../../../bin/nhiscan.js', import.meta.url));

/** Executor event lines (src/cli/render-queue.ts): one per step started, done or recovered. */
const EVENT_LINE = /^(started|done|recovered|FAILED|GAP) /;

export interface KillPoint {
  /** Kill once this many event lines were printed (0: counting from the spawn)… */
  afterEvents: number;
  /** …and this many milliseconds more. */
  delayMs: number;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when our SIGKILL ended it (false: it exited on its own before the kill point). */
  killed: boolean;
  stdout: string;
  stderr: string;
  events: string[];
}

export function runNhiscan(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; killAt?: KillPoint; timeoutMs?: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const events: string[] = [];
    let killSent = false;
    const kill = () => {
      if (killSent || child.exitCode !== null || child.signalCode !== null) return;
      killSent = true;
      child.kill('SIGKILL');
    };
    const armKill = () => {
      if (!options.killAt) return;
      if (options.killAt.delayMs === 0) kill();
      else setTimeout(kill, options.killAt.delayMs);
    };
    if (options.killAt?.afterEvents === 0) armKill();
    const watchdog = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nhiscan ${argv.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (EVENT_LINE.test(line)) {
          events.push(line);
          if (events.length === options.killAt?.afterEvents) armKill();
        }
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    // 'close': the process exited and its stdout/stderr are drained.
    child.once('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, killed: killSent && signal === 'SIGKILL', stdout, stderr, events });
    });
  });
}

/**
 * Waits until the emulator has no open connection and no request in hand. A killed client's last
 * request may still sit in the server's socket buffer when the child's exit is reported; it is
 * applied when read. Returns whether there was anything to wait for.
 */
export async function emulatorSettled(emulator: AwsEmulator, timeoutMs = 10_000): Promise<boolean> {
  const busy = () => emulator.openConnections > 0 || emulator.inFlight > 0;
  const wasBusy = busy();
  const deadline = Date.now() + timeoutMs;
  while (busy()) {
    if (Date.now() > deadline)
      throw new Error(
        `emulator still busy after ${timeoutMs} ms: ${emulator.openConnections} connections, ${emulator.inFlight} requests`,
      );
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return wasBusy;
}
