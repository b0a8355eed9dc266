/**
 * Findings and their status history. A finding that no longer fires is resolved, never deleted;
 * every status change is a history row naming the run and the reason.
 */
import { appendAudit } from '../audit/append.js';
import type { Finding, FindingStatus, RuleId, Severity } from '../core/model.js';
import type { Db } from './open.js';

export interface Suppression {
  reason: string;
  approvedBy: string;
  expires: string;
}

export interface EvaluatedFinding extends Finding {
  status: Exclude<FindingStatus, 'resolved'>;
  suppression: Suppression | null;
}

export interface StoredFinding extends Finding {
  status: FindingStatus;
  suppression: Suppression | null;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  resolvedRunId: number | null;
}

export interface FindingSyncSummary {
  raised: number;
  changed: number;
  resolved: number;
}

/**
 * Records this run's findings. `evaluatedFindings` is the full set for every live credential;
 * any open or suppressed finding not in it is resolved (its condition cleared or its credential is gone).
 * With `auditTime`, every change is also an audit record (`finding.raised|suppressed|reopened|resolved`).
 */
export function syncFindings(
  db: Db,
  runId: number,
  evaluatedFindings: Iterable<EvaluatedFinding>,
  auditTime?: string,
): FindingSyncSummary {
  const summary: FindingSyncSummary = { raised: 0, changed: 0, resolved: 0 };
  const existing = db.prepare('SELECT status FROM findings WHERE uid = ?');
  const insert = db.prepare(
    `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE findings SET severity = ?, title = ?, evidence = ?, status = ?, suppression = ?, last_seen_run = ?,
            resolved_run = NULL WHERE uid = ?`,
  );
  const historyRow = db.prepare(
    'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
  );
  const history = {
    run(
      uid: string,
      run: number,
      from: FindingStatus | null,
      to: FindingStatus,
      reason: string,
      facts?: { rule: string; credentialUid: string; severity: string },
    ) {
      historyRow.run(uid, run, from, to, reason);
      if (auditTime === undefined) return;
      const action =
        to === 'resolved'
          ? 'finding.resolved'
          : to === 'suppressed'
            ? 'finding.suppressed'
            : from === null
              ? 'finding.raised'
              : 'finding.reopened';
      appendAudit(db, {
        time: auditTime,
        actor: 'scan',
        action,
        target: `finding:${uid}`,
        reason,
        payload: { findingUid: uid, runId: run, from, to, ...facts },
      });
    },
  };
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS seen_findings (uid TEXT PRIMARY KEY) WITHOUT ROWID');
    db.exec('DELETE FROM seen_findings');
    const seen = db.prepare('INSERT OR IGNORE INTO seen_findings (uid) VALUES (?)');
    for (const finding of evaluatedFindings) {
      seen.run(finding.uid);
      const suppression = finding.suppression ? JSON.stringify(finding.suppression) : null;
      const evidence = JSON.stringify(finding.evidence);
      const old = existing.get(finding.uid) as { status: FindingStatus } | undefined;
      if (!old) {
        insert.run(
          finding.uid,
          finding.rule,
          finding.credentialUid,
          finding.severity,
          finding.title,
          evidence,
          finding.status,
          suppression,
          runId,
          runId,
        );
        history.run(
          finding.uid,
          runId,
          null,
          finding.status,
          finding.suppression ? 'raised, suppressed by baseline' : 'raised',
          facts(finding),
        );
        summary.raised++;
        continue;
      }
      update.run(finding.severity, finding.title, evidence, finding.status, suppression, runId, finding.uid);
      if (old.status !== finding.status) {
        const reason =
          old.status === 'resolved'
            ? 'raised again'
            : finding.status === 'suppressed'
              ? 'suppressed by baseline'
              : 'baseline entry expired or removed';
        history.run(finding.uid, runId, old.status, finding.status, reason, facts(finding));
        summary.changed++;
      }
    }
    const cleared = db
      .prepare(
        `SELECT f.uid, f.status, c.state, f.rule, f.credential_uid AS credentialUid, f.severity
           FROM findings f LEFT JOIN credentials c ON c.uid = f.credential_uid
          WHERE f.status != 'resolved' AND f.uid NOT IN (SELECT uid FROM seen_findings)`,
      )
      .all() as {
      uid: string;
      status: FindingStatus;
      state: string | null;
      rule: string;
      credentialUid: string;
      severity: string;
    }[];
    const resolve = db.prepare("UPDATE findings SET status = 'resolved', resolved_run = ? WHERE uid = ?");
    for (const finding of cleared) {
      resolve.run(runId, finding.uid);
      history.run(
        finding.uid,
        runId,
        finding.status,
        'resolved',
        finding.state === 'gone' ? 'credential is gone' : 'condition no longer holds',
        facts(finding),
      );
      summary.resolved++;
    }
    db.exec('DELETE FROM seen_findings');
  })();
  return summary;
}

function facts(finding: { rule: string; credentialUid: string; severity: string }) {
  return { rule: finding.rule, credentialUid: finding.credentialUid, severity: finding.severity };
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
}

export function listFindings(db: Db, options: { includeResolved?: boolean } = {}): StoredFinding[] {
  const rows = db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.severity, f.title, f.evidence, f.status, f.suppression,
              first.started_at AS firstSeenAt, last.started_at AS lastSeenAt, resolved.started_at AS resolvedAt,
              f.resolved_run AS resolvedRunId
         FROM findings f
         JOIN scan_runs first ON first.id = f.first_seen_run
         JOIN scan_runs last ON last.id = f.last_seen_run
         LEFT JOIN scan_runs resolved ON resolved.id = f.resolved_run
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
    const evidence = JSON.stringify(finding.evidence);
    if (old) {
      db.prepare(
        "UPDATE findings SET status = 'open', severity = ?, title = ?, evidence = ?, last_seen_run = ?, resolved_run = NULL WHERE uid = ?",
      ).run(finding.severity, finding.title, evidence, runId, finding.uid);
    } else {
      db.prepare(
        `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
         VALUES (?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?)`,
      ).run(
        finding.uid,
        finding.rule,
        finding.credentialUid,
        finding.severity,
        finding.title,
        evidence,
        runId,
        runId,
      );
    }
    db.prepare(
      'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
    ).run(finding.uid, runId, old?.status ?? null, 'open', finding.title);
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
