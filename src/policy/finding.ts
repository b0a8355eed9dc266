/**
 * What every rule's finding is made of: the finding itself (severity raised for a privileged
 * credential) and the owner facts an owner-based finding carries. Day counts and the as-of day are
 * placeholders (./day-counts.ts), counted when the finding is shown.
 */
import type { Credential, Finding, OwnerResolution, Person, RuleId } from '../core/model.js';
import { ownerFacts } from './describe.js';
import { findingUid } from './finding-uid.js';
import { RULES } from './rules.js';
import { raiseSeverity } from './severity.js';

export function finding(
  rule: RuleId,
  credential: Credential,
  title: string,
  evidence: Record<string, unknown>,
): Finding {
  const base = RULES[rule].severity;
  const severity = credential.privileged ? raiseSeverity(base) : base;
  return {
    uid: findingUid(rule, credential.uid),
    rule,
    severity,
    credentialUid: credential.uid,
    title,
    evidence: credential.privileged
      ? { ...evidence, privileged: true, privilegedReasons: credential.privilegedReasons, baseSeverity: base }
      : evidence,
  };
}

/** The owner facts every owner-based finding carries: who, how sure, and which signals named them. */
export function ownerEvidence(owner: Person, resolution: OwnerResolution): Record<string, unknown> {
  const signals: { kind: string; value: string; source: string }[] = [];
  for (const { signal, matchedEmployeeId } of resolution.evidence) {
    if (matchedEmployeeId === owner.employeeId) {
      signals.push({ kind: signal.kind, value: signal.value, source: signal.source });
    }
  }
  return {
    owner: ownerFacts(owner),
    confidence: resolution.confidence,
    outcome: resolution.outcome,
    signals,
  };
}
