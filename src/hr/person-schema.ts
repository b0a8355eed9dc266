/** zod schema for one HR record, shared by the CSV and JSON readers. */
import { z } from 'zod';
import { parseIsoDate } from '../core/dates.js';

const isoDate = z
  .string()
  .trim()
  .refine((value) => parseIsoDate(value) !== null, {
    message: 'expected an ISO 8601 date such as 2026-11-26',
  });

const email = z
  .string()
  .trim()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an email address such as jane.doe@example.com');

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const personSchema = z.strictObject({
  employeeId: z.string().trim().min(1, 'expected a non-empty employee id'),
  email,
  name: z.string().trim().min(1, 'expected a non-empty name'),
  status: z.enum(['active', 'terminated'], { error: 'expected active or terminated' }),
  workerType: z.enum(['employee', 'contractor'], { error: 'expected employee or contractor' }),
  hireDate: nullable(isoDate),
  terminationDate: nullable(isoDate),
  contractEndDate: nullable(isoDate),
  department: nullable(z.string().trim()),
  managerEmail: nullable(email),
  previousDepartment: nullable(z.string().trim()),
  transferDate: nullable(isoDate),
  aliases: z.array(z.string().trim().min(1, 'expected a non-empty alias')).default([]),
});

/** CSV column → model field. */
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
} as const;

export const REQUIRED_CSV_COLUMNS = ['employee_id', 'email', 'name', 'status', 'worker_type'] as const;
