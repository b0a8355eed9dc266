/** Exit codes: a stable contract CI gates on (docs/ci.md "Exit codes"). */
export const EXIT = {
  /** Nothing at or above --fail-on after the baseline. */
  clean: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** Usage, config or input error: clear message, nothing written. */
  input: 2,
  /** A source failed or was partial: never reported as clean. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
