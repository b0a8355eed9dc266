/** The terminal the review screen draws on: its size now, and each new size after a resize. */
import { useStdout } from 'ink';
import { useEffect } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What the terminal reports, or 80×24 when it reports nothing. */
export function terminalSize(stdout: { columns?: number; rows?: number }): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/** Calls `onResize` with the new size whenever the terminal is resized. */
export function useTerminalResize(onResize: (size: TerminalSize) => void): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const listener = () => onResize(terminalSize(stdout));
    stdout.on('resize', listener);
    return () => {
      stdout.off('resize', listener);
    };
  }, [stdout, onResize]);
}
