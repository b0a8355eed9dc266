/**
 * What a streamed report (reports/json/stream.ts) walks, read from the store a row or a page at a
 * time, a fresh walk each call (it walks each twice) so nothing is held:
 *  - the credentials in uid order: every live one, and those that went away in the reported run,
 *    each with its owner resolution;
 *  - the findings in report order: those not resolved and those the run resolved, presented at
 *    `asOf` (presentFinding) exactly as report-input.ts presents them.
 */
import {
  type JsonReportCredentialInput,
  type JsonReportFindingInput,
  reportFinding,
} from '../../reports/json/build.js';
import type { ReportFinding } from '../../reports/json/types.js';
import { presentFinding } from '../policy/day-counts.js';
import {
  allCredentials,
  credentialsOfConsoleUsers,
  type Db,
  findingsInReportOrder,
  ownerResolutionOf,
  type StoredFinding,
} from '../store/index.js';

export function* reportCredentials(db: Db, runId: number): Generator<JsonReportCredentialInput> {
  for (const stored of allCredentials(db)) {
    if (stored.state === 'gone' && stored.goneRunId !== runId) continue;
    yield { ...stored, resolution: ownerResolutionOf(db, stored.credential.uid) };
  }
}

/**
 * A stored finding as a report's input: presented at `asOf`, and marked when a person signs in as
 * its credential's principal (`consoleUsers`: store/console-users.ts), which maps it to NHI10.
 */
export function withHumanUse(
  consoleUsers: ReadonlySet<string>,
  asOf: Date,
): (finding: StoredFinding) => JsonReportFindingInput {
  return (finding) => {
    const presented = presentFinding(finding, asOf);
    return consoleUsers.has(finding.credentialUid) ? { ...presented, humanUse: true } : presented;
  };
}

export function* reportFindingWalk(db: Db, runId: number, asOf: Date): Generator<ReportFinding> {
  // Read before the walk opens its cursor: nothing else may run on the connection during it.
  const present = withHumanUse(credentialsOfConsoleUsers(db), asOf);
  for (const finding of findingsInReportOrder(db, runId)) yield reportFinding(present(finding));
}
