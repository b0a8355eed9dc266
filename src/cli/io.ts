/** Where a command writes, and what it can read of its environment; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The wall clock; `--as-of` overrides it for date rules. */
  now: () => Date;
  signal: AbortSignal;
}

/**
 * A reader that goes away (`nhiscan findings --json | head`) is not an error of nhiscan's: the
 * closed pipe's EPIPE, and the writes refused after it, are swallowed, so the command finishes as it
 * would have (a scan still records its results and exits with its own code) and prints no stack
 * trace. Any other stream error is still thrown.
 */
function quietWhenReaderLeaves(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
  return stream;
}

export function processIo(signal: AbortSignal): CliIo {
  return {
    stdout: quietWhenReaderLeaves(process.stdout),
    stderr: quietWhenReaderLeaves(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    signal,
  };
}

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
