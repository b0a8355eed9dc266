/**
 * The input limits (src/core/input-limits.ts) applied to HR records, before the schema: every
 * string field of a person from CSV, JSON or SCIM is checked as an identifier, a name or free
 * text, so a secret, a NUL byte, a lone surrogate, an oversized value, or an invisible or
 * control character in an id refuses the record by field, never showing the value.
 * Identifiers are stored in Unicode NFKC.
 */
import {
  checkField,
  controlCharacterProblem,
  FIELD_LIMITS,
  type FieldKind,
  normalizeIdentifierInput,
} from '../core/input-limits.js';
import { secretKindIn } from '../core/secret-detector.js';
import type { PersonField } from './person-schema.js';

/** How each field is checked. Enum and date fields are short tokens, checked as identifiers. */
export const PERSON_FIELD_KINDS: Readonly<Record<PersonField, FieldKind>> = {
  employeeId: 'id',
  email: 'id',
  name: 'name',
  status: 'id',
  workerType: 'id',
  hireDate: 'id',
  terminationDate: 'id',
  contractEndDate: 'id',
  department: 'name',
  managerEmail: 'id',
  previousDepartment: 'name',
  transferDate: 'id',
  aliases: 'id',
};

/** Fields stored in NFKC, so that what a person reads is what nhiscan matches. */
const IDENTIFIER_FIELDS: ReadonlySet<string> = new Set(['employeeId', 'email', 'managerEmail', 'aliases']);

/**
 * What is wrong with `value` for a field of this kind, never containing the value: the input
 * limits (`checkField`: bounded work on huge values), looked at in the value's NFKC form too (a
 * full-width `ｇｈｐ＿…` is still a token), then control characters in an identifier, which is one
 * line of visible text. (Names and free text keep theirs: they are removed wherever data is
 * printed, src/core/terminal-text.ts.)
 */
export function inputProblem(value: string, kind: FieldKind): string | null {
  const problem = checkField(value, kind);
  if (problem) return problem;
  const normalized = value.normalize('NFKC');
  return (
    (normalized === value ? null : checkField(normalized, kind)) ??
    (kind === 'id' ? controlCharacterProblem(value) : null)
  );
}

export interface PersonFieldProblem {
  field: PersonField;
  /** The alias's position in `aliases`, for a problem in one alias. */
  index?: number;
  problem: string;
}

/** Printable ASCII: no NUL, surrogate or invisible character, and already NFKC. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
/** No NUL or surrogate (pairs included, to keep this test simple). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const PLAIN = /^[^\u0000\uD800-\uDFFF]*$/;

/**
 * True when no value can have a problem, decided with one secret search over all of them: a
 * search of the values joined by line breaks (no token shape spans one) as names finds at least
 * what a search of each finds (ids are searched less eagerly). False means "look at each".
 */
function allClear(values: readonly [string, FieldKind][]): boolean {
  for (const [value, kind] of values) {
    if (value.length > FIELD_LIMITS[kind]) return false;
    if (
      kind === 'id' ? !PRINTABLE_ASCII.test(value) : !PLAIN.test(value) || value.normalize('NFKC') !== value
    )
      return false;
  }
  return secretKindIn(values.map(([value]) => value).join('\n'), { nameLike: true }) === null;
}

/** The string values of a record's fields (aliases one by one), with how each is checked. */
function stringValues(record: Record<string, unknown>): [string, FieldKind][] {
  const values: [string, FieldKind][] = [];
  for (const [field, kind] of Object.entries(PERSON_FIELD_KINDS) as [PersonField, FieldKind][]) {
    const value = record[field];
    if (typeof value === 'string') values.push([value, kind]);
    else if (Array.isArray(value))
      for (const item of value) if (typeof item === 'string') values.push([item, kind]);
  }
  return values;
}

/**
 * Checks every string field of a raw record (and each string alias) and, in place, puts the
 * identifiers of fields without a problem into NFKC. Returns the problems in field order.
 */
export function checkPersonRecord(record: Record<string, unknown>): PersonFieldProblem[] {
  // The common case, in one search: every value plain and short, no secret, identifiers ASCII.
  if (allClear(stringValues(record))) return [];
  const problems: PersonFieldProblem[] = [];
  for (const [field, kind] of Object.entries(PERSON_FIELD_KINDS) as [PersonField, FieldKind][]) {
    const value = record[field];
    if (typeof value === 'string') {
      const problem = inputProblem(value, kind);
      if (problem) problems.push({ field, problem });
      else if (IDENTIFIER_FIELDS.has(field)) record[field] = normalizeIdentifierInput(value);
    } else if (Array.isArray(value)) {
      const checked = value.map((item: unknown, index) => {
        if (typeof item !== 'string') return item;
        const problem = inputProblem(item, kind);
        if (problem) problems.push({ field, index, problem });
        return problem || !IDENTIFIER_FIELDS.has(field) ? item : normalizeIdentifierInput(item);
      });
      record[field] = checked;
    }
  }
  return problems;
}
