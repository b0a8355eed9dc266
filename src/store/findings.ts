/**
 * Findings and their status history. A finding that no longer fires is resolved, never deleted;
 * every status change is a history row naming the run and the reason.
 */
import { appendAudit } from '../audit/append.js';
import type { Finding, FindingStatus, RuleId, Severity } from '../core/model.js';
import { recertificationOf } from '../policy/recertification.js';
import { invalidateEvaluations } from './evaluations.js';
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
 * With `auditTime`, every change is also in the audit log: `findings.changed` records, each listing
 * up to 500 changes (finding uid, from, to, reason, rule, credential, severity). It is not an
 * evaluation, so the next scan compares every credential's findings in full.
 */
export function syncFindings(
  db: Db,
  runId: number,
  evaluatedFindings: Iterable<EvaluatedFinding>,
  auditTime?: string,
): FindingSyncSummary {
  return db.transaction(() => {
    const sync = beginFindingSync(db, runId, auditTime);
    sync.syncRange('', null, evaluatedFindings);
    // Written outside an evaluation: the next one compares these credentials' rows in full.
    const touched = db.prepare('SELECT DISTINCT credential_uid FROM findings').pluck().all() as string[];
    invalidateEvaluations(db, touched);
    return sync.finish();
  })();
}

export interface FindingSync {
  /**
   * Records every finding of the credentials whose uid is after `afterUid` and up to `upToUid`
   * (to the end when null), and resolves the open or suppressed findings of that range that are
   * not among them. Call inside a transaction.
   */
  syncRange(afterUid: string, upToUid: string | null, findings: Iterable<EvaluatedFinding>): void;
  /**
   * Records the findings of one credential (all of them: none for a credential that is gone), and
   * resolves its open or suppressed findings that are not among them. Call inside a transaction.
   */
  syncCredential(credentialUid: string, findings: Iterable<EvaluatedFinding>): void;
  /** Writes the last audit batch, and returns what changed. */
  finish(): FindingSyncSummary;
}

type StoredFindingTuple = [
  uid: string,
  rule: string,
  credentialUid: string,
  status: FindingStatus,
  severity: string,
  title: string,
  evidence: string,
  suppression: string | null,
];

interface StoredFindingRow {
  uid: string;
  rule: string;
  credentialUid: string;
  status: FindingStatus;
  severity: string;
  title: string;
  evidence: string;
  suppression: string | null;
}

/**
 * The streaming form of syncFindings: the run's findings arrive a range of credentials, or one
 * credential, at a time, so no array holds the whole estate's findings. A finding whose stored row
 * already says the same (severity, title, evidence, status, suppression) is not rewritten: its last
 * sighting is the latest finished run (see listFindings).
 */
