/**
 * Correlates every live credential with HR and evaluates the policy rules, then records owner
 * resolutions and the findings diff (new, changed, resolved) for the run.
 */
import type { PolicySettings } from '../core/config-types.js';
import type { Finding, OwnerResolution, Person } from '../core/model.js';
import { buildPeopleDirectory } from '../core/people.js';
import { resolveOwner } from '../correlate/index.js';
import { applyBaseline, type Baseline, type BaselineEntry } from '../policy/baseline.js';
import { evaluate } from '../policy/index.js';
import {
  type Db,
  type EvaluatedFinding,
  type FindingSyncSummary,
  liveCredentials,
  saveOwnerResolutions,
  syncFindings,
} from '../store/index.js';

export interface EvaluationSummary {
  credentialsEvaluated: number;
  ownersChanged: number;
  findings: FindingSyncSummary;
  expiredBaselineEntries: BaselineEntry[];
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
  const directory = buildPeopleDirectory(input.people);
  const resolutions: OwnerResolution[] = [];
  const findings: Finding[] = [];
  let credentialsEvaluated = 0;
  for (const stored of liveCredentials(db)) {
    const resolution = resolveOwner(stored.credential, directory);
    resolutions.push(resolution);
    findings.push(...evaluate(stored.credential, resolution, directory, input.policy, input.asOf));
    credentialsEvaluated++;
  }
  findings.push(...(input.extraFindings ?? []));
  const baselined = applyBaseline(findings, input.baseline, input.asOf);
  const evaluated: EvaluatedFinding[] = baselined.findings;
  const ownersChanged = saveOwnerResolutions(db, runId, resolutions);
  const summary = syncFindings(db, runId, evaluated, input.auditTime);
  return {
    credentialsEvaluated,
    ownersChanged,
    findings: summary,
    expiredBaselineEntries: baselined.expiredEntries,
  };
}
