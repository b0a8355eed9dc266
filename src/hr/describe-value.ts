/**
 * How a found value appears in an error message: short, quoted, never a whole record, and never
 * a value that may be a secret or that could drive a terminal: those are described, not shown.
 */
import type { z } from 'zod';
import { SECRET_KIND_NAMES, secretKindIn } from '../core/secret-detector.js';
import { terminalSafe } from '../core/terminal-text.js';

const MAX_SHOWN = 60;
/** Names (columns, keys) longer than this are not repeated in a message. */
const MAX_NAME = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;

/** Secrets are looked for in the head: at most the first 60 characters are shown. */
const SEARCHED = 1024;

/** Why a text must not be shown (`looks like a GitHub token`), or null when it may be. */
export function hiddenReason(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (it holds a lone surrogate)';
  const secret = secretKindIn(text.length > SEARCHED ? text.slice(0, SEARCHED) : text, { nameLike: true });
  if (secret) return `looks like ${SECRET_KIND_NAMES[secret]}`;
  if (terminalSafe(text) !== text || text.includes('\u0000')) return 'holds control characters';
  return null;
}

/** At most `max` characters, cut at a character boundary, with `…` when cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max - 1 - (/[\uD800-\uDBFF]/.test(text[max - 2]!) ? 1 : 0);
  return `${text.slice(0, end)}…`;
}

export function quote(text: string): string {
  const hidden = hiddenReason(text);
  if (hidden) return `a value that ${hidden} (not shown)`;
  return JSON.stringify(shorten(text, MAX_SHOWN));
}

/**
 * A column or key name as found, when it is safe to repeat; otherwise null, and `hiddenName`
 * says why it is not shown.
 */
export function shownName(name: string): string | null {
  if (name.length > MAX_NAME || INVISIBLE.test(name) || hiddenReason(name) !== null) return null;
  return name;
}

/** `(not shown: it looks like a GitHub token)`, for a name `shownName` refuses to show. */
export function hiddenName(name: string): string {
  const reason =
    name.length > MAX_NAME
      ? `is ${name.length.toLocaleString('en-US')} characters long`
      : (hiddenReason(name) ?? 'holds invisible characters');
  return `(not shown: it ${reason})`;
}

/** A JSON value as the user wrote it, e.g. `"2026-13-01"`, `42`, `null`, `an object`. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.trim() === '' && hiddenReason(value) === null
      ? `an empty string ${quote(value)}`
      : quote(value);
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
