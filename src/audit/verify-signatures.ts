/**
 * Re-verifies the SSH signatures that attributable decisions carry (governance.signedDecisions):
 * each signed record's text and signature are checked again against the allowed-signers file, as
 * of the record's own time, for the principal it was accepted for. The hash chain proves the
 * record is unchanged; this proves the person it names signed it.
 */
import type { AllowedSigner } from '../governance/allowed-signers.js';
import { DECISION_NAMESPACE } from '../governance/signed-decision.js';
import { SignatureError } from '../governance/sshsig.js';
import { verifyDecisionSignature } from '../governance/verify-signature.js';
import type { Db } from '../store/open.js';

export interface SignatureVerification {
  checked: number;
  problems: { seq: number; action: string; problem: string }[];
}

interface SignedPayload {
  signature?: { principal?: unknown; text?: unknown; armored?: unknown };
}

export function verifyDecisionSignatures(
  db: Db,
  allowedSigners: readonly AllowedSigner[],
): SignatureVerification {
  const rows = db
    .prepare(
      `SELECT seq, time, action, payload FROM audit_log WHERE payload LIKE '%"signature":{%' ORDER BY seq`,
    )
    .all() as { seq: number; time: string; action: string; payload: string }[];
  const result: SignatureVerification = { checked: 0, problems: [] };
  for (const row of rows) {
    const signature = (JSON.parse(row.payload) as SignedPayload).signature;
    const { principal, text, armored } = signature ?? {};
    if (typeof principal !== 'string' || typeof text !== 'string' || typeof armored !== 'string') continue;
    result.checked++;
    try {
      verifyDecisionSignature({
        message: text,
        armored,
        namespace: DECISION_NAMESPACE,
        allowedSigners,
        principal,
        at: new Date(row.time),
      });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      result.problems.push({ seq: row.seq, action: row.action, problem: error.problem });
    }
  }
  return result;
}
