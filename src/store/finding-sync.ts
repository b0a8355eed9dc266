/**
 * A scan's finding sync: records each run's evaluated findings, resolves those no longer seen,
 * writes their status history and batches the changes into `findings.changed` audit records.
 */
import { appendAudit } from '../audit/append.js';
import type { EvaluatedFinding, FindingStatus } from '../core/model.js';
import { invalidateEvaluations } from './evaluations.js';
import type { Db } from './open.js';

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
  const { suppression } = finding;
  return suppression?.kind === 'recertification'
    ? `recertified by ${suppression.approvedBy} until ${suppression.expires}`
    : 'suppressed by baseline';
}

export function facts(finding: { rule: string; credentialUid: string; severity: string }) {
  return { rule: finding.rule, credentialUid: finding.credentialUid, severity: finding.severity };
}
