/**
 * `--on-terminate scan`: a termination that has taken effect starts a scan at once, so the leaver's
 * credentials are found and proposed for revocation within minutes, not at the next scheduled run.
 * The proposals still wait for the queue's guards and approvals; the audit trail links the event to
 * the run it started. With a notifications block, the run's notices go out at once too: the
 * leaver's manager learns what will be disabled and when (docs/notifications.md).
 */
import { appendAudit } from '../../audit/append.js';
import type { LoadedConfig } from '../../config/load.js';
import { notifyFromLatestScan } from '../../notify/index.js';
import { runScan } from '../../scan/run-scan.js';
import { openDatabase } from '../../store/index.js';
import type { HrEvent } from './model.js';

export function scanOnTermination(
  config: LoadedConfig,
  now: () => Date,
  log: (line: string) => void,
): (events: HrEvent[]) => Promise<void> {
  return async (events) => {
    const today = now().toISOString().slice(0, 10);
    const terminations = events.filter((event) => event.type === 'terminate' && event.effectiveDate <= today);
    if (terminations.length === 0) return;
    const people = terminations.map((event) => event.employeeId);
    log(`termination of ${people.join(', ')}: scanning every configured source`);
    const result = await runScan({ config, asOf: now(), now });
    const db = openDatabase(result.dbPath);
    try {
      appendAudit(db, {
        time: now().toISOString(),
        actor: 'hr-webhook',
        action: 'hr.termination-scan',
        target: `run:${result.runId}`,
        reason: `termination of ${people.join(', ')} started scan run ${result.runId}`,
        payload: {
          events: terminations.map((event) => event.id),
          employeeIds: people,
          runId: result.runId,
          status: result.status,
          proposed: result.queue.proposed,
        },
      });
    } finally {
      db.close();
    }
    log(`scan run ${result.runId} ${result.status}: ${result.queue.proposed} revocation request(s) proposed`);
    if (!config.notifications || result.status === 'failed') return;
    const notifyDb = openDatabase(result.dbPath);
    try {
      const notified = await notifyFromLatestScan(notifyDb, config, {
        now,
        dryRun: false,
        signal: new AbortController().signal,
      });
      log(
        `notices: ${notified.digests.length} digest(s) for ${notified.announced} new notice(s); ${notified.undelivered.length} undelivered`,
      );
    } finally {
      notifyDb.close();
    }
  };
}
