/** The nhiscan.yaml schema (docs/config.md). Unknown keys are errors. */
import { z } from 'zod';
import { DEFAULT_POLICY } from '../core/config-types.js';
import { notificationsSchema } from '../notify/settings.js';

/** revocation.hrChangeGuardPercent when the config does not set it. */
export const DEFAULT_HR_CHANGE_GUARD_PERCENT = 5;

import { configName, secretReference } from '../core/common-schemas.js';

const days = z.number().int().min(0);

export const policySchema = z.strictObject({
  staleAfterDays: days.default(DEFAULT_POLICY.staleAfterDays),
  maxKeyAgeDays: days.default(DEFAULT_POLICY.maxKeyAgeDays),
  moverGraceDays: days.default(DEFAULT_POLICY.moverGraceDays),
  newKeyGraceDays: days.default(DEFAULT_POLICY.newKeyGraceDays),
  pendingLeaverDays: days.default(DEFAULT_POLICY.pendingLeaverDays),
});

const requestMode = z.enum(['auto', 'approve', 'report']);
/** How the queue acts on a rule: per tier. Privileged access is never automatic: people approve it. */
const ruleModes = z.strictObject({
  standard: requestMode.optional(),
  privileged: z
    .enum(['approve', 'report'], { message: 'expected approve or report (privileged access is never auto)' })
    .optional(),
});

export const PROPOSAL_RULES = [
  'leaver-owned',
  'contractor-expired',
  'leaver-access-remains',
  'leaver-shared-secret',
  'mover-recertify',
  'propagation-gap',
  'owner-unknown',
] as const;

export const revocationSchema = z.strictObject({
  /**
   * How leaver-owned credentials are acted on. auto-disable: the reversible disable runs at once,
   * privileged or not, and approvals gate the irreversible steps; approve: every step waits for
   * approvals (the behaviour before issue 19); report: no request.
   */
  leaver: z.enum(['auto-disable', 'approve', 'report']).default('auto-disable'),
  deleteAfterDays: days.default(14),
  /** Distinct approvers a non-privileged request in approve mode needs. */
  approvals: z.number().int().min(1).default(1),
  privilegedApprovals: z.number().int().min(1).default(2),
  maxPerRun: z.number().int().min(0).default(25),
  hrChangeGuardPercent: z.number().min(0).max(100).default(DEFAULT_HR_CHANGE_GUARD_PERCENT),
  /** The hr-change guard trips only when at least this many people changed (one leaver in a small company never does). */
  hrChangeGuardMinPeople: z.number().int().min(1).default(3),
  /** A source whose credential count drops by more than this % against its last complete scan is partial. */
  sourceShrinkGuardPercent: z.number().min(0).max(100).default(20),
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
    /**
     * What a person present in the previous HR snapshot and absent now means: departed (a leaver
     * from the day they vanished, until HR says otherwise) or unknown (their credentials lose their owner).
     */
    missingMeans: z.enum(['departed', 'unknown']).default('departed'),
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

/** What a non-human actor (a CI bot) may do; it can never approve, reject, confirm or grant exceptions. */
export const SERVICE_ACTOR_ROLES = ['execute', 'verify', 'scan'] as const;

export const governanceSchema = z.strictObject({
  /** Non-human actors allowed to act, by the id they give as --by / NHISCAN_USER. */
  actors: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1, 'expected the id the actor gives as --by'),
        roles: z.array(z.enum(SERVICE_ACTOR_ROLES)).min(1, 'expected at least one role'),
      }),
    )
    .default([]),
  /** The longest a baseline entry or a recertification may hold, in days from the day it is made. */
  maxExceptionDays: z.number().int().min(1).max(3650).default(365),
  /** required: every decision carries an SSH signature (ssh-keygen -Y sign, namespace nhiscan). */
  signedDecisions: z.enum(['off', 'required']).default('off'),
  /** git's allowed-signers format: principals and their keys (needed when signedDecisions is required). */
  allowedSignersFile: z.string().min(1).optional(),
});

/**
 * The database (docs/config.md, `store`). Observations are the history of each credential's data:
 * the run that first saw each version. Nothing governance decides reads them (first and last seen
 * are kept apart, the audit log is never pruned); 90 days covers a quarterly access review.
 */
export const storeSchema = z.strictObject({
  observationRetentionDays: z
    .number({ message: 'expected a whole number of days, at least 1' })
    .int('expected a whole number of days, at least 1')
    .min(1, 'expected a whole number of days, at least 1')
    .default(90),
});

/**
 * How a scan lists its sources (docs/config.md, `scan`). One at a time keeps memory at one
 * source's peak; more lists sources of different types at once (the slowest source instead of the
 * sum), with memory near the sum of their peaks.
 */
export const scanSchema = z.strictObject({
  sourceConcurrency: z
    .number({ message: 'expected a whole number from 1 to 16' })
    .int('expected a whole number from 1 to 16')
    .min(1, 'expected a whole number from 1 to 16')
    .max(16, 'expected a whole number from 1 to 16')
    .default(1),
});

export const sourceHeaderSchema = z.looseObject({
  type: z.string().min(1),
  name: configName.optional(),
});

export const configSchema = z.strictObject({
  db: z.string().min(1).default('nhiscan.db'),
  /** The PostgreSQL password of a postgres:// db, as env:NAME (else PGPASSWORD or ~/.pgpass). */
  dbPassword: secretReference.optional(),
  hr: hrSchema,
  sources: z.array(sourceHeaderSchema).min(1, 'expected at least one source'),
  policy: policySchema.default(policySchema.parse({})),
  revocation: revocationSchema.default(revocationSchema.parse({})),
  baseline: z.string().min(1).optional(),
  /** Who may decide what (docs/queue.md "Who may decide"). */
  governance: governanceSchema.default(governanceSchema.parse({})),
  /** Announce, then act (docs/notifications.md); without it nothing is sent and nothing is held. */
  notifications: notificationsSchema.optional(),
  store: storeSchema.default(storeSchema.parse({})),
  scan: scanSchema.default(scanSchema.parse({})),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RevocationSettings = z.infer<typeof revocationSchema>;
export type GovernanceSettings = z.infer<typeof governanceSchema>;
export type StoreSettings = z.infer<typeof storeSchema>;
export type ScanSettings = z.infer<typeof scanSchema>;
