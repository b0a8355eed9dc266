/**
 * HR lifecycle events (joiner, mover, leaver): NDJSON from a file or the webhook. Each event has an
 * id (the same id twice is one event), a type, the person and the date it takes effect. Events are
 * applied on top of the latest HR snapshot in effective-date order, so they may arrive out of order.
 */
import { z } from 'zod';

export const HR_EVENT_TYPES = ['hire', 'transfer', 'terminate', 'rehire', 'contract-extend'] as const;
export type HrEventType = (typeof HR_EVENT_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-11-26');

export const hrEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal('hire'),
    employeeId: z.string().min(1),
    effectiveDate: isoDate,
    email: z.string().email(),
    name: z.string().min(1),
    workerType: z.enum(['employee', 'contractor']).default('employee'),
    department: z.string().min(1).optional(),
    managerEmail: z.string().email().optional(),
    contractEndDate: isoDate.optional(),
    aliases: z.array(z.string().min(1)).default([]),
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal('transfer'),
    employeeId: z.string().min(1),
    effectiveDate: isoDate,
    department: z.string().min(1),
    managerEmail: z.string().email().optional(),
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal('terminate'),
    employeeId: z.string().min(1),
    effectiveDate: isoDate,
    reason: z.string().max(500).optional(),
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal('rehire'),
    employeeId: z.string().min(1),
    effectiveDate: isoDate,
    department: z.string().min(1).optional(),
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal('contract-extend'),
    employeeId: z.string().min(1),
    effectiveDate: isoDate,
    contractEndDate: isoDate,
  }),
]);

export type HrEvent = z.infer<typeof hrEventSchema>;
