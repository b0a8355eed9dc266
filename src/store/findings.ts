/**
 * Findings and their status history: listing queries, and raising or resolving one finding outside
 * a scan. A finding that no longer fires is resolved, never deleted; every status change is a
 * history row naming the run and the reason. A scan's sync of its findings is in finding-sync.ts.
 */
import { appendAudit } from '../audit/append.js';
import type { Finding, FindingStatus, RuleId, Severity, Suppression } from '../core/model.js';
import { invalidateEvaluations } from './evaluations.js';
import { facts } from './finding-sync.js';
import type { Db } from './open.js';
import { storeText } from './stored-text.js';

export type { FindingChange } from './finding-audit.js';
export { beginFindingSync, type FindingSync, type FindingSyncSummary, syncFindings } from './finding-sync.js';

export interface StoredFinding extends Finding {
  status: FindingStatus;
  suppression: Suppression | null;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  resolvedRunId: number | null;
  /**
   * Its credential's provider, read from the credential uid, which begins with it (`aws:…`; every
   * scanner's credentials are held to this by test/scanners/contract.test.ts): joining the
   * credentials table for it would read each credential's row, a third of the report's time.
   * Null for a uid without the prefix.
   */
  provider: string | null;
}

interface FindingRow {
  uid: string;
  rule: RuleId;
  credentialUid: string;
  severity: Severity;
  title: string;
  evidence: string;
  status: FindingStatus;
  suppression: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  resolvedRunId: number | null;
  provider: string | null;
}

/**
 * The columns of a StoredFinding (evidence and suppression still JSON text), from `findings f`
 * with its runs joined: a finding not resolved was last seen by the latest finished run. Shared by
 * listFindings and the report's walk (report-findings.ts), which add their WHERE and ORDER BY.
 */
export const SELECT_STORED_FINDINGS = `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.severity,
              stored_text(f.title, f.credential_uid) AS title, stored_text(f.evidence, f.credential_uid) AS evidence,
              f.status, f.suppression,
              first.started_at AS firstSeenAt, last.started_at AS lastSeenAt, resolved.started_at AS resolvedAt,
              f.resolved_run AS resolvedRunId,
              CASE WHEN instr(f.credential_uid, ':') > 1
                   THEN substr(f.credential_uid, 1, instr(f.credential_uid, ':') - 1) END AS provider
         FROM findings f
         JOIN scan_runs first ON first.id = f.first_seen_run
         JOIN scan_runs last ON last.id = CASE WHEN f.status = 'resolved' THEN f.last_seen_run
              ELSE MAX(f.last_seen_run, COALESCE((SELECT MAX(id) FROM scan_runs WHERE status != 'running'), 0)) END
         LEFT JOIN scan_runs resolved ON resolved.id = f.resolved_run`;

/**
 * Findings, ordered by credential and rule. A finding that is not resolved was seen by every
 * finished run since it last changed (each run evaluates every live credential and resolves what
 * it did not see), so its last sighting is the latest finished run: unchanged rows are not
 * rewritten on each scan.
 */
export function listFindings(db: Db, options: { includeResolved?: boolean } = {}): StoredFinding[] {
  const rows = db
    .prepare(
      `${SELECT_STORED_FINDINGS}
        ${options.includeResolved ? '' : "WHERE f.status != 'resolved'"}
        ORDER BY f.credential_uid, f.rule`,
    )
    .all() as FindingRow[];
  return rows.map((row) => ({
    ...row,
    evidence: JSON.parse(row.evidence) as Record<string, unknown>,
    suppression: row.suppression ? (JSON.parse(row.suppression) as Suppression) : null,
  }));
}

export function findingHistory(
  db: Db,
  findingUid: string,
): { runId: number; fromStatus: FindingStatus | null; toStatus: FindingStatus; reason: string }[] {
  return db
    .prepare(
      'SELECT run_id AS runId, from_status AS fromStatus, to_status AS toStatus, reason FROM finding_history WHERE finding_uid = ? ORDER BY id',
    )
    .all(findingUid) as {
    runId: number;
    fromStatus: FindingStatus | null;
    toStatus: FindingStatus;
    reason: string;
  }[];
}

