/**
 * One SCIM User resource → a Person, pure: attribute paths from the mapping, `active: false` →
 * terminated, dates cut to the day, then the same record schema as the CSV and JSON readers.
 * Problems name the attribute path they came from.
 */
import { parseIsoDate } from '../../core/dates.js';
import type { Person } from '../../core/model.js';
import { allowedValues, caseHint, describeJsonValue } from '../describe-value.js';
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
  const read = (field: SingleField & PersonField, value = first(field)) => {
    found[field] = value;
    keyOf[field] = mapping.paths[field]?.text ?? field;
  };

  for (const field of TEXT_FIELDS) read(field);
  read('email', first('email') ?? (mapping.defaultEmail ? fallbackEmail(user) : undefined));
  read('name', first('name') ?? (mapping.defaultName ? fallbackName(user) : undefined));
  for (const field of DATE_FIELDS) read(field);
  const workerType = first('workerType');
  found.workerType =
    typeof workerType === 'string' || workerType === undefined ? workerTypeOf(workerType) : workerType;
  keyOf.workerType = mapping.paths.workerType?.text ?? 'workerType';

  const active = activeOf(user);
  if (active === null) {
    problems.push({
      key: 'active',
      problem: `expected true or false, got ${describeJsonValue(user.active)}`,
    });
  }
  const aliases = aliasesOf(user, mapping.aliases, problems);

  const record = normalizeRecord({
    ...Object.fromEntries(Object.entries(found).map(([field, value]) => [field, dayOf(field, value)])),
    status: active === false ? 'terminated' : 'active',
    aliases,
  });
  const parsed = personSchema.safeParse(record);
  if (parsed.success && problems.length === 0) return { person: parsed.data, problems: [] };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as PersonField;
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

function fallbackEmail(user: Json): unknown {
  const email = valuesAt(user, EMAIL_VALUES)[0];
  if (email !== undefined) return email;
  const userName = valuesAt(user, USER_NAME)[0];
  return typeof userName === 'string' && userName.includes('@') ? userName : undefined;
}

function fallbackName(user: Json): unknown {
  const formatted = valuesAt(user, FORMATTED_NAME)[0];
  if (formatted !== undefined) return formatted;
  const parts = NAME_PARTS.map((path) => valuesAt(user, path)[0]).filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length > 0 ? parts.map((part) => part.trim()).join(' ') : undefined;
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
      const alias = value.trim();
      if (alias === '') continue;
      aliases.add(alias);
      if (alias.includes('@')) aliases.add(`upn:${alias}`);
    }
  }
  return [...aliases];
}
