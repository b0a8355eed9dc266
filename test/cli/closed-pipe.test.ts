/**
 * A reader that goes away (`nhiscan … | head`) ends nothing badly: the command's output into the
 * closed pipe is dropped, nothing is printed on stderr (no EPIPE stack trace), and the command
 * exits with the code it would have had. Runs the real CLI (bin/nhiscan.js) in a child process
 * whose stdout is closed after its first chunk, for commands whose output is larger than a pipe's
 * buffer, so the write really meets a closed pipe.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'nhiscan.js');

/** Runs the CLI, closes its stdout after the first chunk, and resolves with its exit and stderr. */
function runIntoClosedPipe(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.once('data', (chunk: Buffer) => {
      read = chunk.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('output into a closed pipe', () => {
  const dir = temporaryDirectory();
  beforeAll(async () => {
    const demo = await cli(['demo'], { cwd: dir.path });
    if (demo.exitCode !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  }, 120_000);
  afterAll(() => dir.remove());

  it.each([
    [['report', '--format', 'ocsf', '--db', 'nhiscan-demo/nhiscan.db'], 0],
    [['report', '--format', 'json', '--db', 'nhiscan-demo/nhiscan.db'], 0],
    [['findings', '--json', '--db', 'nhiscan-demo/nhiscan.db'], 0],
  ])(
    '%j ends quietly with its own exit code',
    async (args, expected) => {
      const result = await runIntoClosedPipe(args, dir.path);
      expect(result.read).toBeGreaterThan(0);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(expected);
    },
    60_000,
  );
});
