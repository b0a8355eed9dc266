/** How a found value is shown in an error message: short, quoted, never a whole record. */
import type { z } from 'zod';

const MAX_SHOWN = 60;

export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);
}

/** A JSON value as the user wrote it, e.g. `"2026-13-01"`, `42`, `null`, `an object`. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.trim() === '' ? `an empty string ${quote(value)}` : quote(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A CSV cell as the user wrote it (already trimmed). */
export function describeCell(cell: string): string {
  return cell === '' ? 'an empty cell' : quote(cell);
}

/**
 * A hint when the value is right but for its letter case, e.g. `Active` for `active`:
 * status and worker type are matched exactly.
 */
export function caseHint(found: unknown, allowed: readonly unknown[] | undefined): string {
  if (typeof found !== 'string' || !allowed) return '';
  const lower = found.trim().toLowerCase();
  return allowed.some((value) => value === lower) ? ' (values are lowercase)' : '';
}

/** The allowed values of an enum issue, for `caseHint`. */
export function allowedValues(issue: z.core.$ZodIssue): readonly unknown[] | undefined {
  return issue.code === 'invalid_value' ? issue.values : undefined;
}
