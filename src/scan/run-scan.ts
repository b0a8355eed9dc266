/**
 * One scan run, end to end: read HR and the baseline, scan every selected source into staging,
 * then — in one transaction — record the HR snapshot, merge the inventory, resolve owners and
 * evaluate policy. Bad input anywhere rejects the run and leaves the database as it was.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { appendAudit } from '../audit/append.js';
import type { LoadedConfig, SourceConfig } from '../config/load.js';
import { InputError, isInputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { buildPeopleDirectory } from '../core/people.js';
import type { ScanContext } from '../core/plugin.js';
import { applyHrEvents } from '../hr/events/apply.js';
import { parseHrFile } from '../hr/index.js';
import { readScimPeople } from '../hr/scim/index.js';
import { describeDiff, diffSnapshots } from '../hr/snapshot-diff.js';
import { type Baseline, loadBaseline } from '../policy/baseline.js';
import { openGapFindings } from '../queue/propagation-gap.js';
import { type ReconcileSummary, reconcileQueue } from '../queue/reconcile.js';
import {
  beginRun,
  beginSource,
  type Db,
  discardRun,
  finishRun,
  finishSource,
  latestPeopleSnapshot,
  listHrEvents,
  loadPeople,
  type MergeSummary,
  mergeRun,
  openDatabase,
  type PeopleSnapshotRow,
  recordPeopleSnapshot,
} from '../store/index.js';
import { credentialByUid } from '../store/inventory.js';
import { type EvaluationSummary, evaluateInventory } from './evaluate-inventory.js';
import { type Progress, silentProgress } from './progress.js';
import { revocationStepsFor } from './revocation-steps.js';
import { type SourceOutcome, scanSource } from './scan-source.js';

export interface ScanRequest {
  config: LoadedConfig;
  asOf: Date;
  /** Source names or types to scan; all when undefined. */
  only?: string[];
  baselinePath?: string;
  progress?: Progress;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface ScanResult {
  runId: number;
  dbPath: string;
  status: 'complete' | 'partial' | 'failed';
  sources: SourceOutcome[];
  merge: MergeSummary;
  evaluation: EvaluationSummary;
  queue: ReconcileSummary;
  /** HR events in effect that name no known employee: stored, but not applied (a typo must be seen). */
  unappliedHrEvents: { id: string; type: string; employeeId: string }[];
  timings: ScanTimings;
}

/** Where a run's time went, in milliseconds (also in the scan.finished audit record). */
export interface ScanTimings {
  hr: number;
  /** Per source name: listing the provider and staging what it returned. */
  sources: Record<string, number>;
  /** Folding the staged credentials into the inventory. */
  merge: number;
  /**
   * DESIGN's correlate and policy stages: reading the live inventory, resolving owners, evaluating
   * the rules (with the baseline and recertifications applied).
   */
  correlateAndPolicy: number;
  /** Of which reading and parsing the live credentials. */
  inventoryRead: number;
  /** DESIGN's findings stage: comparing with the stored resolutions and findings, recording what changed. */
  findings: number;
  queue: number;
  total: number;
}

const elapsed = (since: number) => Math.round(performance.now() - since);

export function selectSources(sources: readonly SourceConfig[], only: string[] | undefined): SourceConfig[] {
  if (!only) return [...sources];
  const unknown = only.filter((id) => !sources.some((source) => source.name === id || source.type === id));
  if (unknown.length > 0) {
    throw new InputError(
      `no configured source is named or typed ${unknown.map((id) => JSON.stringify(id)).join(', ')}; configured: ${sources
        .map((source) => `${source.name} (${source.type})`)
        .join(', ')}`,
      { key: '--only' },
    );
  }
  return sources.filter((source) => only.includes(source.name) || only.includes(source.type));
}

async function readHr(config: LoadedConfig, signal: AbortSignal) {
  if (config.hr.source === 'scim') {
    // A SCIM pull is a snapshot as of now: its freshness is the read time, not a file's mtime.
    const snapshot = await readScimPeople(config.hr.scim!, { baseDir: config.baseDir, signal });
    return { ...snapshot, fileModifiedAt: null as string | null };
  }
  const path = config.hr.path!;
  const snapshot = parseHrFile(path);
  let fileModifiedAt: string | null = null;
  try {
    fileModifiedAt = statSync(path).mtime.toISOString();
  } catch {
    fileModifiedAt = null;
  }
  return { ...snapshot, fileModifiedAt };
}

