/**
 * A scan, then its notices: what `nhiscan scan` and `hr serve --on-terminate scan` both do. The run
 * is recorded first (runScan); `onScanned` then sees it (warnings printed, an audit record written)
 * before any notice goes out; with a notifications block and notices asked for, the notices of what
 * this run found are sent from the latest finished scan (docs/notifications.md). A failed run sends
 * none. An error of the scan itself is thrown before `onScanned` is called.
 */
import type { NoticeChannel } from '../notify/channels/types.js';
import { type NotifyResult, notifyFromLatestScan } from '../notify/index.js';
import { openDatabase } from '../store/index.js';
import { runScan, type ScanRequest, type ScanResult } from './run-scan.js';

export interface ScanNotices {
  signal: AbortSignal;
  /** Notice periods count from here; default: today, or the scan's as-of when that is later. */
  asOf?: Date;
  /** Channels made (their secrets read) before the scan; made after it when absent. */
  channels?: NoticeChannel[];
}

export interface ScanAndNotifyOptions {
  /** Send the run's notices (when the config has a notifications block); false: scan only. */
  notify: ScanNotices | false;
  /** Called once the run is recorded, before its notices. */
  onScanned?: (result: ScanResult) => void | Promise<void>;
}

export interface ScanAndNotifyResult {
  scan: ScanResult;
  /** The notices sent; absent when none were asked for, there is no notifications block, or the run failed. */
  notified?: NotifyResult;
}

export async function scanAndNotify(
  request: ScanRequest,
  options: ScanAndNotifyOptions,
): Promise<ScanAndNotifyResult> {
  const scan = await runScan(request);
  await options.onScanned?.(scan);
  const { config } = request;
  if (!options.notify || !config.notifications || scan.status === 'failed') return { scan };
  const { signal, asOf, channels } = options.notify;
  const db = openDatabase(scan.dbPath);
  try {
    const notified = await notifyFromLatestScan(db, config, {
      ...(asOf ? { asOf } : {}),
      now: request.now ?? (() => new Date()),
      dryRun: false,
      signal,
      ...(channels ? { channels } : {}),
    });
    return { scan, notified };
  } finally {
    db.close();
  }
}
