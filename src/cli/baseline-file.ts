/**
 * Which baseline a command uses: `--baseline FILE`, else the config's `baseline` key, else
 * `./.nhiscan-baseline.yaml`, the file `nhiscan baseline add` and the review screen write by
 * default. A scan applies that default file only when it exists (a scan without a baseline is
 * normal); a file named by the flag or the config key must exist.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from './io.js';

export const DEFAULT_BASELINE_FILE = '.nhiscan-baseline.yaml';

/** The file to write suppressions to. */
export function baselineFile(
  io: CliIo,
  flag: string | undefined,
  config: { baselinePath: string | undefined } | undefined,
): string {
  if (flag) return resolve(io.cwd, flag);
  return config?.baselinePath ?? resolve(io.cwd, DEFAULT_BASELINE_FILE);
}

/** The file to apply, or undefined when none is named and the default file does not exist. */
export function baselineToApply(
  io: CliIo,
  flag: string | undefined,
  config: { baselinePath: string | undefined } | undefined,
): string | undefined {
  const path = baselineFile(io, flag, config);
  if (flag || config?.baselinePath) return path;
  return existsSync(path) ? path : undefined;
}
