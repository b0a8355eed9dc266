/**
 * What a merge records of each credential a run saw, and how long the history is kept:
 *  - credential_last_seen: one row per credential, the last run that saw it (lastSeenAt),
 *    rewritten in place by every merge, so it never grows with the number of runs;
 *  - credential_observations: the run that first saw each version of a credential's data (its
 *    first sighting and every change), kept for `observationRetentionDays`.
 * Governance reads neither for its decisions: first seen is credentials.first_seen_run, gone and
 * unverified are decided from the staging, and the audit log is never pruned.
 */
import type { Db } from './open.js';
import { perConnection } from './open.js';

const statements = perConnection((db: Db) => ({
  observe: db.prepare(
    'INSERT OR IGNORE INTO credential_observations (credential_uid, run_id, data_sha256) VALUES (?, ?, ?)',
  ),
  // The WHERE keeps SQLite's parser from reading ON CONFLICT as a join constraint.
  markSeen: db.prepare(
    `INSERT INTO credential_last_seen (credential_uid, run_id)
       SELECT uid, run_id FROM scan_staging WHERE run_id = ? AND entity = 'credential'
     ON CONFLICT (credential_uid) DO UPDATE SET run_id = excluded.run_id`,
  ),
  prune: db.prepare(
    `DELETE FROM credential_observations
      WHERE run_id IN (SELECT id FROM scan_runs WHERE started_at < ?)
        AND EXISTS (SELECT 1 FROM credential_observations newer
                     WHERE newer.credential_uid = credential_observations.credential_uid
                       AND newer.run_id > credential_observations.run_id)`,
  ),
}));

/** Records that run `runId` saw a version of a credential's data it had not seen before. */
export function recordObservation(db: Db, uid: string, runId: number, dataSha256: string): void {
  statements(db).observe.run(uid, runId, dataSha256);
}

/** Every credential staged in run `runId` was last seen in it. */
export function markStagedCredentialsSeen(db: Db, runId: number): void {
  statements(db).markSeen.run(runId);
}

/**
 * Removes observations of runs that started more than `retentionDays` days before `now`, except
 * each credential's newest (the version its data has now, and since when). Returns how many.
 */
export function pruneObservations(db: Db, retentionDays: number, now: Date): number {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return statements(db).prune.run(cutoff).changes;
}
