/**
 * The findings a report lists, walked in the report's order without holding them: those not
 * resolved, and those the given run resolved; most severe first, then rule (table order),
 * credential uid and finding uid (reports/json/build.ts, compareFindings). Rows are as stored, as
 * `listFindings` gives them (findings.ts), with the same last sighting. An open cursor: nothing
 * else may run on the connection until the walk ends.
 */
import { RULE_IDS, SEVERITIES, type Suppression } from '../core/model.js';
import type { StoredFinding } from './findings.js';
import type { Db } from './open.js';

const bySeverity = `CASE f.severity ${SEVERITIES.map((severity, index) => `WHEN '${severity}' THEN ${index}`).join(' ')} END DESC`;
const byRule = `CASE f.rule ${RULE_IDS.map((rule, index) => `WHEN '${rule}' THEN ${index}`).join(' ')} ELSE ${RULE_IDS.length} END`;

export function* findingsInReportOrder(db: Db, runId: number): Generator<StoredFinding> {
  const rows = db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.severity,
              stored_text(f.title, f.credential_uid) AS title, stored_text(f.evidence, f.credential_uid) AS evidence,
              f.status, f.suppression,
              first.started_at AS firstSeenAt, last.started_at AS lastSeenAt, resolved.started_at AS resolvedAt,
              f.resolved_run AS resolvedRunId
         FROM findings f
         JOIN scan_runs first ON first.id = f.first_seen_run
         JOIN scan_runs last ON last.id = CASE WHEN f.status = 'resolved' THEN f.last_seen_run
              ELSE MAX(f.last_seen_run, COALESCE((SELECT MAX(id) FROM scan_runs WHERE status != 'running'), 0)) END
         LEFT JOIN scan_runs resolved ON resolved.id = f.resolved_run
        WHERE f.status != 'resolved' OR f.resolved_run = ?
        ORDER BY ${bySeverity}, ${byRule}, f.credential_uid, f.uid`,
    )
    .iterate(runId) as IterableIterator<
    Omit<StoredFinding, 'evidence' | 'suppression'> & { evidence: string; suppression: string | null }
  >;
  for (const row of rows) {
    yield {
      ...row,
      evidence: JSON.parse(row.evidence) as Record<string, unknown>,
      suppression: row.suppression ? (JSON.parse(row.suppression) as Suppression) : null,
    };
  }
}
