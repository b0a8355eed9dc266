/**
 * Every text a command writes to stdout or stderr passes through here, so that data (HR names,
 * inventory cells, provider fields, error messages) can never drive the terminal: escape
 * sequences and C0 controls other than tab and newline are removed; C1 controls, DEL and bidi
 * overrides are written as `\uXXXX` (a lossless escape inside JSON, visible text elsewhere).
 * stderr (errors, warnings, logs) also passes through the secret detector, a second net behind
 * the input checks: no secret shape is echoed in a message. nhiscan's own terminal control (the
 * progress line, the review screen) writes to the raw stream, which `rawStream` gives back.
 */
import { redactSecrets } from '../core/secret-detector.js';
import { neutralizeTerminalText } from '../core/terminal-text.js';
import type { CliIo } from './io.js';

const RAW = Symbol('nhiscan raw stream');

type Stream = CliIo['stdout'];

function safeStream(stream: Stream, clean: (text: string) => string): Stream {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean)(
      typeof chunk === 'string' ? clean(chunk) : chunk,
      ...rest,
    );
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      if (property === RAW) return target;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The io a command sees: stdout and stderr made terminal-safe. */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: safeStream(io.stdout, neutralizeTerminalText),
    stderr: safeStream(io.stderr, (text) => neutralizeTerminalText(redactSecrets(text).text)),
  };
}

/** The stream under a terminal-safe one, for nhiscan's own escape sequences. */
export function rawStream(stream: Stream): NodeJS.WriteStream {
  return ((stream as unknown as Record<symbol, Stream>)[RAW] ?? stream) as NodeJS.WriteStream;
}
