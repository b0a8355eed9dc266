/** Option parsing shared by commands: config discovery, --as-of, --fail-on. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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

export function parseFailOn(value: string): FailOn {
  if (!(FAIL_ON_CHOICES as readonly string[]).includes(value)) {
    throw new InputError(`expected one of ${FAIL_ON_CHOICES.join(', ')}, got ${JSON.stringify(value)}`, {
      key: '--fail-on',
    });
  }
  return value as FailOn;
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
