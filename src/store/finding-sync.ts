/**
 * A scan's finding sync: records each run's evaluated findings, resolves those no longer seen,
 * writes their status history and batches the changes into `findings.changed` audit records.
 */
import type { EvaluatedFinding, FindingStatus } from '../core/model.js';
import { invalidateEvaluations } from './evaluations.js';
import { findingAuditBatches } from './finding-audit.js';
import { findingRows, type StoredFindingRow } from './finding-rows.js';
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

/**
 * The streaming form of syncFindings: the run's findings arrive a range of credentials, or one
 * credential, at a time, so no array holds the whole estate's findings. A finding whose stored row
 * already says the same (severity, title, evidence, status, suppression) is not rewritten: its last
 * sighting is the latest finished run (see listFindings).
 */
export function beginFindingSync(db: Db, runId: number, auditTime?: string): FindingSync {
  const summary: FindingSyncSummary = { raised: 0, changed: 0, resolved: 0 };
  const rows = findingRows(db);
  const audit = findingAuditBatches(db, runId, auditTime);
  const history = (
    finding: { uid: string; rule: string; credentialUid: string; severity: string },
    from: FindingStatus | null,
    to: FindingStatus,
    reason: string,
  ) => {
    rows.history(finding.uid, runId, from, to, reason);
    audit.add({ findingUid: finding.uid, from, to, reason, ...facts(finding) });
  };

  const record = (finding: EvaluatedFinding, old: StoredFindingRow | undefined) => {
    const suppression = finding.suppression ? JSON.stringify(finding.suppression) : null;
    const evidence = JSON.stringify(finding.evidence);
    if (!old) {
      rows.insert(finding, evidence, suppression, runId);
      history(
        finding,
        null,
        finding.status,
        finding.suppression ? 'raised, suppressed by baseline' : 'raised',
      );
      summary.raised++;
      return;
    }
    const unchanged =
      old.status === finding.status &&
      old.severity === finding.severity &&
      old.title === finding.title &&
      old.evidence === evidence &&
      old.suppression === suppression;
    if (unchanged) return;
    rows.update(finding, evidence, suppression, runId);
    if (old.status !== finding.status) {
      history(finding, old.status, finding.status, statusChangeReason(old.status, finding));
      summary.changed++;
    }
  };

  const resolveUnseen = (stored: Map<string, StoredFindingRow>) => {
    for (const finding of stored.values()) {
      if (finding.status === 'resolved') continue;
      rows.resolve(finding.uid, runId);
      const reason = rows.credentialIsGone(finding.credentialUid)
        ? 'credential is gone'
        : 'condition no longer holds';
      history(finding, finding.status, 'resolved', reason);
      summary.resolved++;
    }
  };

  let finished = false;
  const sync = (stored: Map<string, StoredFindingRow>, findings: Iterable<EvaluatedFinding>) => {
    if (finished) throw new Error('the finding sync has finished');
    for (const finding of findings) {
      const old = stored.get(finding.uid);
      stored.delete(finding.uid);
      record(finding, old);
    }
    resolveUnseen(stored);
  };

  return {
    syncRange: (afterUid, upToUid, findings) => sync(rows.inRange(afterUid, upToUid), findings),
    syncCredential: (credentialUid, findings) => sync(rows.ofCredential(credentialUid), findings),
    finish() {
      if (!finished) {
        audit.flush();
        finished = true;
      }
      return { ...summary };
    },
  };
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
