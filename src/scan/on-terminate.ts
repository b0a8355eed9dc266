/**
 * `--on-terminate scan`: a termination that has taken effect starts a scan at once, so the leaver's
 * credentials are found and proposed for revocation within minutes, not at the next scheduled run.
 * The proposals still wait for the queue's guards and approvals. The audit trail links the event to
 * the run it started and names the open requests for each terminated person; a scan that cannot run
 * (bad HR data, say) is an audit record too, since the sender will not send the event again. Scans
 * run one at a time: a termination arriving during a scan starts the next one. With a
 * notifications block, the run's notices go out at once too: the leaver's manager learns what will
 * be disabled and when (docs/notifications.md). The scan and its notices are `scanAndNotify`, as in
 * `nhiscan scan`; the HR webhook (src/hr/events/webhook.ts) only calls this back with what it stored.
 */
import { appendAudit } from '../audit/append.js';
import type { LoadedConfig } from '../config/load.js';
import type { HrEvent } from '../hr/events/model.js';
import { openRequests } from '../queue/store.js';
import { openDatabase } from '../store/index.js';
import type { ScanResult } from './run-scan.js';
import { scanAndNotify } from './scan-and-notify.js';
import { type TerminationPlan, terminationPlan } from './termination-plan.js';

/** The sources the termination scan reads, from what the database knows of the people. */
function planFor(config: LoadedConfig, people: string[]): TerminationPlan {
  const db = openDatabase(config.dbPath);
  try {
    return terminationPlan(db, config.sources, people);
  } finally {
    db.close();
  }
}

function describePlan(plan: TerminationPlan): string {
  const whole = plan.only.filter((name) => !plan.focus.sources.includes(name));
  const parts = [
    `reading ${whole.length > 0 ? whole.join(', ') : 'no source'} whole (their credentials)`,
    `${plan.focus.sources.length > 0 ? plan.focus.sources.join(', ') : 'no source'} for their own accounts only`,
    ...(plan.skipped.length > 0 ? [`not reading ${plan.skipped.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

/** An open revocation request of a terminated person, as the audit record lists it. */
interface TerminationRequest {
  id: number;
  employeeId: string | null;
  credentialUid: string;
  source: string;
  rule: string;
  state: string;
}

export function scanOnTermination(
  config: LoadedConfig,
  now: () => Date,
  log: (line: string) => void,
): (events: HrEvent[]) => Promise<void> {
  let previous: Promise<void> = Promise.resolve();
  return (events) => {
    const next = previous.then(() => scanFor(config, now, log, events));
    previous = next.catch(() => undefined);
    return next;
  };
}

async function scanFor(
  config: LoadedConfig,
  now: () => Date,
  log: (line: string) => void,
  events: HrEvent[],
): Promise<void> {
  const today = now().toISOString().slice(0, 10);
  const terminations = events.filter((event) => event.type === 'terminate' && event.effectiveDate <= today);
  if (terminations.length === 0) return;
  const people = [...new Set(terminations.map((event) => event.employeeId))];
  const eventIds = terminations.map((event) => event.id);
  const plan = planFor(config, people);
  log(`termination of ${people.join(', ')}: ${describePlan(plan)}`);
  // The audit record and the log lines of the run come before its notices, as in `nhiscan scan`.
  let scanned = false;
  let result: Awaited<ReturnType<typeof scanAndNotify>>;
  try {
    result = await scanAndNotify(
      { config, asOf: now(), now, only: plan.only, focus: plan.focus },
      {
        notify: { signal: new AbortController().signal },
        onScanned: (run) => {
          scanned = true;
          recordTerminationScan(now, log, people, eventIds, run, plan);
        },
      },
    );
  } catch (error) {
    if (scanned) throw error;
    const message = (error as Error).message;
    log(`termination scan failed: ${message}`);
    const db = openDatabase(config.dbPath);
    try {
      appendAudit(db, {
        time: now().toISOString(),
        actor: 'hr-webhook',
        action: 'hr.termination-scan-failed',
        target: null,
        reason: `termination of ${people.join(', ')} could not start a scan: ${message}`,
        payload: { events: eventIds, employeeIds: people },
      });
    } finally {
      db.close();
    }
    return;
  }
  const notified = result.notified;
  if (notified)
    log(
      `notices: ${notified.digests.length} digest(s) for ${notified.announced} new notice(s); ${notified.undelivered.length} undelivered`,
    );
}

/** The run a termination started: an audit record naming the terminated people's open requests; the log. */
function recordTerminationScan(
  now: () => Date,
  log: (line: string) => void,
  people: string[],
  eventIds: string[],
  result: ScanResult,
  plan: TerminationPlan,
): void {
  const db = openDatabase(result.dbPath);
  let requests: TerminationRequest[];
  try {
    requests = openRequests(db)
      .filter((request) => request.ownerEmployeeId !== null && people.includes(request.ownerEmployeeId))
      .map((request) => ({
        id: request.id,
        employeeId: request.ownerEmployeeId,
        credentialUid: request.credentialUid,
        source: request.source,
        rule: request.rule,
        state: request.state,
      }));
    appendAudit(db, {
      time: now().toISOString(),
      actor: 'hr-webhook',
      action: 'hr.termination-scan',
      target: `run:${result.runId}`,
      reason: `termination of ${people.join(', ')} started scan run ${result.runId}`,
      payload: {
        events: eventIds,
        employeeIds: people,
        runId: result.runId,
        status: result.status,
        read: plan.only.filter((name) => !plan.focus.sources.includes(name)),
        focused: plan.focus.sources,
        skipped: plan.skipped,
        proposed: result.queue.proposed,
        requests,
      },
    });
  } finally {
    db.close();
  }
  log(`scan run ${result.runId} ${result.status}: ${result.queue.proposed} revocation request(s) proposed`);
  log(
    `open requests for ${people.join(', ')}: ${
      requests.length === 0
        ? 'none'
        : requests.map((request) => `#${request.id} ${request.credentialUid} (${request.state})`).join(', ')
    }`,
  );
}
