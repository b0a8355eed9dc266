/**
 * Correlates every live credential with HR and evaluates the policy rules, then records owner
 * resolutions and the findings diff (new, changed, resolved) for the run.
 *
 * It streams: credentials are read a page at a time in uid order, and each page's resolutions and
 * findings are recorded before the next page is read, so memory stays bounded whatever the
 * estate's size. Each credential's evaluation is hashed and compared with the digest of what the
 * last evaluation recorded for it (src/store/evaluations.ts): only a credential whose digest
 * differs has its stored resolution and findings read and compared, so a rescan of an unchanged
 * estate reads and writes neither. It runs in one transaction (the run's, when called inside it):
 * a failure leaves nothing half-written.
 */
import type { PolicySettings } from '../core/config-types.js';
import type { EvaluatedFinding, Finding, Person } from '../core/model.js';
import { buildPeopleDirectory } from '../core/people.js';
import { resolveOwner } from '../correlate/index.js';
import {
  type Baseline,
  type BaselineEntry,
  baselineMatcher,
  type InvalidBaselineEntry,
} from '../policy/baseline.js';
import { evaluate } from '../policy/index.js';
import { recertificationMatcher } from '../policy/recertification.js';
import {
  activeRecertifications,
  beginFindingSync,
  type CredentialEvaluation,
  type Db,
  evaluationDigest,
  evaluationDigestsInRange,
  type FindingSync,
  type FindingSyncSummary,
  forgetEvaluation,
  liveCredentialPages,
  saveEvaluationDigest,
  saveOwnerResolutionRange,
  saveOwnerResolutions,
} from '../store/index.js';

export interface EvaluationSummary {
  credentialsEvaluated: number;
  ownersChanged: number;
  /** Credentials whose evaluation differed from the recorded one, so their rows were compared. */
  credentialsRecorded: number;
  findings: FindingSyncSummary;
  expiredBaselineEntries: BaselineEntry[];
  /** Entries that matched a finding but whose approver may not exempt it: they suppressed nothing. */
  invalidBaselineEntries: InvalidBaselineEntry[];
  /** Where the phase's time went, in milliseconds: the three parts add up to the whole. */
  timings: EvaluationTimings;
}

/**
 * The phase in the scan's stages (docs/architecture.md "Data flow"). Correlate and policy read the
 * live inventory and compute each credential's owner resolution and findings; findings compares
 * that with what is stored and records the difference (a first scan writes every row, an unchanged
 * rescan none).
 */
export interface EvaluationTimings {
  /** Reading the live credentials from the store and parsing them. */
  readMs: number;
  /** Resolving owners, evaluating the rules, applying the baseline and recertifications. */
  computeMs: number;
  /** Comparing with the stored resolutions and findings, and writing what changed. */
  recordMs: number;
}

export function evaluateInventory(
  db: Db,
  runId: number,
  input: {
    people: readonly Person[];
    policy: PolicySettings;
    asOf: Date;
    baseline: Baseline | undefined;
    /** Findings raised outside policy evaluation (the verifier's propagation-gap), kept while they hold. */
    extraFindings?: readonly Finding[];
    /** When set, every finding change is also written to the audit log at this time. */
    auditTime?: string;
  },
): EvaluationSummary {
  return db.transaction(() => {
    const setupStarted = performance.now();
    const directory = buildPeopleDirectory(input.people);
    const baseline = baselineMatcher(input.baseline, input.asOf);
    const recertified = recertificationMatcher(
      activeRecertifications(db, input.asOf.toISOString().slice(0, 10)),
    );
    // Extra findings join the page whose uid range holds their credential.
    const extras = [...(input.extraFindings ?? [])].sort((a, b) =>
      a.credentialUid < b.credentialUid ? -1 : a.credentialUid > b.credentialUid ? 1 : 0,
    );
    // Building the people directory and the matchers is correlating; preparing the recorder, recording.
    const recorderStarted = performance.now();
    const recorder = evaluationRecorder(db, runId, beginFindingSync(db, runId, input.auditTime));
    const timings: EvaluationTimings = {
      readMs: 0,
      computeMs: recorderStarted - setupStarted,
      recordMs: performance.now() - recorderStarted,
    };
    let nextExtra = 0;
    let credentialsEvaluated = 0;
    let after = '';
    const pages = liveCredentialPages(db);
    for (;;) {
      const readStarted = performance.now();
      const next = pages.next();
      timings.readMs += performance.now() - readStarted;
      if (next.done) break;
      const page = next.value;
      const computeStarted = performance.now();
      const upTo = page.at(-1)!.credential.uid;
      const evaluations = new Map<string, CredentialEvaluation>();
      const pageFindings: Finding[] = [];
      for (const { credential, dataSha256 } of page) {
        const resolution = resolveOwner(credential, directory);
        evaluations.set(credential.uid, { credentialSha256: dataSha256, resolution, findings: [] });
        for (const finding of evaluate(credential, resolution, directory, input.policy, input.asOf)) {
          pageFindings.push(finding);
        }
      }
      while (nextExtra < extras.length && extras[nextExtra]!.credentialUid <= upTo) {
        pageFindings.push(extras[nextExtra++]!);
      }
      groupByCredential(evaluations, recertified(baseline.apply(pageFindings)));
      const recordStarted = performance.now();
      timings.computeMs += recordStarted - computeStarted;
      recorder.record(after, upTo, evaluations);
      timings.recordMs += performance.now() - recordStarted;
      credentialsEvaluated += page.length;
      after = upTo;
    }
    const restStarted = performance.now();
    const rest = new Map<string, CredentialEvaluation>();
    groupByCredential(rest, recertified(baseline.apply(extras.slice(nextExtra))));
    recorder.record(after, null, rest);
    const findings = recorder.findings.finish();
    timings.recordMs += performance.now() - restStarted;
    return {
      credentialsEvaluated,
      ownersChanged: recorder.ownersChanged,
      credentialsRecorded: recorder.credentialsRecorded,
      findings,
      expiredBaselineEntries: baseline.expiredEntries,
      invalidBaselineEntries: baseline.invalidEntries(),
      timings: {
        readMs: Math.round(timings.readMs),
        computeMs: Math.round(timings.computeMs),
        recordMs: Math.round(timings.recordMs),
      },
    };
  })();
}

