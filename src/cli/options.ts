/**
 * Option parsing shared by commands: config discovery, --fail-on, and the value parsers commands
 * give commander (`.option(flags, description, parser)`, i.e. `Option.argParser`). A parser refuses a
 * bad value with an InputError naming the flag, so the message is nhiscan's own and the exit code 2
 * (src/cli/main.ts), as when the check ran in the action; it runs while commander parses argv.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveAsOf } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import { SEVERITIES, type Severity } from '../core/model.js';

export const FAIL_ON_CHOICES = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/** `--config F`, else ./nhiscan.yaml. */
export function configPath(cwd: string, given: string | undefined): string {
  if (given) return resolve(cwd, given);
  const fallback = resolve(cwd, 'nhiscan.yaml');
  if (!existsSync(fallback)) {
    throw new InputError(
      'no config file: pass --config FILE or create nhiscan.yaml in this folder (see docs/config.md); `nhiscan demo` runs without one',
      { key: '--config' },
    );
  }
  return fallback;
}

/** A parser that accepts one of `choices`: "expected one of a, b, got "c"" otherwise. */
export function oneOf<T extends string>(key: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InputError(`expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`, { key });
    }
    return value as T;
  };
}

export const parseFailOn = oneOf('--fail-on', FAIL_ON_CHOICES);

/** A parser of whole numbers (digits only), at least `minimum`. */
export function wholeNumber(key: string, minimum = 0): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < minimum) {
      throw new InputError(
        `expected a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}, got ${JSON.stringify(value)}`,
        { key },
      );
    }
    return Number(value);
  };
}

/** `--as-of`: an ISO 8601 date or timestamp (src/core/clock.ts). */
export function parseAsOf(value: string): Date {
  return resolveAsOf(value);
}

export function severityAtLeast(severity: Severity, threshold: FailOn): boolean {
  if (threshold === 'none') return false;
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The comma-separated values of `flag`, each one of `known` (as `key` reads it: the whole value by
 * default); otherwise an InputError naming every unknown one and listing the known ones.
 */
export function knownValues(
  value: string,
  flag: string,
  noun: string,
  known: readonly string[],
  key: (entry: string) => string = (entry) => entry,
): string[] {
  const values = parseList(value);
  if (values.length === 0)
    throw new InputError(`expected at least one ${noun}: ${known.join(', ')}`, { key: flag });
  const unknown = values.map(key).filter((entry) => !known.includes(entry));
  if (unknown.length > 0) {
    const named = unknown.map((entry) => JSON.stringify(entry)).join(', ');
    throw new InputError(
      `unknown ${noun}${unknown.length === 1 ? '' : 's'} ${named}; expected one of ${known.join(', ')}`,
      { key: flag },
    );
  }
  return values;
}
