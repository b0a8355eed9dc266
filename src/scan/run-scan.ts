/**
 * One scan run, end to end: read HR and the baseline, scan every selected source into staging,
 * then — in one transaction — record the HR snapshot, merge the inventory, resolve owners and
 * evaluate policy. Bad input anywhere rejects the run and leaves the database as it was.
 */
import { statSync } from 'node:fs';
import { appendAudit } from '../audit/append.js';
import type { LoadedConfig, SourceConfig } from '../config/load.js';
import { InputError, isInputError } from '../core/errors.js';
import { buildPeopleDirectory } from '../core/people.js';
import type { ScanContext } from '../core/plugin.js';
import { withApproverCheck } from '../governance/baseline-approvers.js';
import { parseHrFile } from '../hr/index.js';
import { readScimPeople } from '../hr/scim/index.js';
import { type Baseline, loadBaseline } from '../policy/baseline.js';
import { verifyManualTasks } from '../queue/manual-gaps.js';
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
  type MergeSummary,
  mergeRun,
  openDatabase,
  recordPeopleSnapshot,
} from '../store/index.js';
import { credentialByUid } from '../store/inventory.js';
import { type EvaluationSummary, evaluateInventory } from './evaluate-inventory.js';
import { scanFocused } from './focused-source.js';
import { type ExportedHr, recordSnapshotDiff, withHrEvents } from './hr-roster.js';
import { type Progress, silentProgress } from './progress.js';
import { type Acceptance, type HrChangeVerdict, judgeHrChange } from './queue-freeze.js';
import { revocationStepsFor } from './revocation-steps.js';
import { type SourceOutcome, scanSource } from './scan-source.js';
import { listSources } from './scan-sources.js';
import { asPartial, measureShrink, recordAcceptance, type SourceShrink } from './source-shrink.js';

export { recordSnapshotDiff, withHrEvents } from './hr-roster.js';

