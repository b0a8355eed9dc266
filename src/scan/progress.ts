/** Progress lines for long runs: redrawn in place on a TTY, silent when output is piped. */
import { terminalSafeLine } from '../core/terminal-text.js';

export interface Progress {
  update(message: string): void;
  done(): void;
}

export const silentProgress: Progress = { update: () => {}, done: () => {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 100): Progress {
  if (!stream.isTTY) return silentProgress;
  let last = 0;
  let shown = false;
  return {
    update(message) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      // The message names sources and accounts (data): made safe before nhiscan's own escapes.
      stream.write(`\r\x1b[2K${terminalSafeLine(message).slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
