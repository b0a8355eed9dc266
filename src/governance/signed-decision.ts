/**
 * Attributable decisions: with governance.signedDecisions: required, a decision carries an SSH
 * signature (`ssh-keygen -Y sign -n nhiscan`) over its canonical text. The key must be listed in
 * the allowed-signers file (git's gpg.ssh.allowedSignersFile format) for a principal that is one
 * of the acting person's own identifiers (email, alias, employee id): the signer is the actor.
 * The text and signature are kept in the decision's audit record; `audit verify` checks them again.
 */

import type { PersonActor } from './actor.js';
import type { AllowedSigner } from './allowed-signers.js';
import { DecisionRefused } from './refusal.js';
import { SignatureError } from './sshsig.js';
import { verifyDecisionSignature } from './verify-signature.js';

export const DECISION_NAMESPACE = 'nhiscan';

export interface DecisionFields {
  decision: string;
  target: string;
  /** Who acts, as given. */
  by: string;
  reason: string;
  /** Further facts the signature covers (an expiry date, rules), in any order. */
  extra?: Record<string, string>;
}

/** One line a field; line breaks inside a value are written `\n` so the text stays line-based. */
export function decisionText(fields: DecisionFields): string {
  const line = (key: string, value: string) => `${key}: ${value.trim().replace(/\r?\n/g, '\\n')}\n`;
  const extra = Object.entries(fields.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    'nhiscan decision v1\n',
    line('decision', fields.decision),
    line('target', fields.target),
    line('by', fields.by),
    line('reason', fields.reason),
    ...extra.map(([key, value]) => line(key, value)),
  ].join('');
}

export interface SignedDecision {
  signature: {
    principal: string;
    keyType: string;
    fingerprint: string;
    namespace: string;
    text: string;
    armored: string;
  };
}

/** The signature's facts, or a refusal ('signature') naming why it does not attribute the decision. */
export function attributeDecision(
  actor: PersonActor,
  text: string,
  armored: string,
  allowedSigners: readonly AllowedSigner[],
  at: Date,
): SignedDecision {
  const identities = [actor.person.email, ...actor.person.aliases, actor.person.employeeId];
  let firstError: SignatureError | undefined;
  for (const principal of identities) {
    try {
      const verified = verifyDecisionSignature({
        message: text,
        armored,
        namespace: DECISION_NAMESPACE,
        allowedSigners,
        principal,
        at,
      });
      return { signature: { ...verified, text, armored: armored.trim() } };
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      firstError ??= error;
    }
  }
  throw new DecisionRefused(
    'signature',
    `the signature does not attribute this decision to ${actor.person.name} (${actor.person.employeeId}): ${firstError?.problem ?? 'no identity to check'}`,
    '--signature',
    actor.person.employeeId,
  );
}
