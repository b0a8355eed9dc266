/**
 * The findings a report lists, walked in the report's order without holding them: those not
 * resolved, and those the given run resolved; most severe first, then rule (table order),
 * credential uid and finding uid (reports/json/build.ts, compareFindings). Rows are as stored, as
 * `listFindings` gives them (findings.ts, the same SELECT), with the same last sighting. An open cursor: nothing
 * else may run on the connection until the walk ends.
 */
import { RULE_IDS, SEVERITIES, type Suppression } from '../core/model.js';
import { SELECT_STORED_FINDINGS, type StoredFinding } from './findings.js';
import type { Db } from './open.js';

const bySeverity = `CASE f.severity ${SEVERITIES.map((severity, index) => `WHEN '${severity}' THEN ${index}`).join(' ')} END DESC`;
const byRule = `CASE f.rule ${RULE_IDS.map((rule, index) => `WHEN '${rule}' THEN ${index}`).join(' ')} ELSE ${RULE_IDS.length} END`;

export function* findingsInReportOrder(db: Db, runId: number): Generator<StoredFinding> {
  const rows = db
    .prepare(
      `${SELECT_STORED_FINDINGS}
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