export function beginFindingSync(db: Db, runId: number, auditTime?: string): FindingSync {
  const summary: FindingSyncSummary = { raised: 0, changed: 0, resolved: 0 };
  // Rows as arrays (raw): a rescan reads every stored finding, and objects cost more to build.
  const columns =
    'SELECT uid, rule, credential_uid, status, severity, title, evidence, suppression FROM findings';
  const credentialState = db.prepare('SELECT state FROM credentials WHERE uid = ?').pluck();
  const storedInRange = db.prepare(`${columns} WHERE credential_uid > ? AND credential_uid <= ?`).raw();
  const storedAfter = db.prepare(`${columns} WHERE credential_uid > ?`).raw();
  const storedOf = db.prepare(`${columns} WHERE credential_uid = ?`).raw();
  const storedRows = (rows: unknown[]): Map<string, StoredFindingRow> => {
    const stored = new Map<string, StoredFindingRow>();
    for (const row of rows as StoredFindingTuple[]) {
      const [uid, rule, credentialUid, status, severity, title, evidence, suppression] = row;
      stored.set(uid, { uid, rule, credentialUid, status, severity, title, evidence, suppression });
    }
    return stored;
  };
  const insert = db.prepare(
    `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE findings SET severity = ?, title = ?, evidence = ?, status = ?, suppression = ?, last_seen_run = ?,
            resolved_run = NULL WHERE uid = ?`,
  );
  const resolve = db.prepare("UPDATE findings SET status = 'resolved', resolved_run = ? WHERE uid = ?");
  const historyRow = db.prepare(
    'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
  );
  // A scan's finding changes are audited in batches: one `findings.changed` record per AUDIT_BATCH
  // changes (and one for the rest), not one record per finding. A first scan of a
  // large estate raises a finding for most credentials; a record each made the audit log mostly
  // noise and cost more than the evaluation itself. Every change is still in the hash chain.
  const pendingAudit: FindingChange[] = [];
  const flushAudit = () => {
    if (auditTime === undefined || pendingAudit.length === 0) return;
    appendAudit(db, {
      time: auditTime,
      actor: 'scan',
      action: 'findings.changed',
      target: `run:${runId}`,
      reason: describeChanges(pendingAudit),
      payload: { runId, changes: pendingAudit.splice(0) },
    });
  };
  const history = (
    uid: string,
    from: FindingStatus | null,
    to: FindingStatus,
    reason: string,
    facts: { rule: string; credentialUid: string; severity: string },
  ) => {
    historyRow.run(uid, runId, from, to, reason);
    if (auditTime === undefined) return;
    pendingAudit.push({ findingUid: uid, from, to, reason, ...facts });
    if (pendingAudit.length >= AUDIT_BATCH) flushAudit();
  };

  const record = (finding: EvaluatedFinding, old: StoredFindingRow | undefined) => {
    const suppression = finding.suppression ? JSON.stringify(finding.suppression) : null;
    const evidence = JSON.stringify(finding.evidence);
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
      history(
        finding.uid,
        null,
        finding.status,
        finding.suppression ? 'raised, suppressed by baseline' : 'raised',
        facts(finding),
      );
      summary.raised++;
      return;
    }
    if (
      old.status === finding.status &&
      old.severity === finding.severity &&
      old.title === finding.title &&
      old.evidence === evidence &&
      old.suppression === suppression
    ) {
      return;
    }
    update.run(finding.severity, finding.title, evidence, finding.status, suppression, runId, finding.uid);
    if (old.status !== finding.status) {
      const reason = statusChangeReason(old.status, finding);
      history(finding.uid, old.status, finding.status, reason, facts(finding));
      summary.changed++;
    }
  };

  const resolveUnseen = (stored: Map<string, StoredFindingRow>) => {
    for (const finding of stored.values()) {
      if (finding.status === 'resolved') continue;
      resolve.run(runId, finding.uid);
      history(
        finding.uid,
        finding.status,
        'resolved',
        credentialState.get(finding.credentialUid) === 'gone'
          ? 'credential is gone'
          : 'condition no longer holds',
        facts(finding),
      );
      summary.resolved++;
    }
  };

  const sync = (rows: unknown[], findings: Iterable<EvaluatedFinding>) => {
    if (finished) throw new Error('the finding sync has finished');
    const stored = storedRows(rows);
    for (const finding of findings) {
      const old = stored.get(finding.uid);
      stored.delete(finding.uid);
      record(finding, old);
    }
    resolveUnseen(stored);
  };

  let finished = false;
  return {
    syncRange(afterUid, upToUid, findings) {
      sync(upToUid === null ? storedAfter.all(afterUid) : storedInRange.all(afterUid, upToUid), findings);
    },
    syncCredential(credentialUid, findings) {
      sync(storedOf.all(credentialUid), findings);
    },
    finish() {
      if (!finished) {
        flushAudit();
        finished = true;
      }
      return { ...summary };
    },
  };
}

/** The most finding changes one `findings.changed` audit record carries. */
const AUDIT_BATCH = 500;

/** One finding's change in a `findings.changed` audit record. */
export interface FindingChange {
  findingUid: string;
  from: FindingStatus | null;
  to: FindingStatus;
  reason: string;
  rule: string;
  credentialUid: string;
  severity: string;
}

/** `3 raised, 1 resolved`: the batch's changes counted by kind, in a fixed order. */
function describeChanges(changes: readonly FindingChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const kind =
      change.to === 'resolved'
        ? 'resolved'
        : change.to === 'suppressed'
          ? 'suppressed'
          : change.from === null
            ? 'raised'
            : 'reopened';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return ['raised', 'reopened', 'suppressed', 'resolved']
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}`)
    .join(', ');
}

/** Why a stored finding's status changed in this run (it was seen, so it is not resolved). */
function statusChangeReason(from: FindingStatus, finding: EvaluatedFinding): string {
  if (from === 'resolved') return 'raised again';
  if (finding.status !== 'suppressed') {
    return 'suppression ended (baseline entry or recertification expired or removed)';
  }
  const kept = recertificationOf(finding.suppression);
  return kept ? `recertified by ${kept.by} until ${kept.until}` : 'suppressed by baseline';
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

/**
 * Findings, ordered by credential and rule. A finding that is not resolved was seen by every
 * finished run since it last changed (each run evaluates every live credential and resolves what
 * it did not see), so its last sighting is the latest finished run: unchanged rows are not
 * rewritten on each scan.
 */
export function listFindings(db: Db, options: { includeResolved?: boolean } = {}): StoredFinding[] {
  const rows = db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.severity, f.title, f.evidence, f.status, f.suppression,
              first.started_at AS firstSeenAt, last.started_at AS lastSeenAt, resolved.started_at AS resolvedAt,
              f.resolved_run AS resolvedRunId
         FROM findings f
         JOIN scan_runs first ON first.id = f.first_seen_run
         JOIN scan_runs last ON last.id = CASE WHEN f.status = 'resolved' THEN f.last_seen_run
              ELSE MAX(f.last_seen_run, COALESCE((SELECT MAX(id) FROM scan_runs WHERE status != 'running'), 0)) END
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