function runStatus(sources: readonly SourceOutcome[]): ScanResult['status'] {
  if (sources.every((source) => source.status === 'complete')) return 'complete';
  if (sources.every((source) => source.status === 'failed')) return 'failed';
  return 'partial';
}

export async function runScan(request: ScanRequest): Promise<ScanResult> {
  const now = request.now ?? (() => new Date());
  const progress = request.progress ?? silentProgress;
  const signal = request.signal ?? new AbortController().signal;
  const { config } = request;
  const selected = selectSources(config.sources, request.only);

  // Everything the user wrote is validated before the database is touched.
  const started = performance.now();
  progress.update('reading HR');
  const hrReadAt = now().toISOString();
  const exported = await readHr(config, signal);
  const timings: ScanTimings = {
    hr: elapsed(started),
    sources: {},
    merge: 0,
    correlateAndPolicy: 0,
    inventoryRead: 0,
    findings: 0,
    queue: 0,
    total: 0,
  };
  const baselinePath = request.baselinePath ?? config.baselinePath;
  const baseline: Baseline | undefined = baselinePath ? loadBaseline(baselinePath) : undefined;

  const db = openDatabase(config.dbPath);
  try {
    const hr = withHrEvents(db, exported, request.asOf);
    const runId = beginRun(db, {
      startedAt: now().toISOString(),
      asOf: request.asOf.toISOString(),
      hrSnapshotId: null,
      onlySources: request.only ?? null,
    });
    const context: ScanContext = {
      signal,
      asOf: request.asOf,
      baseDir: config.baseDir,
      people: hr.people,
      progress: (message) => progress.update(message),
    };
    const sources: SourceOutcome[] = [];
    try {
      for (const source of selected) {
        beginSource(db, runId, source.name, source.type);
        const sourceStarted = performance.now();
        const outcome = await scanSource(db, runId, source, context);
        timings.sources[source.name] = elapsed(sourceStarted);
        finishSource(db, runId, source.name, outcome);
        sources.push(outcome);
      }
    } catch (error) {
      discardRun(db, runId);
      throw isInputError(error) || !signal.aborted ? error : new Error('scan cancelled', { cause: error });
    }

    progress.update('correlating owners and evaluating policy');
    const status = runStatus(sources);
    const stepsFor = revocationStepsFor(config.sources);
    const { merge, evaluation, queue } = db.transaction(() => {
      const time = now().toISOString();
      const previous = latestPeopleSnapshot(db);
      const snapshotId = recordPeopleSnapshot(db, hr, time);
      if (previous?.id !== snapshotId) recordSnapshotDiff(db, previous, snapshotId, hr, request.asOf, time);
      db.prepare(
        'UPDATE scan_runs SET hr_snapshot_id = ?, hr_read_at = ?, hr_modified_at = ? WHERE id = ?',
      ).run(snapshotId, hrReadAt, hr.fileModifiedAt, runId);
      let phase = performance.now();
      const merge = mergeRun(db, runId, sources);
      timings.merge = elapsed(phase);
      const evaluation = evaluateInventory(db, runId, {
        people: hr.people,
        policy: config.policy,
        asOf: request.asOf,
        baseline,
        extraFindings: openGapFindings(db),
        auditTime: time,
      });
      timings.correlateAndPolicy = evaluation.timings.readMs + evaluation.timings.computeMs;
      timings.inventoryRead = evaluation.timings.readMs;
      timings.findings = evaluation.timings.recordMs;
      phase = performance.now();
      const queue = reconcileQueue(db, {
        runId,
        people: buildPeopleDirectory(hr.people),
        policy: config.policy,
        revocation: config.revocation,
        baseline,
        asOf: request.asOf,
        now: time,
        credential: (uid) => credentialByUid(db, uid),
        stepsFor,
      });
      timings.queue = elapsed(phase);
      timings.total = elapsed(started);
      finishRun(db, runId, status, time);
      appendAudit(db, {
        time,
        actor: 'scan',
        action: 'scan.finished',
        target: `run:${runId}`,
        reason: status === 'complete' ? null : 'a source failed or was partial',
        payload: {
          runId,
          status,
          asOf: request.asOf.toISOString(),
          hrSnapshotId: snapshotId,
          hrSha256: hr.sha256,
          sources: sources.map((source) => ({
            name: source.name,
            type: source.type,
            status: source.status,
            credentials: source.credentials,
            problems: source.problems.length,
          })),
          merge: { ...merge },
          evaluation: {
            credentials: evaluation.credentialsEvaluated,
            recorded: evaluation.credentialsRecorded,
            ownersChanged: evaluation.ownersChanged,
          },
          findings: { ...evaluation.findings },
          queue: { ...queue },
          timings: { ...timings, sources: { ...timings.sources } },
          ...(hr.unapplied.length > 0 ? { unappliedHrEvents: hr.unapplied } : {}),
          ...(hr.carried.length > 0 ? { carriedByHrEvents: hr.carried } : {}),
        },
      });
      return { merge, evaluation, queue };
    })();
    progress.done();
    return {
      runId,
      dbPath: config.dbPath,
      status,
      sources,
      merge,
      evaluation,
      queue,
      unappliedHrEvents: hr.unapplied,
      timings,
    };
  } finally {
    progress.done();
    closeQuietly(db);
  }
}

