/**
 * Guards against mass or misinformed revocation (docs/queue.md "Guards"). Before any
 * provider call, `queue execute --apply` refuses — exit 2, with an audit record — when:
 *  - there is no finished scan, or the latest one is incomplete (a source failed or was partial);
 *  - the HR data that scan used is older than hr.maxAgeHours;
 *  - since the HR snapshot of an earlier scan, new leavers plus people who vanished from HR exceed
 *    revocation.hrChangeGuardPercent of that headcount and number at least
 *    revocation.hrChangeGuardMinPeople (a truncated export must not revoke the company; one leaver
 *    in a small company is not a truncation), unless that snapshot change was acknowledged. The
 *    scan applies the same test and freezes the queue (src/scan/queue-freeze.ts);
 *  - the run would take more than revocation.maxPerRun actions.
 */
import { appendAudit } from '../audit/append.js';
import { INDEXED_TARGET } from '../audit/targets.js';
import { toDate } from '../core/dates.js';
import { isLeaver } from '../core/people.js';
import type { Db } from '../store/open.js';
import {
  listedCount,
  listedPeopleWithIds,
  listedThenDropped,
  possibleLeavers,
} from '../store/people-snapshots.js';
import { latestFinishedRun, runSources } from '../store/scan-runs.js';

export type GuardId = 'no-scan' | 'incomplete-scan' | 'stale-hr' | 'hr-change' | 'max-per-run';

export interface GuardVerdict {
  guard: GuardId;
  ok: boolean;
  message: string;
  facts: Record<string, unknown>;
}

export interface GuardInput {
  now: Date;
  maxAgeHours: number;
  hrChangeGuardPercent: number;
  /** The hr-change guard trips only when at least this many people changed (default 3). */
  hrChangeGuardMinPeople?: number;
  maxPerRun: number;
  /** Actions this run would take. */
  actions: number;
}

export interface HrChange {
  previousSnapshotId: number;
  currentSnapshotId: number;
  previousCount: number;
  newLeavers: string[];
  removed: string[];
  percent: number;
}

/**
 * What changed between the previous HR snapshot a scan used and this one, judged at `asOf`.
 * Snapshots that only `nhiscan hr import` recorded are skipped: importing a truncated file and
 * then scanning the same data must not make the truncation look like no change at all.
 */
export function hrChange(db: Db, currentSnapshotId: number, asOf: Date): HrChange | undefined {
  const previous = db
    .prepare(
      'SELECT hr_snapshot_id AS id FROM scan_runs WHERE hr_snapshot_id < ? ORDER BY hr_snapshot_id DESC LIMIT 1',
    )
    .get(currentSnapshotId) as { id: number } | undefined;
  if (!previous) return undefined;
  // Only the people each export listed: someone carried forward as departed is "missing" once, at
  // the snapshot that first lacks them, and never counts as a new leaver. Read in SQL, parsing only
  // the people who may be leavers: a scan judges this on every run, whatever the roster's size.
  const candidates = possibleLeavers(db, currentSnapshotId);
  const before = listedPeopleWithIds(
    db,
    previous.id,
    candidates.map((person) => person.employeeId),
  );
  const newLeavers: string[] = [];
  for (const person of candidates) {
    const earlier = before.get(person.employeeId);
    if (isLeaver(person, asOf) && !(earlier && isLeaver(earlier, asOf))) newLeavers.push(person.employeeId);
  }
  const removed = listedThenDropped(db, previous.id, currentSnapshotId);
  const previousCount = listedCount(db, previous.id);
  const changed = newLeavers.length + removed.length;
  return {
    previousSnapshotId: previous.id,
    currentSnapshotId,
    previousCount,
    newLeavers,
    removed,
    percent: previousCount === 0 ? (changed > 0 ? 100 : 0) : (changed / previousCount) * 100,
  };
}

/** revocation.hrChangeGuardMinPeople when a caller does not give it. */
export const DEFAULT_HR_CHANGE_MIN_PEOPLE = 3;

export interface HrChangeLimits {
  percent: number;
  minPeople: number;
}

/** The hr-change guard's test: more than `percent` of the headcount, and at least `minPeople` people. */
export function hrChangeExceeds(change: HrChange, limits: HrChangeLimits): boolean {
  return (
    change.percent > limits.percent && change.newLeavers.length + change.removed.length >= limits.minPeople
  );
}

/** The words for a change that exceeds the limits, shared by the execute guard and the scan's freeze. */
export function describeHrChange(change: HrChange, limits: HrChangeLimits): string {
  return `HR snapshot ${change.currentSnapshotId} changed ${change.percent.toFixed(1)}% of ${change.previousCount} people since snapshot ${change.previousSnapshotId} (limit revocation.hrChangeGuardPercent ${limits.percent}%): ${change.newLeavers.length} new leavers${change.newLeavers.length ? ` (${sample(change.newLeavers)})` : ''}, ${change.removed.length} people missing${change.removed.length ? ` (${sample(change.removed)})` : ''}`;
}

/** Why a change over the percentage still passes: too few people changed. */
function belowFloor(change: HrChange, limits: HrChangeLimits): string {
  const changed = change.newLeavers.length + change.removed.length;
  return change.percent > limits.percent && changed < limits.minPeople
    ? `, but only ${changed} ${changed === 1 ? 'person' : 'people'} (revocation.hrChangeGuardMinPeople ${limits.minPeople})`
    : '';
}

