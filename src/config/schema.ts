/** The nhiscan.yaml schema (DESIGN "Files users write"). Unknown keys are errors. */
import { z } from 'zod';
import { DEFAULT_POLICY } from '../core/config-types.js';
import { notificationsSchema } from '../notify/settings.js';

/** revocation.hrChangeGuardPercent when the config does not set it. */
export const DEFAULT_HR_CHANGE_GUARD_PERCENT = 5;

import { configName, secretReference } from './common-schemas.js';

const days = z.number().int().min(0);

export const policySchema = z.strictObject({
  staleAfterDays: days.default(DEFAULT_POLICY.staleAfterDays),
  maxKeyAgeDays: days.default(DEFAULT_POLICY.maxKeyAgeDays),
  moverGraceDays: days.default(DEFAULT_POLICY.moverGraceDays),
  newKeyGraceDays: days.default(DEFAULT_POLICY.newKeyGraceDays),
  pendingLeaverDays: days.default(DEFAULT_POLICY.pendingLeaverDays),
});

const requestMode = z.enum(['auto', 'approve', 'report']);
/** How the queue acts on a rule: per tier. Privileged access is never automatic (DESIGN: approvers). */
const ruleModes = z.strictObject({
  standard: requestMode.optional(),
  privileged: z
    .enum(['approve', 'report'], { message: 'expected approve or report (privileged access is never auto)' })
    .optional(),
});

export const PROPOSAL_RULES = [
  'leaver-owned',
  'contractor-expired',
  'mover-recertify',
  'propagation-gap',
  'owner-unknown',
] as const;

export const revocationSchema = z.strictObject({
  /** DESIGN key: the leaver-owned mode for non-privileged credentials (auto-disable = auto). */
  leaver: z.enum(['auto-disable', 'approve', 'report']).default('approve'),
  deleteAfterDays: days.default(14),
  /** Distinct approvers a non-privileged request in approve mode needs. */
  approvals: z.number().int().min(1).default(1),
  privilegedApprovals: z.number().int().min(1).default(2),
  maxPerRun: z.number().int().min(0).default(25),
  hrChangeGuardPercent: z.number().min(0).max(100).default(DEFAULT_HR_CHANGE_GUARD_PERCENT),
  /** Propose revoking owner-unknown credentials once the finding is this many days old; unset = never. */
  ownerUnknownAfterDays: days.optional(),
  /** Per rule and tier: auto | approve | report (overrides `leaver` for leaver-owned). */
  rules: z.partialRecord(z.enum(PROPOSAL_RULES), ruleModes).default({}),
});

export const hrSchema = z
  .strictObject({
    source: z.enum(['csv', 'json', 'scim']),
    path: z.string().min(1).optional(),
    url: z.string().url().optional(),
    token: secretReference.optional(),
    /** SCIM only (checked in load.ts against src/hr/scim's schema): CA file, page size, filter, attribute mapping. */
    caFile: z.string().min(1).optional(),
    pageSize: z.number().optional(),
    filter: z.string().optional(),
    mapping: z.record(z.string(), z.unknown()).optional(),
    maxAgeHours: z.number().positive().default(24),
  })
  .superRefine((hr, context) => {
    if ((hr.source === 'csv' || hr.source === 'json') && !hr.path) {
      context.addIssue({
        code: 'custom',
        path: ['path'],
        message: `hr.source ${hr.source} needs a path to the HR file`,
      });
    }
    if (hr.source === 'scim' && !hr.url) {
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'hr.source scim needs the url of the SCIM service',
      });
    }
  });

export const sourceHeaderSchema = z.looseObject({
  type: z.string().min(1),
  name: configName.optional(),
});

export const configSchema = z.strictObject({
  db: z.string().min(1).default('nhiscan.db'),
  hr: hrSchema,
  sources: z.array(sourceHeaderSchema).min(1, 'expected at least one source'),
  policy: policySchema.default(policySchema.parse({})),
  revocation: revocationSchema.default(revocationSchema.parse({})),
  baseline: z.string().min(1).optional(),
  /** Announce, then act (docs/notifications.md); without it nothing is sent and nothing is held. */
  notifications: notificationsSchema.optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RevocationSettings = z.infer<typeof revocationSchema>;
