/** Runs the CLI in-process with captured output and a fixed clock, as the tests' seam. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export async function cli(
  argv: string[],
  options: { cwd: string; now?: string; env?: NodeJS.ProcessEnv } = { cwd: process.cwd() },
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd,
    now: () => new Date(options.now ?? '2026-11-26T12:00:00Z'),
    signal: new AbortController().signal,
  };
  const exitCode = await runCli(argv, io);
  await new Promise((resolve) => setImmediate(resolve));
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

export { temporaryDirectory } from './temporary-directory.js';
