/**
 * Loads ink for an interactive session. ink reads the CI and CONTINUOUS_INTEGRATION variables once,
 * when it is first imported, and in "CI mode" draws nothing until the app exits: a reviewer in a
 * terminal on a build agent, in a dev container or inside a CI-spawned tmux would stare at a blank
 * screen. `nhiscan review` only runs when both ends are a terminal, so the session is interactive
 * by construction: the variables are hidden from ink's import and restored straight after.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export async function importInkForTerminal(): Promise<typeof import('ink')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return await import('ink');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
