/** Announce, then act: notices to owners, managers and the security contact (docs/notifications.md). */
import type { LoadedConfig } from '../config/load.js';
import { toDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { buildPeopleDirectory } from '../core/people.js';
import type { Db } from '../store/open.js';
import { loadPeople } from '../store/people-snapshots.js';
import { latestFinishedRun } from '../store/scan-runs.js';
import { createChannel } from './channels/create.js';
import type { NoticeChannel } from './channels/types.js';
import { type NotifyResult, runNotify } from './run-notify.js';

export { announceVerdict } from './gate.js';
export type { DeliveryReport, NotifyResult } from './run-notify.js';
export { NOTICE_RULES, type NotificationSettings, notificationsSchema } from './settings.js';

const laterOf = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

export interface ConfiguredNotifyOptions {
  /** Dates count from here; default: today, or the latest scan's as-of when that is later. */
  asOf?: Date;
  now: () => Date;
  dryRun: boolean;
  signal: AbortSignal;
  actor?: string;
  onDelivery?: Parameters<typeof runNotify>[1]['onDelivery'];
  /** Channels made beforehand (noticeChannels), e.g. checked before a scan starts. */
  channels?: NoticeChannel[];
}

/**
 * The configured channels, with their secrets read from the environment. An unset variable or an
 * unreadable CA file is an InputError naming the file and key: a scan checks this before it starts.
 */
export function noticeChannels(
  config: Pick<LoadedConfig, 'notifications' | 'baseDir' | 'file'>,
): NoticeChannel[] {
  return (config.notifications?.channels ?? []).map((channel, index) => {
    try {
      return createChannel(channel, { baseDir: config.baseDir, key: `notifications.channels[${index}]` });
    } catch (error) {
      if (error instanceof InputError && !error.location.file)
        throw new InputError(error.problem, { ...error.location, file: config.file }, { cause: error });
      throw error;
    }
  });
}

/**
 * Notifies from what the latest finished scan found, with the people of that scan's HR snapshot,
 * through the channels of the config's `notifications` block.
 */
export async function notifyFromLatestScan(
  db: Db,
  config: Pick<LoadedConfig, 'notifications' | 'baseDir' | 'file'>,
  options: ConfiguredNotifyOptions,
): Promise<NotifyResult> {
  const settings = config.notifications;
  if (!settings)
    throw new InputError('no notifications block: nothing to send (docs/notifications.md)', {
      file: config.file,
      key: 'notifications',
    });
  const run = latestFinishedRun(db);
  if (!run || run.hrSnapshotId === null)
    throw new InputError('no finished scan to notify about: run `nhiscan scan` first', { key: 'notify' });
  const people = buildPeopleDirectory(loadPeople(db, run.hrSnapshotId));
  const channels = options.dryRun ? [] : (options.channels ?? noticeChannels(config));
  try {
    return await runNotify(db, {
      settings,
      channels,
      people,
      // Notice periods count from the day the notice goes out: today, or the scan's as-of if later.
      asOf: options.asOf ?? laterOf(toDate(run.asOf), options.now()),
      now: options.now,
      dryRun: options.dryRun,
      signal: options.signal,
      ...(options.actor ? { actor: options.actor } : {}),
      ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
    });
  } finally {
    for (const channel of channels) await channel.close?.();
  }
}
