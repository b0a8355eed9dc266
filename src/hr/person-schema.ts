/**
 * The zod schema for one HR record (the model's Person), shared by the CSV and JSON readers.
 * Each schema's error message says what was expected; the readers add what was found.
 * Readers pass records through `normalizeRecord` first: missing, null and blank optional values
 * all mean "not set".
 */
import { z } from 'zod';
import { parseIsoDate } from '../core/dates.js';
import type { PersonStatus, WorkerType } from '../core/model.js';

export const PERSON_STATUSES = ['active', 'terminated'] as const satisfies readonly PersonStatus[];
export const WORKER_TYPES = ['employee', 'contractor'] as const satisfies readonly WorkerType[];

/** One `@`, something either side, no spaces. HR owns the address; this catches a wrong column or a typo. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const nonEmpty = (expected: string) => z.string({ error: expected }).trim().min(1, { error: expected });

const emailAddress = () => {
  const expected = 'expected an email address such as jane.doe@example.com';
  return z.string({ error: expected }).trim().regex(EMAIL, { error: expected });
};

/** HR dates repeat (hire dates, month ends), so validity is remembered rather than parsed again. */
const checkedDates = new Map<string, boolean>();
function isIsoDate(value: string): boolean {
  let valid = checkedDates.get(value);
  if (valid === undefined) {
    valid = parseIsoDate(value) !== null;
    if (checkedDates.size >= 50_000) checkedDates.clear();
    checkedDates.set(value, valid);
  }
  return valid;
}

const isoDate = () => {
  const expected = 'expected an ISO 8601 date such as 2026-11-26';
  return z.string({ error: expected }).trim().refine(isIsoDate, { error: expected });
};

const text = () => z.string({ error: 'expected a string' }).trim();

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected ${values.join(' or ')}` });

const optional = <T extends z.ZodType<string, string>>(schema: T) => schema.nullable().default(null);

export const personSchema = z.strictObject({
  employeeId: nonEmpty('expected a non-empty employee id'),
  email: emailAddress(),
  name: nonEmpty('expected a non-empty name'),
  status: oneOf(PERSON_STATUSES),
  workerType: oneOf(WORKER_TYPES),
  hireDate: optional(isoDate()),
  terminationDate: optional(isoDate()),
  contractEndDate: optional(isoDate()),
  department: optional(text()),
  managerEmail: optional(emailAddress()),
  previousDepartment: optional(text()),
  transferDate: optional(isoDate()),
  aliases: z
    .array(z.string({ error: 'expected a string' }), { error: 'expected an array of strings' })
    .default([]),
});

export type PersonField = keyof z.input<typeof personSchema>;

/** CSV column → model field, in the documented column order. */
export const CSV_COLUMNS = {
  employee_id: 'employeeId',
  email: 'email',
  name: 'name',
  status: 'status',
  worker_type: 'workerType',
  hire_date: 'hireDate',
  termination_date: 'terminationDate',
  contract_end_date: 'contractEndDate',
  department: 'department',
  manager_email: 'managerEmail',
  previous_department: 'previousDepartment',
  transfer_date: 'transferDate',
  aliases: 'aliases',
} as const satisfies Record<string, PersonField>;

export type CsvColumn = keyof typeof CSV_COLUMNS;

export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = [
  'employee_id',
  'email',
  'name',
  'status',
  'worker_type',
];

export const PERSON_FIELDS = Object.values(CSV_COLUMNS) as readonly PersonField[];

const OPTIONAL_TEXT_FIELDS: readonly PersonField[] = [
  'hireDate',
  'terminationDate',
  'contractEndDate',
  'department',
  'managerEmail',
  'previousDepartment',
  'transferDate',
];

/**
 * Readers pass each record through this before the schema, in place: blank optional values
 * (`""`, `"  "`) become null, and aliases are trimmed with blanks dropped (null means none).
 * Required values stay as they are, to be reported. (Done outside zod: a preprocess or
 * transform per field made the schema check of 50,000 rows two to three times slower.)
 */
export function normalizeRecord<T extends Record<string, unknown>>(record: T): T {
  const fields = record as Record<string, unknown>;
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value.trim() === '') fields[field] = null;
  }
  const aliases = fields.aliases;
  if (aliases === null) fields.aliases = [];
  // An array holding a non-string is left as written, so zod names the right index.
  else if (Array.isArray(aliases) && aliases.every((alias) => typeof alias === 'string')) {
    fields.aliases = aliases.map((alias: string) => alias.trim()).filter((alias) => alias !== '');
  }
  return record;
}
