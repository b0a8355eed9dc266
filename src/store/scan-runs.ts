/** Scan runs and the status of each source within a run. */
import type { PartialMark } from '../core/plugin.js';
import { reclaimFreePages } from './free-pages.js';
import type { Db } from './open.js';

export type RunStatus = 'running' | 'complete' | 'partial' | 'failed';

export interface ScanRunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  asOf: string;
  status: RunStatus;
  hrSnapshotId: number | null;
  onlySources: string | null;
  /** When the run read the HR file, and the file's modification time then. */
  hrReadAt: string | null;
  hrModifiedAt: string | null;
}

export interface ScanSourceRow {
  runId: number;
  name: string;
  type: string;
  status: RunStatus;
  credentials: number;
  problems: PartialMark[];
}

export function beginRun(
  db: Db,
  run: { startedAt: string; asOf: string; hrSnapshotId: number | null; onlySources: string[] | null },
): number {
  const { lastInsertRowid } = db
    .prepare(
      "INSERT INTO scan_runs (started_at, as_of, status, hr_snapshot_id, only_sources) VALUES (?, ?, 'running', ?, ?)",
    )
    .run(run.startedAt, run.asOf, run.hrSnapshotId, run.onlySources ? run.onlySources.join(',') : null);
  return Number(lastInsertRowid);
}

export function beginSource(db: Db, runId: number, name: string, type: string): void {
  db.prepare("INSERT INTO scan_sources (run_id, name, type, status) VALUES (?, ?, ?, 'running')").run(
    runId,
    name,
    type,
  );
}

export function finishSource(
  db: Db,
  runId: number,
  name: string,
  result: { status: RunStatus; credentials: number; problems: PartialMark[] },
): void {
  db.prepare(
    'UPDATE scan_sources SET status = ?, credentials = ?, problems = ? WHERE run_id = ? AND name = ?',
  ).run(result.status, result.credentials, JSON.stringify(result.problems), runId, name);
}

/** Also gives back the pages the run's writes freed (free-pages.ts): a finished run leaves none. */
export function finishRun(db: Db, runId: number, status: RunStatus, finishedAt: string): void {
  db.prepare('UPDATE scan_runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt, runId);
  reclaimFreePages(db);
}

/** Removes every trace of a run that was rejected for bad input, so the database is as it was before. */
export function discardRun(db: Db, runId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM scan_staging WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM scan_sources WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM scan_runs WHERE id = ?').run(runId);
    reclaimFreePages(db);
  })();
}

const RUN_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, as_of AS asOf, status,
  hr_snapshot_id AS hrSnapshotId, only_sources AS onlySources, hr_read_at AS hrReadAt, hr_modified_at AS hrModifiedAt`;

export function latestFinishedRun(db: Db): ScanRunRow | undefined {
  return db
    .prepare(`SELECT ${RUN_COLUMNS} FROM scan_runs WHERE status != 'running' ORDER BY id DESC LIMIT 1`)
    .get() as ScanRunRow | undefined;
}

export function scanRun(db: Db, id: number): ScanRunRow | undefined {
  return db.prepare(`SELECT ${RUN_COLUMNS} FROM scan_runs WHERE id = ?`).get(id) as ScanRunRow | undefined;
}

export function runSources(db: Db, runId: number): ScanSourceRow[] {
  const rows = db
    .prepare(
      'SELECT run_id AS runId, name, type, status, credentials, problems FROM scan_sources WHERE run_id = ? ORDER BY name',
    )
    .all(runId) as (Omit<ScanSourceRow, 'problems'> & { problems: string })[];
  return rows.map((row) => ({ ...row, problems: JSON.parse(row.problems) as PartialMark[] }));
}
