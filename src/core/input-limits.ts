/**
 * The limits every text field that enters nhiscan is held to (docs/security.md "Limits on
 * inputs"), and the one check that applies them. A problem is described without the value, so
 * a message can name the file, line and field and still never echo a secret.
 *
 * - identifiers (employee ids, emails, aliases, logins, credential and account ids): at most
 *   256 characters, no invisible characters, stored in Unicode NFKC;
 * - names (a person's name, a department, a principal's display name): at most 256 characters;
 * - free text (reasons, descriptions): at most 1,024 characters;
 * - everywhere: no NUL byte, no lone surrogate, no secret material (src/core/secret-detector.ts).
 */
import { SECRET_KIND_NAMES, secretKindIn } from './secret-detector.js';

export type FieldKind = 'id' | 'name' | 'text';

export const FIELD_LIMITS: Readonly<Record<FieldKind, number>> = { id: 256, name: 256, text: 1024 };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;

/** The first invisible character as `U+200B`, for a message that cannot show it. */
function invisibleCodePoint(value: string): string | null {
  const match = INVISIBLE.exec(value);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * What is wrong with the value for a field of this kind, or null when nothing is. Never
 * contains the value. Secrets are checked first: a secret is named as one, whatever else is wrong.
 */
export function fieldProblem(value: string, kind: FieldKind): string | null {
  if (value.includes('\u0000')) return 'contains a NUL byte';
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (text that is not valid Unicode)';
  const secret = secretKindIn(value, { nameLike: kind !== 'id' });
  if (secret)
    return `holds what looks like ${SECRET_KIND_NAMES[secret]} (not shown); nhiscan never stores secret material: remove it from the input, and rotate it, as it has been exposed`;
  if (value.length > FIELD_LIMITS[kind]) return lengthProblem(value.length, FIELD_LIMITS[kind]);
  if (kind === 'id') {
    const invisible = invisibleCodePoint(value);
    if (invisible)
      return `contains an invisible character (${invisible}); identifiers must be visible text, so that what a person reads is what nhiscan matches`;
  }
  return null;
}

/** An identifier as stored: Unicode NFKC (a full-width `ａｌｉｃｅ` is `alice`). */
export function normalizeIdentifierInput(value: string): string {
  return value.normalize('NFKC');
}

/*
 * checkField: fieldProblem for a field that may have its own, lower limit (a baseline reason:
 * 500), with bounded work on huge values: a value over its limit is checked over its first
 * `limit` characters only, so a secret at its start is still named as one, and is otherwise
 * refused for its length. A 20 MiB cell costs no more than a 256-character one.
 */

/** The length problem, worded as fieldProblem words it. */
export function lengthProblem(length: number, limit: number): string {
  return `is ${length.toLocaleString('en-US')} characters long; at most ${limit.toLocaleString('en-US')} are allowed`;
}

/** The first `length` characters; one fewer rather than half a surrogate pair (a lone surrogate). */
export function headOf(value: string, length: number): string {
  if (value.length <= length) return value;
  const high = value.charCodeAt(length - 1);
  return value.slice(0, high >= 0xd800 && high <= 0xdbff ? length - 1 : length);
}

/** What is wrong with the value, never containing it; null when nothing is. */
export function checkField(
  value: string,
  kind: FieldKind,
  limit: number = FIELD_LIMITS[kind],
): string | null {
  const max = Math.min(limit, FIELD_LIMITS[kind]);
  if (value.length <= max) return fieldProblem(value, kind);
  return fieldProblem(headOf(value, max), kind) ?? lengthProblem(value.length, max);
}

/** C0 and C1 control characters other than NUL (fieldProblem's), and those but tab, LF and CR. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0001-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_BUT_LINE_BREAKS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * The first control character as `U+001B`, or null when there is none. An identifier is one line
 * of visible text; other text may hold tabs and line breaks, never an escape sequence.
 */
export function controlCharacterProblem(
  value: string,
  options: { lineBreaks?: boolean } = {},
): string | null {
  const match = (options.lineBreaks ? CONTROL_BUT_LINE_BREAKS : CONTROL).exec(value);
  if (!match) return null;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return options.lineBreaks
    ? `contains a control character (${code}); only tabs and line breaks are allowed`
    : `contains a control character (${code}); it must be one line of visible text`;
}
