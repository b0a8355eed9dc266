/**
 * The `notifications` block of nhiscan.yaml (docs/notifications.md): who is told, through which
 * channels, with which templates, and how many days a notice gives before the queue may act.
 * Without this block nhiscan sends nothing and the queue is not held back by notices.
 */
import { z } from 'zod';
import type { RuleId } from '../core/model.js';
import { channelSchema } from './channels/options.js';
import { TEMPLATE_ROLES, templateSchema } from './templates.js';

/** The rules a notice is sent for, and to whom (docs/notifications.md "Who is told what"). */
export const NOTICE_RULES = [
  'leaver-owned',
  'contractor-expired',
  'leaver-access-remains',
  'leaver-shared-secret',
  'mover-recertify',
  'stale',
  'over-age',
  'owner-unknown',
  'owner-not-in-hr',
] as const satisfies readonly RuleId[];
export type NoticeRule = (typeof NOTICE_RULES)[number];

/** A leaver's manager is given a week by default (leaver-owned, leaver-access-remains); every other notice two weeks. */
export const DEFAULT_NOTICE_DAYS = 14;
export const DEFAULT_LEAVER_NOTICE_DAYS = 7;

const days = z.number().int().min(0).max(365);

export const notificationsSchema = z
  .strictObject({
    /** Told about credentials nobody in HR owns, and about leavers without a manager in HR. */
    securityContact: z.email('expected an email address for the security contact'),
    /** Days between a notice and the first day the queue may act on it. */
    noticeDays: days.default(DEFAULT_NOTICE_DAYS),
    /** Per rule: its own notice period (leaver-owned defaults to 7 days). */
    rules: z.partialRecord(z.enum(NOTICE_RULES), z.strictObject({ noticeDays: days })).default({}),
    channels: z.array(channelSchema).min(1, 'expected at least one channel (email or webhook)'),
    /** Subject and body per recipient role; a role left out uses the built-in template. */
    templates: z.partialRecord(z.enum(TEMPLATE_ROLES), templateSchema).default({}),
    /** Retries per digest and channel after the first attempt, with doubling backoff. */
    retries: z.number().int().min(0).max(10).default(3),
    retryDelayMs: z.number().int().min(0).default(1000),
  })
  .superRefine((settings, context) => {
    const names = new Map<string, number>();
    for (const [index, channel] of settings.channels.entries()) {
      const name = channel.name ?? channel.type;
      const earlier = names.get(name);
      if (earlier !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['channels', index, 'name'],
          message: `duplicate channel name ${JSON.stringify(name)} (also channels[${earlier}]); give each channel a unique name`,
        });
      names.set(name, index);
    }
  });

export type NotificationSettings = z.infer<typeof notificationsSchema>;

/** The notice period of a rule, in days. */
export function noticeDaysFor(settings: NotificationSettings, rule: NoticeRule): number {
  const configured = settings.rules[rule]?.noticeDays;
  if (configured !== undefined) return configured;
  return rule === 'leaver-owned' || rule === 'leaver-access-remains'
    ? DEFAULT_LEAVER_NOTICE_DAYS
    : settings.noticeDays;
}

export function isNoticeRule(rule: string): rule is NoticeRule {
  return (NOTICE_RULES as readonly string[]).includes(rule);
}