/** The numbers of a change, as audit payloads carry them. */
export function hrChangeFacts(change: HrChange, limits: HrChangeLimits): Record<string, unknown> {
  return {
    previousSnapshotId: change.previousSnapshotId,
    currentSnapshotId: change.currentSnapshotId,
    previousCount: change.previousCount,
    newLeavers: change.newLeavers.length,
    removed: change.removed.length,
    percent: Math.round(change.percent * 10) / 10,
    limitPercent: limits.percent,
    minPeople: limits.minPeople,
  };
}

export function isHrChangeAcknowledged(db: Db, snapshotId: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM audit_log WHERE action = 'guard.acknowledged' AND target = ? AND ${INDEXED_TARGET} LIMIT 1`,
      )
      .get(`hr-snapshot:${snapshotId}`) !== undefined
  );
}

function sample(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}

export function checkGuards(db: Db, input: GuardInput): GuardVerdict[] {
  const run = latestFinishedRun(db);
  if (!run) {
    return [
      {
        guard: 'no-scan',
        ok: false,
        message: 'no finished scan: run `nhiscan scan` first',
        facts: {},
      },
    ];
  }
  const verdicts: GuardVerdict[] = [];
  const problems = runSources(db, run.id).filter((source) => source.status !== 'complete');
  verdicts.push({
    guard: 'incomplete-scan',
    ok: run.status === 'complete',
    message:
      run.status === 'complete'
        ? `latest scan run ${run.id} is complete`
        : `latest scan run ${run.id} is ${run.status}: ${problems
            .map(
              (source) =>
                `${source.name} ${source.status}${source.problems[0] ? ` (${source.problems[0].scope}: ${source.problems[0].reason})` : ''}`,
            )
            .join('; ')}; rescan before revoking`,
    facts: { runId: run.id, status: run.status },
  });

  const hrTime = run.hrModifiedAt ?? run.hrReadAt ?? run.startedAt;
  // A file written after "now" (an --as-of in the past) counts as fresh, not as negative age.
  const ageHours = Math.max(0, (input.now.getTime() - toDate(hrTime).getTime()) / 3_600_000);
  verdicts.push({
    guard: 'stale-hr',
    ok: ageHours <= input.maxAgeHours,
    message:
      ageHours <= input.maxAgeHours
        ? `HR data written ${hrTime} is ${ageHours.toFixed(1)} h old (limit hr.maxAgeHours ${input.maxAgeHours})`
        : `HR data used by scan run ${run.id} is ${ageHours.toFixed(1)} h old (written ${hrTime}); hr.maxAgeHours is ${input.maxAgeHours}: export HR again and rescan`,
    facts: {
      runId: run.id,
      hrTime,
      ageHours: Math.round(ageHours * 10) / 10,
      maxAgeHours: input.maxAgeHours,
    },
  });

  if (run.hrSnapshotId !== null) {
    const change = hrChange(db, run.hrSnapshotId, input.now);
    const acknowledged = isHrChangeAcknowledged(db, run.hrSnapshotId);
    const limits = {
      percent: input.hrChangeGuardPercent,
      minPeople: input.hrChangeGuardMinPeople ?? DEFAULT_HR_CHANGE_MIN_PEOPLE,
    };
    const ok = !change || !hrChangeExceeds(change, limits) || acknowledged;
    verdicts.push({
      guard: 'hr-change',
      ok,
      message: !change
        ? 'first HR snapshot: nothing to compare with'
        : ok
          ? `HR change since snapshot ${change.previousSnapshotId}: ${change.percent.toFixed(1)}% (limit ${limits.percent}%)${belowFloor(change, limits)}${acknowledged ? ', acknowledged' : ''}`
          : `${describeHrChange(change, limits)}. A truncated HR export looks like this; if the change is real, acknowledge it with --accept-hr-change --by WHO --reason TEXT`,
      facts: change
        ? { ...hrChangeFacts(change, limits), acknowledged }
        : { currentSnapshotId: run.hrSnapshotId },
    });
  }

  verdicts.push({
    guard: 'max-per-run',
    ok: input.actions <= input.maxPerRun,
    message:
      input.actions <= input.maxPerRun
        ? `${input.actions} actions (limit revocation.maxPerRun ${input.maxPerRun})`
        : input.maxPerRun === 0
          ? `${input.actions} actions due, but revocation.maxPerRun is 0: this config allows no action; raise the limit after review`
          : `${input.actions} actions due, more than revocation.maxPerRun ${input.maxPerRun}: take them in batches with --max ${input.maxPerRun}, or raise the limit after review`,
    facts: { actions: input.actions, maxPerRun: input.maxPerRun },
  });
  return verdicts;
}

/** The `guard.refused` record of an --apply run the guards stopped: every refused guard and its facts. */
export function recordGuardRefusal(
  db: Db,
  run: { time: Date; actor: string; guards: readonly GuardVerdict[]; actions: number },
): void {
  const refused = run.guards.filter((verdict) => !verdict.ok);
  appendAudit(db, {
    time: run.time.toISOString(),
    actor: run.actor,
    action: 'guard.refused',
    target: 'queue',
    reason: refused.map((verdict) => verdict.message).join(' | '),
    payload: {
      guards: refused.map((verdict) => ({ guard: verdict.guard, ...verdict.facts })),
      actions: run.actions,
    },
  });
}