/** Adds each finding to its credential's evaluation, creating one (with no resolution) when needed. */
function groupByCredential(
  evaluations: Map<string, CredentialEvaluation>,
  findings: EvaluatedFinding[],
): void {
  for (const finding of findings) {
    let evaluation = evaluations.get(finding.credentialUid);
    if (!evaluation) {
      evaluation = { credentialSha256: null, resolution: undefined, findings: [] };
      evaluations.set(finding.credentialUid, evaluation);
    }
    evaluation.findings.push(finding);
  }
}

/**
 * When more than this share of a range's credentials must be recorded (a first scan, or the first
 * scan after an upgrade that changed what findings store), the range's stored rows are read with
 * one query each; below it, one credential at a time.
 */
const DENSE_SHARE = 1 / 8;

/**
 * Records a range of credentials' evaluations: those whose digest matches the recorded one are
 * left alone; the others have their resolution and findings compared and written, and their digest
 * saved. A credential of the range with a recorded evaluation but none now is no longer live (and
 * keeps no finding raised outside policy): its findings are resolved and its digest forgotten.
 */
function evaluationRecorder(db: Db, runId: number, findings: FindingSync) {
  const recorder = {
    findings,
    ownersChanged: 0,
    credentialsRecorded: 0,
    record(afterUid: string, upToUid: string | null, evaluations: Map<string, CredentialEvaluation>) {
      const recorded = evaluationDigestsInRange(db, afterUid, upToUid);
      const changed: [uid: string, evaluation: CredentialEvaluation, digest: string][] = [];
      for (const [credentialUid, evaluation] of evaluations) {
        const digest = evaluationDigest(evaluation);
        if (recorded.get(credentialUid) !== digest) changed.push([credentialUid, evaluation, digest]);
        recorded.delete(credentialUid);
      }
      const vanished = [...recorded.keys()];
      if (changed.length + vanished.length > evaluations.size * DENSE_SHARE) {
        recorder.ownersChanged += saveOwnerResolutionRange(
          db,
          runId,
          afterUid,
          upToUid,
          resolutionsOf(evaluations),
        );
        findings.syncRange(afterUid, upToUid, findingsOf(evaluations));
      } else {
        for (const [credentialUid, evaluation] of changed) {
          if (evaluation.resolution) {
            recorder.ownersChanged += saveOwnerResolutions(db, runId, [evaluation.resolution]);
          }
          findings.syncCredential(credentialUid, evaluation.findings);
        }
        for (const credentialUid of vanished) findings.syncCredential(credentialUid, []);
      }
      for (const [credentialUid, , digest] of changed) saveEvaluationDigest(db, credentialUid, digest);
      for (const credentialUid of vanished) forgetEvaluation(db, credentialUid);
      recorder.credentialsRecorded += changed.length + vanished.length;
    },
  };
  return recorder;
}

function* resolutionsOf(evaluations: Map<string, CredentialEvaluation>) {
  for (const evaluation of evaluations.values()) if (evaluation.resolution) yield evaluation.resolution;
}

function* findingsOf(evaluations: Map<string, CredentialEvaluation>) {
  for (const evaluation of evaluations.values()) yield* evaluation.findings;
}
