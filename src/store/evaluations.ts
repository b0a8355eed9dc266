/**
 * What the last evaluation recorded for each credential, as one digest (credential_evaluations,
 * migration 9). A rescan evaluates every live credential again, hashes the owner resolution and
 * findings it would record, and compares: a credential whose digest is unchanged needs no read or
 * write of its resolution or findings. On an unchanged estate that is every credential, on a new
 * day too: findings are stored day-free (day counts are placeholders, src/policy/day-counts.ts).
 *
 * DIGEST_VERSION stayed 1 when counts became placeholders: the digest covers the same stored
 * fields, and a digest recorded over literal counts cannot equal one over placeholders, so the
 * first scan after the change rewrites exactly the findings whose text changed, once.
 *
 * Invariant: the digest describes the credential's stored owner resolution and findings exactly, or
 * is empty (matches nothing). Whatever changes those rows outside an evaluation (the verifier's
 * raiseFinding and resolveFinding, syncFindings) calls `invalidateEvaluations`. Every credential
 * with a finding that is not resolved has a row, so one that stops being live is found here.
 */
import type { EvaluatedFinding, OwnerResolution } from '../core/model.js';
import { sha256Hex } from '../core/sha256.js';
import { type Db, perConnection } from './open.js';

/** Bumped when what the digest covers changes, so old digests match nothing. */
const DIGEST_VERSION = 1;

/** What one evaluation records for a credential. */
export interface CredentialEvaluation {
  /** The sha256 of the credential's stored data; null for one that is not live. */
  credentialSha256: string | null;
  /** None for a credential that is not live but keeps a finding raised outside policy. */
  resolution: OwnerResolution | undefined;
  findings: EvaluatedFinding[];
}

/**
 * The digest of what an evaluation records for one credential: every stored field of its owner
 * resolution and of its findings, in order, that a later evaluation compares.
 *
 * The resolution's evidence is covered without serialising it: each item is one of the
 * credential's owner signals, as is (so the credential's data digest covers it), with what it
 * matched. If resolveOwner ever records a signal differently, bump DIGEST_VERSION.
 */
export function evaluationDigest(evaluation: CredentialEvaluation): string {
  // Built by concatenation, each free-text part length-prefixed so that no two evaluations write
  // the same text: a rescan hashes one of these for every credential.
  const { resolution } = evaluation;
  let text = `${DIGEST_VERSION}|${evaluation.credentialSha256 ?? '-'}|`;
  if (resolution) {
    text += `${lengthPrefixed(resolution.ownerEmployeeId)}${resolution.confidence}|${resolution.outcome}|`;
    for (const item of resolution.evidence)
      text += `${lengthPrefixed(item.matchedEmployeeId)}${item.matchedBy}|`;
  } else {
    text += 'no resolution|';
  }
  for (const finding of evaluation.findings) {
    text += `\n${finding.uid}|${finding.status}|${finding.severity}|${lengthPrefixed(finding.title)}${JSON.stringify(
      finding.evidence,
    )}${finding.suppression === null ? '-' : JSON.stringify(finding.suppression)}`;
  }
  return sha256Hex(text);
}

/** `5:hello`, or `-` for null. */
function lengthPrefixed(text: string | null): string {
  return text === null ? '-' : `${text.length}:${text}`;
}

/** The stored digests of the credentials whose uid is after `afterUid` and up to `upToUid` (to the end when null). */
export function evaluationDigestsInRange(
  db: Db,
  afterUid: string,
  upToUid: string | null,
): Map<string, string> {
  const statements = statementsFor(db);
  const rows = (
    upToUid === null ? statements.after.all(afterUid) : statements.inRange.all(afterUid, upToUid)
  ) as [uid: string, digest: string][];
  return new Map(rows);
}

export function saveEvaluationDigest(db: Db, credentialUid: string, digest: string): void {
  statementsFor(db).save.run(credentialUid, digest);
}

/** For a credential that is not live and has nothing left to record: its findings are all resolved. */
export function forgetEvaluation(db: Db, credentialUid: string): void {
  statementsFor(db).forget.run(credentialUid);
}

/**
 * Marks credentials whose resolution or findings were changed outside an evaluation: the next
 * evaluation reads and compares their rows in full. Creates the row when there is none.
 */
export function invalidateEvaluations(db: Db, credentialUids: Iterable<string>): void {
  const { save } = statementsFor(db);
  for (const uid of credentialUids) save.run(uid, '');
}

const statementsFor = perConnection((db) => ({
  inRange: db
    .prepare(
      'SELECT credential_uid, digest FROM credential_evaluations WHERE credential_uid > ? AND credential_uid <= ?',
    )
    .raw(),
  after: db
    .prepare('SELECT credential_uid, digest FROM credential_evaluations WHERE credential_uid > ?')
    .raw(),
  save: db.prepare(
    `INSERT INTO credential_evaluations (credential_uid, digest) VALUES (?, ?)
     ON CONFLICT (credential_uid) DO UPDATE SET digest = excluded.digest`,
  ),
  forget: db.prepare('DELETE FROM credential_evaluations WHERE credential_uid = ?'),
}));