/**
 * Raises (or re-opens) one finding outside a scan's evaluation: the verifier's propagation-gap.
 * Records history and an audit record; the next scan keeps it open while its cause holds.
 */
export function raiseFinding(db: Db, runId: number, finding: Finding, now: string): void {
  db.transaction(() => {
    const old = db.prepare('SELECT status FROM findings WHERE uid = ?').get(finding.uid) as
      | { status: FindingStatus }
      | undefined;
    if (old?.status === 'open') return;
    // Stored compressed, keyed by the credential (stored-text.ts).
    const title = storeText(db, finding.title, finding.credentialUid);
    const evidence = storeText(db, JSON.stringify(finding.evidence), finding.credentialUid);
    if (old) {
      db.prepare(
        "UPDATE findings SET status = 'open', severity = ?, title = ?, evidence = ?, last_seen_run = ?, resolved_run = NULL WHERE uid = ?",
      ).run(finding.severity, title, evidence, runId, finding.uid);
    } else {
      db.prepare(
        `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
         VALUES (?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?)`,
      ).run(
        finding.uid,
        finding.rule,
        finding.credentialUid,
        finding.severity,
        title,
        evidence,
        runId,
        runId,
      );
    }
    db.prepare(
      'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
    ).run(finding.uid, runId, old?.status ?? null, 'open', finding.title);
    invalidateEvaluations(db, [finding.credentialUid]);
    appendAudit(db, {
      time: now,
      actor: 'nhiscan',
      action: old ? 'finding.reopened' : 'finding.raised',
      target: `finding:${finding.uid}`,
      reason: finding.title,
      payload: { findingUid: finding.uid, runId, from: old?.status ?? null, to: 'open', ...facts(finding) },
    });
  })();
}

/** Resolves one open finding outside a scan (the verifier saw the gap close), with history and audit. */
export function resolveFinding(db: Db, uid: string, runId: number, reason: string, now: string): boolean {
  return db.transaction(() => {
    const old = db
      .prepare('SELECT status, rule, credential_uid AS credentialUid, severity FROM findings WHERE uid = ?')
      .get(uid) as
      | { status: FindingStatus; rule: string; credentialUid: string; severity: string }
      | undefined;
    if (!old || old.status === 'resolved') return false;
    db.prepare("UPDATE findings SET status = 'resolved', resolved_run = ? WHERE uid = ?").run(runId, uid);
    db.prepare(
      'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
    ).run(uid, runId, old.status, 'resolved', reason);
    invalidateEvaluations(db, [old.credentialUid]);
    appendAudit(db, {
      time: now,
      actor: 'nhiscan',
      action: 'finding.resolved',
      target: `finding:${uid}`,
      reason,
      payload: { findingUid: uid, runId, from: old.status, to: 'resolved', ...facts(old) },
    });
    return true;
  })();
}

/** The latest complete scan run before `runId`, or null when there is none. */
export function previousCompleteRun(db: Db, runId: number): number | null {
  const row = db
    .prepare("SELECT id FROM scan_runs WHERE status = 'complete' AND id < ? ORDER BY id DESC LIMIT 1")
    .get(runId) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Uids of the findings raised in a run after `afterRunId` and up to `upToRunId`: first raised
 * (history from no status), or raised again after they had been resolved. A finding that only
 * changed between open and suppressed in that span is not new.
 */
export function findingsRaisedBetween(db: Db, afterRunId: number, upToRunId: number): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT finding_uid AS uid FROM finding_history
        WHERE run_id > ? AND run_id <= ? AND to_status != 'resolved'
          AND (from_status IS NULL OR from_status = 'resolved')`,
    )
    .all(afterRunId, upToRunId) as { uid: string }[];
  return new Set(rows.map((row) => row.uid));
}
