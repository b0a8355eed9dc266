/**
 * What every report format renders (`JsonReportInput`), read from the store: the latest finished run,
 * its HR snapshot and sources, and the inventory and findings as they stand.
 */
import type { JsonReportInput } from '../../reports/json/build.js';
import type { ReportBaselineEntry } from '../../reports/json/types.js';
import { InputError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/version.js';
import { queueFrozenBy } from '../scan/queue-freeze.js';
import {
  allCredentials,
  type Db,
  latestFinishedRun,
  listFindings,
  loadPeople,
  ownerResolutions,
  peopleSnapshot,
  runSources,
} from '../store/index.js';

export function collectReportInput(
  db: Db,
  options: {
    generatedAt: Date;
    expiredBaselineEntries?: readonly ReportBaselineEntry[];
    /** false: the run, HR and sources only (people, credentials and findings left empty). */
    withEstate?: boolean;
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
  const resolutions = withEstate ? ownerResolutions(db) : new Map();
  const status = run.status === 'running' ? 'failed' : run.status;
  const frozen = queueFrozenBy(db, run.id);
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
    credentials: !withEstate
      ? []
      : [...allCredentials(db)]
          .filter((stored) => stored.state !== 'gone' || stored.goneRunId === run.id)
          .map((stored) => ({ ...stored, resolution: resolutions.get(stored.credential.uid) })),
    findings: !withEstate
      ? []
      : listFindings(db, { includeResolved: true }).filter(
          (finding) => finding.status !== 'resolved' || finding.resolvedRunId === run.id,
        ),
    expiredBaselineEntries: options.expiredBaselineEntries ?? [],
    ...(frozen ? { queueFrozen: frozen } : {}),
  };
}
