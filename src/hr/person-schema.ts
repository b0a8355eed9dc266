/**
 * The zod schema for one HR record (the model's Person), shared by the CSV and JSON readers.
 * Each schema's error message says what was expected; the readers add what was found.
 * Missing, null and blank optional values all mean "not set" (null).
 */
import { z } from 'zod';
import { parseIsoDate } from '../core/dates.js';
import type { PersonStatus, WorkerType } from '../core/model.js';

export const PERSON_STATUSES = ['active', 'terminated'] as const satisfies readonly PersonStatus[];
export const WORKER_TYPES = ['employee', 'contractor'] as const satisfies readonly WorkerType[];

/** One `@`, something either side, no spaces. HR owns the address; this only catches a wrong column or a typo. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

const nonEmpty = (expected: string) =>
  z.string({ error: expected }).trim().min(1, { error: expected });

const emailAddress = () => {
  const expected = 'expected an email address such as jane.doe@example.com';
  return z.string({ error: expected }).trim().regex(EMAIL, { error: expected });
};

const isoDate = () => {
  const expected = 'expected an ISO 8601 date such as 2026-11-26';
  return z
    .string({ error: expected })
    .trim()
    .refine((value) => parseIsoDate(value) !== null, { error: expected });
};

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(trimmed, z.enum(values, { error: `expected ${values.join(' or ')}` }));

const optional = <T extends z.ZodType<string, string>>(schema: T) =>
  z.preprocess(blankToNull, schema.nullable()).default(null);

const aliases = z
  .preprocess(
    (value) => (value === null ? [] : value),
    z.array(z.string({ error: 'expected a string' }), { error: 'expected an array of strings' }),
  )
  .transform((list) => list.map((alias) => alias.trim()).filter((alias) => alias !== ''))
  .default([]);

export const personSchema = z.strictObject({
  employeeId: nonEmpty('expected a non-empty employee id'),
  email: emailAddress(),
  name: nonEmpty('expected a non-empty name'),
  status: oneOf(PERSON_STATUSES),
  workerType: oneOf(WORKER_TYPES),
  hireDate: optional(isoDate()),
  terminationDate: optional(isoDate()),
  contractEndDate: optional(isoDate()),
  department: optional(z.string({ error: 'expected a string' }).trim()),
  managerEmail: optional(emailAddress()),
  previousDepartment: optional(z.string({ error: 'expected a string' }).trim()),
  transferDate: optional(isoDate()),
  aliases,
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

export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = ['employee_id', 'email', 'name', 'status', 'worker_type'];

export const PERSON_FIELDS = Object.values(CSV_COLUMNS) as readonly PersonField[];
