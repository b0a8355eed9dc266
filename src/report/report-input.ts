/**
 * What every report format renders (`JsonReportInput`), read from the store: the latest finished run,
 * its HR snapshot and sources, and the inventory and findings as they stand. Findings are presented
 * here, the one place every format reads them from: their day counts (stored as placeholders,
 * src/policy/day-counts.ts) are counted at the run's as-of unless told otherwise.
 */
import type { JsonReportInput } from '../../reports/json/build.js';
import type { ReportBaselineEntry } from '../../reports/json/types.js';
import { InputError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/version.js';
import { queueFrozenBy } from '../scan/queue-freeze.js';
import {
  credentialsOfConsoleUsers,
  type Db,
  latestFinishedRun,
  listFindings,
  loadPeople,
  peopleSnapshot,
  runSources,
} from '../store/index.js';
import { reportCredentials, withHumanUse } from './report-credentials.js';

export function collectReportInput(
  db: Db,
  options: {
    generatedAt: Date;
    /** The day findings' day counts are counted at; the run's as-of when not given. */
    asOf?: Date;
    expiredBaselineEntries?: readonly ReportBaselineEntry[];
    /** false: the run, HR and sources only (people, credentials and findings left empty). */
    withEstate?: boolean;
    /** false: credentials left empty (a streamed report walks them itself: report-credentials.ts). */
    withCredentials?: boolean;
    /** false: findings left empty (likewise). */
    withFindings?: boolean;
  },
): JsonReportInput {
  const run = latestFinishedRun(db);
  if (!run || run.hrSnapshotId === null) {
    throw new InputError('the database holds no finished scan yet; run `nhiscan scan` first', {
      key: '--db',
    });
  }
  const snapshot = peopleSnapshot(db, run.hrSnapshotId)!;
  const withEstate = options.withEstate ?? true;
  const status = run.status === 'running' ? 'failed' : run.status;
  const frozen = queueFrozenBy(db, run.id);
  const countedAt = options.asOf ?? new Date(run.asOf);
  return {
    toolVersion: TOOL_VERSION,
    generatedAt: options.generatedAt,
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, asOf: run.asOf, status },
    hr: {
      source: snapshot.source,
      sha256: snapshot.sha256,
      importedAt: snapshot.importedAt,
      fileModifiedAt: snapshot.fileModifiedAt,
    },
    people: withEstate ? loadPeople(db, snapshot.id) : [],
    sources: runSources(db, run.id).map(({ name, type, status: sourceStatus, credentials, problems }) => ({
      name,
      type,
      status: sourceStatus === 'running' ? 'failed' : sourceStatus,
      credentials,
      problems,
    })),
    credentials: !withEstate || options.withCredentials === false ? [] : [...reportCredentials(db, run.id)],
    findings:
      !withEstate || options.withFindings === false
        ? []
        : listFindings(db, { includeResolved: true })
            .filter((finding) => finding.status !== 'resolved' || finding.resolvedRunId === run.id)
            .map(withHumanUse(credentialsOfConsoleUsers(db), countedAt)),
    expiredBaselineEntries: options.expiredBaselineEntries ?? [],
    ...(frozen ? { queueFrozen: frozen } : {}),
  };
}
