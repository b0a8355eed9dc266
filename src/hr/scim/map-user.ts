/**
 * One SCIM User resource → a Person, pure: attribute paths from the mapping, `active: false` →
 * terminated, dates cut to the day, then the same record schema as the CSV and JSON readers.
 * Problems name the attribute path they came from.
 */
import { parseIsoDate } from '../../core/dates.js';
import { normalizeIdentifierInput } from '../../core/input-limits.js';
import type { Person } from '../../core/model.js';
import { allowedValues, caseHint, describeJsonValue } from '../describe-value.js';
import { checkPersonRecord, inputProblem } from '../input-checks.js';
import { normalizeRecord, type PersonField, personSchema } from '../person-schema.js';
import { type AttributePath, parseAttributePath, valuesAt } from './attribute-path.js';
import { DEFAULT_MAPPING, type ScimMapping } from './options.js';

type Json = Record<string, unknown>;
type SingleField = Exclude<keyof ScimMapping, 'aliases'>;

export interface CompiledMapping {
  paths: Partial<Record<SingleField, AttributePath>>;
  aliases: AttributePath[];
  /** Fields whose path is the default, and so fall back as documented. */
  defaultEmail: boolean;
  defaultName: boolean;
}

export interface MappingProblem {
  /** The attribute path (or `active`) the problem is in; empty for the resource as a whole. */
  key: string;
  problem: string;
}

export type MappedUser = { person: Person; problems: [] } | { person: null; problems: MappingProblem[] };

export function compileMapping(mapping: ScimMapping): CompiledMapping {
  const paths: CompiledMapping['paths'] = {};
  for (const [field, text] of Object.entries(mapping) as [keyof ScimMapping, unknown][]) {
    if (field !== 'aliases' && typeof text === 'string') paths[field] = parseAttributePath(text);
  }
  return {
    paths,
    aliases: mapping.aliases.map(parseAttributePath),
    defaultEmail: mapping.email === DEFAULT_MAPPING.email,
    defaultName: mapping.name === DEFAULT_MAPPING.name,
  };
}

/** Values of these (case-insensitive, trimmed) make a contractor; anything else, or nothing, an employee. */
const CONTRACTOR_TYPES = new Set([
  'contractor',
  'contract',
  'contingent',
  'contingent worker',
  'consultant',
  'freelancer',
  'temp',
  'temporary',
  'vendor',
]);

const ACTIVE = parseAttributePath('active');
const EMAIL_VALUES = parseAttributePath('emails.value');
const USER_NAME = parseAttributePath('userName');
const FORMATTED_NAME = parseAttributePath('name.formatted');
const NAME_PARTS = [parseAttributePath('name.givenName'), parseAttributePath('name.familyName')];

const DATE_FIELDS = ['hireDate', 'terminationDate', 'contractEndDate', 'transferDate'] as const;
const TEXT_FIELDS = ['employeeId', 'department', 'managerEmail', 'previousDepartment'] as const;

