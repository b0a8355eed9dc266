/**
 * A notify run: plan and record the notices in one transaction (plan-notices.ts), then deliver
 * every digest still owed to a channel, recording each channel's outcome with an audit record as
 * it happens. A crash between a send and its record re-sends that digest on the next run with the
 * same Message-ID and Idempotency-Key (at least once, never silently dropped). A dry run plans in a
 * transaction it rolls back, and sends nothing.
 */
import pLimit from 'p-limit';
import { appendAudit } from '../audit/append.js';
import type { PeopleDirectory } from '../core/people.js';
import type { Db } from '../store/open.js';
import { deliverDigest } from './channels/deliver.js';
import type { Digest, NoticeChannel } from './channels/types.js';
import { type NoticePlan, planNotices } from './plan-notices.js';
import type { NotificationSettings } from './settings.js';
import {
  type DigestRow,
  digestById,
  digestIdsOwedTo,
  recordDeliveryRow,
  undeliveredDigests,
} from './store.js';

export interface NotifyOptions {
  settings: NotificationSettings;
  channels: readonly NoticeChannel[];
  people: PeopleDirectory;
  asOf: Date;
  now: () => Date;
  dryRun: boolean;
  signal: AbortSignal;
  actor?: string;
  /** Waits between delivery attempts (tests pass a fake). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  onDelivery?: (delivery: DeliveryReport) => void;
}

export interface DeliveryReport {
  digestId: number;
  recipient: string;
  channel: string;
  target: string;
  delivered: boolean;
  attempts: number;
  detail: string;
}

export interface NotifyResult extends NoticePlan {
  dryRun: boolean;
  deliveries: DeliveryReport[];
  /** Digests that hold announced notices and that no channel has delivered. */
  undelivered: { digestId: number; recipient: string }[];
}

class DryRun extends Error {
  constructor(readonly plan: NoticePlan) {
    super('dry run: rolled back');
  }
}

function asDigest(row: DigestRow): Digest {
  return {
    id: row.id,
    recipient: row.recipient,
    role: row.role,
    subject: row.subject,
    text: row.body,
    deadline: row.deadline,
    items: row.items,
  };
}

/** Digests sent at once per channel. */
const DELIVERIES_IN_FLIGHT = 4;

async function deliverOne(
  db: Db,
  row: DigestRow,
  channel: NoticeChannel,
  options: NotifyOptions,
  actor: string,
): Promise<DeliveryReport> {
  const outcome = await deliverDigest(asDigest(row), channel, {
    retries: options.settings.retries,
    retryDelayMs: options.settings.retryDelayMs,
    signal: options.signal,
    ...(options.wait ? { wait: options.wait } : {}),
  });
  const at = options.now().toISOString();
  const report: DeliveryReport = {
    digestId: row.id,
    recipient: row.recipient,
    channel: channel.name,
    target: channel.target,
    delivered: outcome.delivered,
    attempts: outcome.attempts,
    detail: (outcome.delivered ? outcome.detail : outcome.error) ?? '',
  };
  db.transaction(() => {
    recordDeliveryRow(db, {
      digestId: row.id,
      channel: channel.name,
      target: channel.target,
      outcome: outcome.delivered ? 'delivered' : 'failed',
      attempts: outcome.attempts,
      detail: report.detail,
      at,
    });
    appendAudit(db, {
      time: at,
      actor,
      action: outcome.delivered ? 'notice.delivered' : 'notice.delivery-failed',
      target: `digest:${row.id}`,
      reason: outcome.delivered ? null : report.detail,
      payload: {
        digestId: row.id,
        recipient: row.recipient,
        role: row.role,
        channel: channel.name,
        channelKind: channel.kind,
        channelTarget: channel.target,
        attempts: outcome.attempts,
        detail: report.detail,
      },
    });
  })();
  return report;
}

export async function runNotify(db: Db, options: NotifyOptions): Promise<NotifyResult> {
  const actor = options.actor ?? 'nhiscan';
  const planInput = {
    settings: options.settings,
    people: options.people,
    asOf: options.asOf,
    now: options.now().toISOString(),
    actor,
  };
  if (options.dryRun) {
    try {
      db.transaction(() => {
        throw new DryRun(planNotices(db, { ...planInput, keepText: true }));
      })();
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
      return { ...error.plan, dryRun: true, deliveries: [], undelivered: [] };
    }
  }
  const plan = db.transaction(() => planNotices(db, planInput))();
  const deliveries: DeliveryReport[] = [];
  // A few digests in flight per channel: thousands of owners must not take thousands of round
  // trips in a row, and no mail server should see a flood. Each outcome is recorded as it lands.
  await Promise.all(
    options.channels.map((channel) => {
      const limit = pLimit(DELIVERIES_IN_FLIGHT);
      return Promise.all(
        digestIdsOwedTo(db, channel.name).map((id) =>
          limit(async () => {
            const report = await deliverOne(db, digestById(db, id)!, channel, options, actor);
            deliveries.push(report);
            options.onDelivery?.(report);
          }),
        ),
      );
    }),
  );
  deliveries.sort((a, b) => a.digestId - b.digestId || a.channel.localeCompare(b.channel));
  const undelivered = undeliveredDigests(db);
  return { ...plan, dryRun: false, deliveries, undelivered };
}
