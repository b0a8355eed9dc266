/**
 * Loads ink for an interactive session.
 *
 * ink reads the CI and CONTINUOUS_INTEGRATION variables once, when it is first imported, and in "CI
 * mode" draws nothing until the app exits: a reviewer in a terminal on a build agent, in a dev
 * container or inside a CI-spawned tmux would stare at a blank screen. `nhiscan review` only runs
 * when both ends are a terminal, so the session is interactive by construction: the variables are
 * hidden from ink's import and restored straight after.
 *
 * Importing ink takes a moment (about 0.1 s bundled in dist/, seconds through tsx on a slow
 * machine): meanwhile the terminal shows the screen's first frame, the loading spinner, which is
 * cleared when ink is in.
 */
import { LOADING_FINDINGS, spinning } from './spinner.js';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Carriage return, then erase the whole line. */
const CLEAR_LINE = '\r\u001B[2K';

export async function importInkForTerminal(
  terminal: { write(text: string): unknown; isTTY?: boolean } = process.stdout,
): Promise<typeof import('ink')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  if (terminal.isTTY) terminal.write(spinning(0, LOADING_FINDINGS));
  try {
    return await import('ink');
  } finally {
    if (terminal.isTTY) terminal.write(CLEAR_LINE);
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