export function mapScimUser(resource: unknown, mapping: CompiledMapping): MappedUser {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return {
      person: null,
      problems: [{ key: '', problem: `expected a SCIM User object, got ${describeJsonValue(resource)}` }],
    };
  }
  const user = resource as Json;
  const problems: MappingProblem[] = [];
  const first = (field: SingleField): unknown => {
    const path = mapping.paths[field];
    return path ? valuesAt(user, path)[0] : undefined;
  };
  // Each field's value as found, and the key it was read from, for messages.
  const found: Partial<Record<PersonField, unknown>> = {};
  const keyOf: Partial<Record<PersonField, string>> = {};
  const read = (field: SingleField & PersonField, value = first(field), key?: string) => {
    found[field] = value;
    keyOf[field] = key ?? mapping.paths[field]?.text ?? field;
  };
  // A documented fallback is named by the attribute it was read from.
  const readOr = (field: 'email' | 'name', fallback: (user: Json) => Fallback | undefined) => {
    const value = first(field);
    const other = value === undefined ? fallback(user) : undefined;
    read(field, other?.value ?? value, other?.key);
  };

  for (const field of TEXT_FIELDS) read(field);
  readOr('email', (resource) => (mapping.defaultEmail ? fallbackEmail(resource) : undefined));
  readOr('name', (resource) => (mapping.defaultName ? fallbackName(resource) : undefined));
  for (const field of DATE_FIELDS) read(field);
  const workerType = first('workerType');
  keyOf.workerType = mapping.paths.workerType?.text ?? 'workerType';
  // The raw worker type is not stored, but HR data holding a secret is refused all the same.
  const workerTypeProblem = typeof workerType === 'string' ? inputProblem(workerType, 'name') : null;
  if (workerTypeProblem) problems.push({ key: keyOf.workerType, problem: `the value ${workerTypeProblem}` });
  found.workerType =
    typeof workerType === 'string' || workerType === undefined ? workerTypeOf(workerType) : workerType;

  const active = activeOf(user);
  if (active === null) {
    problems.push({
      key: 'active',
      problem: `expected true or false, got ${describeJsonValue(user.active)}`,
    });
  }
  const aliases = aliasesOf(user, mapping.aliases, problems);

  const fields: Record<string, unknown> = Object.fromEntries(
    Object.entries(found).map(([field, value]) => [field, dayOf(field, value)]),
  );
  // The input limits before the schema: a value holding a secret is named as one, never shown.
  const refused = new Set<PersonField>(workerTypeProblem ? ['workerType'] : []);
  for (const { field, problem } of checkPersonRecord(fields)) {
    refused.add(field);
    problems.push({ key: keyOf[field] ?? field, problem: `the value ${problem}` });
  }
  const record = normalizeRecord({
    ...fields,
    status: active === false ? 'terminated' : 'active',
    aliases,
  });
  const parsed = personSchema.safeParse(record);
  if (parsed.success && problems.length === 0) return { person: parsed.data, problems: [] };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as PersonField;
    if (refused.has(field)) continue;
    const value = field === 'aliases' ? aliases : found[field];
    problems.push({
      key: keyOf[field] ?? mapping.aliases.map((path) => path.text).join(', '),
      problem: `${issue.message}, got ${describeJsonValue(value)}${caseHint(value, allowedValues(issue))}`,
    });
  }
  return { person: null, problems };
}

/** `active` is a boolean (RFC 7643 §4.1.1); missing means active. Null when it is neither. */
function activeOf(user: Json): boolean | null {
  const value = valuesAt(user, ACTIVE)[0];
  if (value === undefined || typeof value === 'boolean') return value ?? true;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  return null;
}

function workerTypeOf(value: string | undefined): 'employee' | 'contractor' {
  return value !== undefined && CONTRACTOR_TYPES.has(value.trim().toLowerCase()) ? 'contractor' : 'employee';
}

/** A date-time keeps its date as written (`2026-03-31T23:00:00-05:00` → `2026-03-31`); anything else is left to the schema. */
function dayOf(field: string, value: unknown): unknown {
  if (!(DATE_FIELDS as readonly string[]).includes(field) || typeof value !== 'string') return value;
  const text = value.trim();
  return /^\d{4}-\d{2}-\d{2}[T ]/.test(text) && parseIsoDate(text) !== null ? text.slice(0, 10) : value;
}

/** A value found by a fallback, and the attribute path it came from. */
interface Fallback {
  value: unknown;
  key: string;
}

function fallbackEmail(user: Json): Fallback | undefined {
  const email = valuesAt(user, EMAIL_VALUES)[0];
  if (email !== undefined) return { value: email, key: EMAIL_VALUES.text };
  const userName = valuesAt(user, USER_NAME)[0];
  return typeof userName === 'string' && userName.includes('@')
    ? { value: userName, key: USER_NAME.text }
    : undefined;
}

function fallbackName(user: Json): Fallback | undefined {
  const formatted = valuesAt(user, FORMATTED_NAME)[0];
  if (formatted !== undefined) return { value: formatted, key: FORMATTED_NAME.text };
  const parts = NAME_PARTS.map((path) => valuesAt(user, path)[0]).filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length > 0
    ? {
        value: parts.map((part) => part.trim()).join(' '),
        key: NAME_PARTS.map((path) => path.text).join(', '),
      }
    : undefined;
}

function aliasesOf(user: Json, paths: readonly AttributePath[], problems: MappingProblem[]): string[] {
  const aliases = new Set<string>();
  for (const path of paths) {
    for (const value of valuesAt(user, path)) {
      if (typeof value !== 'string') {
        problems.push({
          key: path.text,
          problem: `expected a string for an alias, got ${describeJsonValue(value)}`,
        });
        continue;
      }
      const problem = inputProblem(value, 'id');
      if (problem) {
        problems.push({ key: path.text, problem: `the value ${problem}` });
        continue;
      }
      const alias = normalizeIdentifierInput(value.trim());
      if (alias === '') continue;
      aliases.add(alias);
      if (alias.includes('@')) aliases.add(`upn:${alias}`);
    }
  }
  return [...aliases];
}
