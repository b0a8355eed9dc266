/**
 * Correlates every live credential with HR and evaluates the policy rules, then records owner
 * resolutions and the findings diff (new, changed, resolved) for the run.
 *
 * It streams: credentials are read a page at a time in uid order, and each page's resolutions and
 * findings are written before the next page is read, so memory stays bounded whatever the
 * estate's size. Rows that would not change are not rewritten (a rescan of an unchanged estate
 * writes nothing here). It runs in one transaction (the run's, when called inside it): a failure
 * leaves nothing half-written.
 */
import type { PolicySettings } from '../core/config-types.js';
import type { Finding, OwnerResolution, Person } from '../core/model.js';
import { buildPeopleDirectory } from '../core/people.js';
import { resolveOwner } from '../correlate/index.js';
import { type Baseline, type BaselineEntry, baselineMatcher } from '../policy/baseline.js';
import { evaluate } from '../policy/index.js';
import { recertificationMatcher } from '../policy/recertification.js';
import {
  activeRecertifications,
  beginFindingSync,
  type Db,
  type FindingSyncSummary,
  liveCredentialPages,
  saveOwnerResolutionRange,
} from '../store/index.js';

export interface EvaluationSummary {
  credentialsEvaluated: number;
  ownersChanged: number;
  findings: FindingSyncSummary;
  expiredBaselineEntries: BaselineEntry[];
  /**
   * Milliseconds spent resolving owners and evaluating the rules, apart from reading the
   * inventory and recording what changed (the phase's other part, which grows with the writes).
   */
  computeMs: number;
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
    const directory = buildPeopleDirectory(input.people);
    const baseline = baselineMatcher(input.baseline, input.asOf);
    const recertified = recertificationMatcher(
      activeRecertifications(db, input.asOf.toISOString().slice(0, 10)),
    );
    const findings = beginFindingSync(db, runId, input.auditTime);
    // Extra findings join the page whose uid range holds their credential.
    const extras = [...(input.extraFindings ?? [])].sort((a, b) =>
      a.credentialUid < b.credentialUid ? -1 : a.credentialUid > b.credentialUid ? 1 : 0,
    );
    let nextExtra = 0;
    let credentialsEvaluated = 0;
    let ownersChanged = 0;
    let after = '';
    let computeMs = 0;
    for (const page of liveCredentialPages(db)) {
      const computeStarted = performance.now();
      const upTo = page.at(-1)!.uid;
      const resolutions: OwnerResolution[] = [];
      const pageFindings: Finding[] = [];
      for (const credential of page) {
        const resolution = resolveOwner(credential, directory);
        resolutions.push(resolution);
        for (const finding of evaluate(credential, resolution, directory, input.policy, input.asOf)) {
          pageFindings.push(finding);
        }
      }
      while (nextExtra < extras.length && extras[nextExtra]!.credentialUid <= upTo) {
        pageFindings.push(extras[nextExtra++]!);
      }
      const evaluated = recertified(baseline.apply(pageFindings));
      computeMs += performance.now() - computeStarted;
      ownersChanged += saveOwnerResolutionRange(db, runId, after, upTo, resolutions);
      findings.addRange(after, upTo, evaluated);
      credentialsEvaluated += page.length;
      after = upTo;
    }
    findings.addRange(after, null, recertified(baseline.apply(extras.slice(nextExtra))));
    return {
      credentialsEvaluated,
      ownersChanged,
      findings: findings.finish(),
      expiredBaselineEntries: baseline.expiredEntries,
      computeMs: Math.round(computeMs),
    };
  })();
}
