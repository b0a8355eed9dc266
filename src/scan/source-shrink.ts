/**
 * Sources cannot silently shrink. A source that no longer lists more than
 * revocation.sourceShrinkGuardPercent of the credentials of its last complete scan, or an inventory
 * file with a header and no rows where the source had credentials, is scanned as partial: nothing of it is
 * marked gone (its missing credentials become unverified), its findings stay, its requests stand,
 * and the scan exits 3 — unless `scan --accept-source-change --by WHO --reason TEXT` accepts the
 * drop, which is a `source.change-accepted` audit record naming the source, the counts and the share.
 *
 * Invariants: only a source that this run scanned completely is judged; what counts is what the
 * merge would mark gone (credentials an unsupported part covers stay unverified, so they do not
 * count), less what a done `delete` step of the queue removed; a source with nothing to compare with (never scanned, or no credential before) is never
 * shrunk.
 */
import { appendAudit } from '../audit/append.js';
import type { Db } from '../store/open.js';
import type { Acceptance } from './queue-freeze.js';
import type { SourceOutcome } from './scan-source.js';

export interface SourceShrink {
  source: string;
  type: string;
  /** Credentials at the last complete scan of the source (else live in the inventory). */
  previous: number;
  /** Credentials this run listed. */
  current: number;
  /** Live credentials of the source this run did not list: the merge would mark them gone. */
  missing: number;
  /** `missing`, in % of `previous`. */
  percent: number;
  limitPercent: number;
  /** The last complete scan run of the source; null when the count is the inventory's. */
  previousRunId: number | null;
  /** An inventory file with a header and no rows. */
  headerOnly: boolean;
}

function lastComplete(db: Db, source: string, runId: number): { runId: number | null; credentials: number } {
  const run = db
    .prepare(
      `SELECT run_id AS runId, credentials FROM scan_sources
        WHERE name = ? AND status = 'complete' AND run_id < ? ORDER BY run_id DESC LIMIT 1`,
    )
    .get(source, runId) as { runId: number; credentials: number } | undefined;
  if (run) return run;
  const live = db
    .prepare("SELECT COUNT(*) AS n FROM credentials WHERE source = ? AND state != 'gone'")
    .get(source) as { n: number };
  return { runId: null, credentials: live.n };
}

/**
 * Live credentials of the source that this run did not stage, leaving out those an unsupported
 * part covers (the merge keeps them as unverified) and those nhiscan's own queue deleted (their
 * absence is the step's effect, not a truncated listing): what a complete source would mark gone.
 */
function missingCount(db: Db, runId: number, outcome: SourceOutcome): number {
  const rows = db
    .prepare(
      `SELECT account, kind FROM credentials c WHERE c.source = ? AND c.state != 'gone'
          AND NOT EXISTS (SELECT 1 FROM scan_staging s WHERE s.run_id = ? AND s.entity = 'credential' AND s.uid = c.uid)
          AND NOT EXISTS (SELECT 1 FROM revocation_steps t JOIN revocation_requests q ON q.id = t.request_id
                           WHERE q.credential_uid = c.uid AND t.step = 'delete' AND t.state = 'done')`,
    )
    .all(outcome.name, runId) as { account: string; kind: string }[];
  return rows.filter(
    ({ account, kind }) =>
      !outcome.unsupported.some((part) => part.account === account && part.kinds.includes(kind)),
  ).length;
}

/** The shrink of a completely scanned source beyond the limit, or undefined. Runs before the merge. */
export function measureShrink(
  db: Db,
  runId: number,
  outcome: SourceOutcome,
  limitPercent: number,
): SourceShrink | undefined {
  if (outcome.status !== 'complete') return undefined;
  const before = lastComplete(db, outcome.name, runId);
  if (before.credentials === 0) return undefined;
  const missing = missingCount(db, runId, outcome);
  if (missing === 0) return undefined;
  const percent = Math.min(100, (missing / before.credentials) * 100);
  const headerOnly = outcome.type === 'inventory-file' && outcome.credentials === 0;
  if (percent <= limitPercent && !headerOnly) return undefined;
  return {
    source: outcome.name,
    type: outcome.type,
    previous: before.credentials,
    current: outcome.credentials,
    missing,
    percent: Math.round(percent * 10) / 10,
    limitPercent,
    previousRunId: before.runId,
    headerOnly,
  };
}

export function describeShrink(shrink: SourceShrink): string {
  const since =
    shrink.previousRunId === null ? 'in the inventory' : `at complete scan run ${shrink.previousRunId}`;
  const what = shrink.headerOnly
    ? `the inventory file has a header and no rows, where the source had ${shrink.previous} credentials ${since}`
    : `credential count dropped from ${shrink.previous} ${since} to ${shrink.current}: ${shrink.missing} no longer listed (${shrink.percent.toFixed(1)}%), more than revocation.sourceShrinkGuardPercent ${shrink.limitPercent}%`;
  return `${what}: nothing of this source is marked gone. A truncated export looks like this; if the change is real, accept it with nhiscan scan --accept-source-change --by WHO --reason TEXT`;
}

/** The outcome of a shrunk source that nobody accepted: partial, with the reason as its problem. */
export function asPartial(outcome: SourceOutcome, shrink: SourceShrink): SourceOutcome {
  return {
    ...outcome,
    status: 'partial',
    problems: [...outcome.problems, { scope: `source ${outcome.name}`, reason: describeShrink(shrink) }],
  };
}

export function recordAcceptance(
  db: Db,
  shrink: SourceShrink,
  accept: Acceptance,
  run: { runId: number; time: string },
): void {
  appendAudit(db, {
    time: run.time,
    actor: accept.by,
    action: 'source.change-accepted',
    target: `source:${shrink.source}`,
    reason: accept.reason,
    payload: {
      runId: run.runId,
      source: shrink.source,
      type: shrink.type,
      previous: shrink.previous,
      current: shrink.current,
      missing: shrink.missing,
      percent: shrink.percent,
      limitPercent: shrink.limitPercent,
      previousRunId: shrink.previousRunId,
      headerOnly: shrink.headerOnly,
      ...accept.attestation,
    },
  });
}
