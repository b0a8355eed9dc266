/**
 * HR lifecycle events (joiner, mover, leaver): NDJSON from a file or the webhook. Each event has an
 * id (the same id twice is one event), a type, the person and the date it takes effect. Events are
 * applied on top of the latest HR snapshot in effective-date order, so they may arrive out of order.
 * Each schema's error message says what was expected; the reader (./parse.ts) adds what was found.
 */
import { z } from 'zod';
import { parseIsoDate } from '../../core/dates.js';

export const HR_EVENT_TYPES = ['hire', 'transfer', 'terminate', 'rehire', 'contract-extend'] as const;
export type HrEventType = (typeof HR_EVENT_TYPES)[number];

/** A calendar day as written, `2026-11-26`; `2026-02-30` is refused. */
const isoDate = () => {
  const expected = 'expected a calendar date such as 2026-11-26 (YYYY-MM-DD)';
  return z
    .string({ error: expected })
    .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && parseIsoDate(text) !== null, { error: expected });
};

const nonEmpty = (expected: string, max?: number) => {
  const schema = z.string({ error: expected }).trim().min(1, { error: expected });
  return max === undefined ? schema : schema.max(max, { error: `${expected} of at most ${max} characters` });
};

/** One `@`, something either side, no spaces: the same check as the HR file's email column. */
const emailAddress = () => {
  const expected = 'expected an email address such as jane.doe@example.com';
  return z
    .string({ error: expected })
    .trim()
    .regex(/^[^\s@]+@[^\s@]+$/, { error: expected });
};

const id = nonEmpty('expected a non-empty event id', 200);
const person = {
  employeeId: nonEmpty('expected a non-empty employee id'),
  effectiveDate: isoDate(),
};

export const hrEventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      id,
      type: z.literal('hire'),
      ...person,
      email: emailAddress(),
      name: nonEmpty('expected a non-empty name'),
      workerType: z
        .enum(['employee', 'contractor'], { error: 'expected employee or contractor' })
        .default('employee'),
      department: nonEmpty('expected a non-empty department').optional(),
      managerEmail: emailAddress().optional(),
      contractEndDate: isoDate().optional(),
      aliases: z
        .array(nonEmpty('expected a non-empty string'), { error: 'expected an array of strings' })
        .default([]),
    }),
    z.strictObject({
      id,
      type: z.literal('transfer'),
      ...person,
      department: nonEmpty('expected the new department, a non-empty string'),
      managerEmail: emailAddress().optional(),
    }),
    z.strictObject({
      id,
      type: z.literal('terminate'),
      ...person,
      reason: z
        .string({ error: 'expected a string' })
        .max(500, { error: 'expected at most 500 characters' })
        .optional(),
    }),
    z.strictObject({
      id,
      type: z.literal('rehire'),
      ...person,
      department: nonEmpty('expected a non-empty department').optional(),
    }),
    z.strictObject({
      id,
      type: z.literal('contract-extend'),
      ...person,
      contractEndDate: isoDate(),
    }),
  ],
  { error: `expected type ${HR_EVENT_TYPES.slice(0, -1).join(', ')} or ${HR_EVENT_TYPES.at(-1)}` },
);

export type HrEvent = z.infer<typeof hrEventSchema>;

/** The keys an event of this type may have, in schema order, for "unknown key" messages. */
export function hrEventKeys(type: HrEventType): string[] {
  const option = hrEventSchema.options.find((candidate) => candidate.shape.type.value === type);
  return option ? Object.keys(option.shape) : [];
}