export interface ScanRequest {
  config: LoadedConfig;
  asOf: Date;
  /** Source names or types to scan; all when undefined. */
  only?: string[];
  baselinePath?: string;
  progress?: Progress;
  signal?: AbortSignal;
  now?: () => Date;
  /** `--accept-hr-change`: acknowledge this run's HR snapshot if the hr-change guard trips. */
  acceptHrChange?: Acceptance;
  /** `--accept-source-change`: accept every source of this run whose credential count shrank. */
  acceptSourceChange?: Acceptance;
  /**
   * A termination scan (src/scan/termination-plan.ts): these selected sources are read focused on
   * these people, listing only their person accounts (ScanContext.focus); the rest are read whole.
   */
  focus?: { employeeIds: readonly string[]; sources: readonly string[] };
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
  /** People the export has dropped, kept as departed leavers (hr.missingMeans: departed). */
  departedPeople: string[];
  /** The hr-change guard at this scan: did it freeze the queue, was it acknowledged. */
  hrChange: HrChangeVerdict;
  /** Sources whose credential count shrank beyond the limit; `accepted` by --accept-source-change. */
  sourceShrinks: (SourceShrink & { accepted: boolean })[];
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
   * The correlate and policy stages (docs/architecture.md "Data flow"): reading the live inventory,
   * resolving owners, evaluating the rules (with the baseline and recertifications applied).
   */
  correlateAndPolicy: number;
  /** Of which reading and parsing the live credentials. */
  inventoryRead: number;
  /** The findings stage: comparing with the stored resolutions and findings, recording what changed. */
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

async function readHr(config: LoadedConfig, signal: AbortSignal): Promise<ExportedHr> {
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
    const hr = withHrEvents(db, exported, request.asOf, { missingMeans: config.hr.missingMeans });
    const runId = beginRun(db, {
      startedAt: now().toISOString(),
      asOf: request.asOf.toISOString(),
      hrSnapshotId: null,
      onlySources: request.only ?? null,
    });
    let listed: { outcome: SourceOutcome; shrink?: ScanResult['sourceShrinks'][number] }[];
    try {
      listed = await listSources(
        selected,
        async (source, sourceSignal, sourceProgress) => {
          const context: ScanContext = {
            signal: sourceSignal,
            asOf: request.asOf,
            baseDir: config.baseDir,
            people: hr.people,
            progress: sourceProgress,
          };
          beginSource(db, runId, source.name, source.type);
          const sourceStarted = performance.now();
          const focused = request.focus?.sources.includes(source.name) ? request.focus : undefined;
          let outcome = focused
            ? await scanFocused(db, runId, source, context, focused.employeeIds)
            : await scanSource(db, runId, source, context);
          // A source that shrank beyond the limit is partial unless someone accepted the drop.
          const shrink = focused
            ? undefined
            : measureShrink(db, runId, outcome, config.revocation.sourceShrinkGuardPercent);
          if (shrink && !request.acceptSourceChange) outcome = asPartial(outcome, shrink);
          timings.sources[source.name] = elapsed(sourceStarted);
          // Redacted fields are listed after the source's problems: they do not make it incomplete.
          finishSource(db, runId, source.name, {
            ...outcome,
            problems: [...outcome.problems, ...outcome.redactions],
          });
          return shrink
            ? { outcome, shrink: { ...shrink, accepted: request.acceptSourceChange !== undefined } }
            : { outcome };
        },
        { signal, progress, concurrency: config.scan.sourceConcurrency },
      );
    } catch (error) {
      discardRun(db, runId);
      throw isInputError(error) || !signal.aborted ? error : new Error('scan cancelled', { cause: error });
    }
    // In configured order, whatever order the sources finished in.
    const sources = listed.map((entry) => entry.outcome);
    const sourceShrinks = listed.flatMap((entry) => (entry.shrink ? [entry.shrink] : []));

    progress.update('correlating owners and evaluating policy');
    const status = runStatus(sources);
    const stepsFor = revocationStepsFor(config.sources);
    const { merge, evaluation, queue, hrVerdict } = db.transaction(() => {
      const time = now().toISOString();
      const previous = latestPeopleSnapshot(db);
      const snapshotId = recordPeopleSnapshot(db, hr, time);
      if (previous?.id !== snapshotId) recordSnapshotDiff(db, previous, snapshotId, hr, request.asOf, time);
      db.prepare(
        'UPDATE scan_runs SET hr_snapshot_id = ?, hr_read_at = ?, hr_modified_at = ? WHERE id = ?',
      ).run(snapshotId, hrReadAt, hr.fileModifiedAt, runId);
      const hrVerdict = judgeHrChange(
        db,
        { runId, snapshotId, asOf: request.asOf, time },
        {
          percent: config.revocation.hrChangeGuardPercent,
          minPeople: config.revocation.hrChangeGuardMinPeople,
        },
        request.acceptHrChange,
      );
      for (const shrink of sourceShrinks)
        if (shrink.accepted && request.acceptSourceChange)
          recordAcceptance(db, shrink, request.acceptSourceChange, { runId, time });
      let phase = performance.now();
      const merge = mergeRun(db, runId, sources, {
        days: config.store.observationRetentionDays,
        now: new Date(time),
      });
      timings.merge = elapsed(phase);
      verifyManualTasks(db, { runId, now: time }); // a confirmed manual task still listed active is a gap
      // A hand-edited baseline entry suppresses only when its approver may decide (issue 19).
      const governedBaseline =
        baseline &&
        withApproverCheck(baseline, db, {
          people: buildPeopleDirectory(hr.people),
          settings: config.governance,
          asOf: request.asOf,
          hrSource: `HR snapshot ${snapshotId}`,
        });
      const evaluation = evaluateInventory(db, runId, {
        people: hr.people,
        policy: config.policy,
        asOf: request.asOf,
        baseline: governedBaseline,
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
        baseline: governedBaseline,
        asOf: request.asOf,
        now: time,
        credential: (uid) => credentialByUid(db, uid),
        stepsFor,
        ...(hrVerdict.frozen
          ? { freeze: { reason: hrVerdict.frozen.reason, hrSnapshotId: hrVerdict.frozen.hrSnapshotId } }
          : {}),
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
            ...(source.redactions.length > 0 ? { redactedFields: source.redactions.length } : {}),
          })),
          merge: { ...merge },
          evaluation: {
            credentials: evaluation.credentialsEvaluated,
            recorded: evaluation.credentialsRecorded,
            ownersChanged: evaluation.ownersChanged,
          },
          findings: { ...evaluation.findings },
          ...(evaluation.invalidBaselineEntries.length > 0
            ? {
                invalidBaselineEntries: evaluation.invalidBaselineEntries.map(
                  ({ entry, credentialUid, problem }) => ({
                    ...(entry.finding ? { finding: entry.finding } : { credential: entry.credential }),
                    credentialUid,
                    problem,
                  }),
                ),
              }
            : {}),
          queue: { ...queue },
          timings: { ...timings, sources: { ...timings.sources } },
          ...(hr.unapplied.length > 0 ? { unappliedHrEvents: hr.unapplied } : {}),
          ...(hr.carried.length > 0 ? { carriedByHrEvents: hr.carried } : {}),
          ...(hr.departed.length > 0 ? { departedPeople: hr.departed } : {}),
          ...(hrVerdict.frozen ? { queueFrozen: hrVerdict.frozen.facts } : {}),
          ...(sourceShrinks.length > 0
            ? { sourceShrinks: sourceShrinks.map((shrink) => ({ ...shrink })) }
            : {}),
        },
      });
      return { merge, evaluation, queue, hrVerdict };
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
      departedPeople: hr.departed,
      hrChange: hrVerdict,
      sourceShrinks,
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