function closeQuietly(db: Db): void {
  try {
    db.close();
  } catch {
    // closing is best effort; the transaction outcome is already decided
  }
}

/**
 * The roster a run uses: the HR export with the lifecycle events in effect as of the run applied.
 * Events change the snapshot's identity, so a terminate event makes a new snapshot (and a diff).
 * A person the export has dropped whose events end in a termination is carried forward from the
 * latest stored snapshot as a leaver (`carried`), so their open revocation requests stand.
 * `nhiscan hr import` records its snapshot through this too, so it matches what a scan records.
 */
export function withHrEvents(db: Db, exported: Awaited<ReturnType<typeof readHr>>, asOf: Date) {
  const events = listHrEvents(db);
  if (events.length === 0) return { ...exported, unapplied: [], carried: [] as string[] };
  // A terminate event for someone the export has dropped keeps them, as a leaver, from the latest
  // snapshot; that snapshot is read only when such an event exists.
  const listed = new Set(exported.people.map((person) => person.employeeId));
  const previous = events.some(({ event }) => event.type === 'terminate' && !listed.has(event.employeeId))
    ? latestPeopleSnapshot(db)
    : undefined;
  const effective = applyHrEvents(exported.people, events, asOf, previous ? loadPeople(db, previous.id) : []);
  const unapplied = effective.unknown.map(({ event }) => ({
    id: event.id,
    type: event.type,
    employeeId: event.employeeId,
  }));
  if (effective.applied === 0) return { ...exported, unapplied, carried: effective.carried };
  const appliedIds = events
    .filter((entry) => entry.event.effectiveDate <= asOf.toISOString().slice(0, 10))
    .map((entry) => entry.event.id);
  return {
    ...exported,
    people: effective.people,
    unapplied,
    carried: effective.carried,
    source: `${exported.source} + ${effective.applied} HR event(s)`,
    sha256: createHash('sha256')
      .update(`${exported.sha256}\n${appliedIds.join('\n')}`)
      .digest('hex'),
  };
}

/**
 * Audits what changed since the previous snapshot: new leavers, removed people, changed emails.
 * `actor` is who imported it: the scan, or `nhiscan hr import`.
 */
export function recordSnapshotDiff(
  db: Db,
  previous: PeopleSnapshotRow | undefined,
  snapshotId: number,
  hr: { source: string; sha256: string; people: readonly Person[] },
  asOf: Date,
  time: string,
  actor = 'scan',
): void {
  const diff = previous ? diffSnapshots(loadPeople(db, previous.id), hr.people, asOf) : undefined;
  appendAudit(db, {
    time,
    actor,
    action: 'hr.snapshot',
    target: `hr-snapshot:${snapshotId}`,
    reason: diff ? describeDiff(diff) : `first HR snapshot: ${hr.people.length} people`,
    payload: {
      snapshotId,
      previousSnapshotId: previous?.id ?? null,
      source: hr.source,
      sha256: hr.sha256,
      people: hr.people.length,
      ...(diff ? { diff: { ...diff } } : {}),
    },
  });
}
