/**
 * The findings table as a finding sync reads and writes it: prepared statements, and stored rows
 * read as arrays (raw), since a rescan reads every stored finding and objects cost more to build.
 * Title and evidence are stored compressed (stored-text.ts) and handed out as text.
 */
import type { EvaluatedFinding, FindingStatus } from '../core/model.js';
import type { Db } from './open.js';
import { decodeStoredText, type StoredText, storeText } from './stored-text.js';

export interface StoredFindingRow {
  uid: string;
  rule: string;
  credentialUid: string;
  status: FindingStatus;
  severity: string;
  title: string;
  evidence: string;
  suppression: string | null;
}

type StoredFindingTuple = [
  uid: string,
  rule: string,
  credentialUid: string,
  status: FindingStatus,
  severity: string,
  title: StoredText,
  evidence: StoredText,
  suppression: string | null,
];

const COLUMNS =
  'SELECT uid, rule, credential_uid, status, severity, title, evidence, suppression FROM findings';

/** Stored rows by finding uid. */
function byUid(rows: unknown[]): Map<string, StoredFindingRow> {
  const stored = new Map<string, StoredFindingRow>();
  for (const row of rows as StoredFindingTuple[]) {
    const [uid, rule, credentialUid, status, severity, title, evidence, suppression] = row;
    stored.set(uid, {
      uid,
      rule,
      credentialUid,
      status,
      severity,
      title: decodeStoredText(title, credentialUid),
      evidence: decodeStoredText(evidence, credentialUid),
      suppression,
    });
  }
  return stored;
}

export interface FindingRows {
  /** The stored findings of the credentials after `afterUid` and up to `upToUid` (to the end when null). */
  inRange(afterUid: string, upToUid: string | null): Map<string, StoredFindingRow>;
  ofCredential(credentialUid: string): Map<string, StoredFindingRow>;
  credentialIsGone(credentialUid: string): boolean;
  insert(finding: EvaluatedFinding, evidence: string, suppression: string | null, runId: number): void;
  update(finding: EvaluatedFinding, evidence: string, suppression: string | null, runId: number): void;
  resolve(uid: string, runId: number): void;
  history(uid: string, runId: number, from: FindingStatus | null, to: FindingStatus, reason: string): void;
}

export function findingRows(db: Db): FindingRows {
  const credentialState = db.prepare('SELECT state FROM credentials WHERE uid = ?').pluck();
  const storedInRange = db.prepare(`${COLUMNS} WHERE credential_uid > ? AND credential_uid <= ?`).raw();
  const storedAfter = db.prepare(`${COLUMNS} WHERE credential_uid > ?`).raw();
  const storedOf = db.prepare(`${COLUMNS} WHERE credential_uid = ?`).raw();
  const insert = db.prepare(
    `INSERT INTO findings (uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run, last_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE findings SET severity = ?, title = ?, evidence = ?, status = ?, suppression = ?, last_seen_run = ?,
            resolved_run = NULL WHERE uid = ?`,
  );
  const resolve = db.prepare("UPDATE findings SET status = 'resolved', resolved_run = ? WHERE uid = ?");
  const history = db.prepare(
    'INSERT INTO finding_history (finding_uid, run_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    inRange: (afterUid, upToUid) =>
      byUid(upToUid === null ? storedAfter.all(afterUid) : storedInRange.all(afterUid, upToUid)),
    ofCredential: (credentialUid) => byUid(storedOf.all(credentialUid)),
    credentialIsGone: (credentialUid) => credentialState.get(credentialUid) === 'gone',
    insert(finding, evidence, suppression, runId) {
      const { uid, rule, credentialUid, severity, title, status } = finding;
      const storedTitle = storeText(db, title, credentialUid);
      const storedEvidence = storeText(db, evidence, credentialUid);
      insert.run(
        uid,
        rule,
        credentialUid,
        severity,
        storedTitle,
        storedEvidence,
        status,
        suppression,
        runId,
        runId,
      );
    },
    update(finding, evidence, suppression, runId) {
      const { credentialUid } = finding;
      update.run(
        finding.severity,
        storeText(db, finding.title, credentialUid),
        storeText(db, evidence, credentialUid),
        finding.status,
        suppression,
        runId,
        finding.uid,
      );
    },
    resolve: (uid, runId) => void resolve.run(runId, uid),
    history: (uid, runId, from, to, reason) => void history.run(uid, runId, from, to, reason),
  };
}
