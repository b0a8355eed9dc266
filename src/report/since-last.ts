/**
 * `--since-last` (scan and report): only the findings that are new since the previous complete
 * scan. "New" means raised — for the first time, or again after being resolved — in a run after
 * the latest complete run before the reported one. Runs in between that were partial or failed
 * count as "after": their findings were never part of a complete picture. With no complete run
 * before, every finding is new. Resolved findings are left out; credentials, sources and expired
 * baseline entries are kept whole. It narrows what is shown, never the exit code.
 */
import type { JsonReportInput } from '../../reports/json/build.js';
import { type Db, findingsRaisedBetween, previousCompleteRun } from '../store/index.js';

export interface SinceLast {
  input: JsonReportInput;
  previousCompleteRunId: number | null;
}

export function sinceLastComplete(db: Db, input: JsonReportInput): SinceLast {
  const previous = previousCompleteRun(db, input.run.id);
  const raised = findingsRaisedBetween(db, previous ?? 0, input.run.id);
  return {
    previousCompleteRunId: previous,
    input: {
      ...input,
      findings: input.findings.filter((finding) => finding.status !== 'resolved' && raised.has(finding.uid)),
    },
  };
}
