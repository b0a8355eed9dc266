/**
 * The findings the default policy must raise on a generated estate, derived from the generator's
 * own decisions (who owns each credential and what their lifecycle is, how old it is, when it was
 * last used, whether it is privileged, which department it is tagged with) and the rules as
 * docs/rules.md states them — deliberately not by calling src/policy, src/correlate or any
 * scanner, so that a benchmark comparing nhiscan's findings with this truth tests them
 * independently.
 */
import { DEFAULT_POLICY } from '../../core/config-types.js';
import { type RuleId, SEVERITIES, type Severity } from '../../core/model.js';
import type { CredentialFacts } from './facts.js';

export interface ExpectedFinding {
  credentialUid: string;
  rule: RuleId;
  severity: Severity;
}

/** The rules table of docs/rules.md: each rule's severity before the privileged raise. */
const BASE_SEVERITY: Readonly<Partial<Record<RuleId, Severity>>> = {
  'leaver-owned': 'critical',
  'contractor-expired': 'high',
  'leaver-access-remains': 'critical',
  'owner-unknown': 'high',
  'mover-recertify': 'medium',
  stale: 'medium',
  'over-age': 'low',
  'expired-not-removed': 'low',
};

function severityOf(rule: RuleId, privileged: boolean): Severity {
  const base = BASE_SEVERITY[rule]!;
  if (!privileged) return base;
  return SEVERITIES[Math.min(SEVERITIES.indexOf(base) + 1, SEVERITIES.length - 1)]!;
}

/** The rules one generated credential must trigger at as-of. */
export function expectedRules(facts: CredentialFacts): RuleId[] {
  const { timeline, owner } = facts;
  const policy = DEFAULT_POLICY;
  // An expired credential gets only expired-not-removed; a disabled one gets nothing.
  if (timeline.state === 'expired') return ['expired-not-removed'];
  if (timeline.state === 'inactive') return [];
  // A person's own account gets one rule: its owner left (or their contract ended) and it still has access.
  if (facts.nature === 'person-account')
    return owner?.lifecycle === 'leaver' || owner?.lifecycle === 'expired-contractor'
      ? ['leaver-access-remains']
      : [];
  const rules: RuleId[] = [];
  if (owner?.lifecycle === 'leaver') rules.push('leaver-owned');
  if (owner?.lifecycle === 'expired-contractor') rules.push('contractor-expired');
  if (owner === null && timeline.createdDaysAgo > policy.newKeyGraceDays) rules.push('owner-unknown');
  if (
    owner !== null &&
    facts.department !== null &&
    owner.transferDaysAgo !== null &&
    owner.transferDaysAgo > policy.moverGraceDays &&
    facts.department !== owner.person.department
  )
    rules.push('mover-recertify');
  // Unknown last use is not "never used": no stale finding without a known answer.
  const idle = timeline.lastUsedDaysAgo ?? timeline.createdDaysAgo;
  if (!facts.lastUseUnknown && idle > policy.staleAfterDays) rules.push('stale');
  if (timeline.createdDaysAgo > policy.maxKeyAgeDays) rules.push('over-age');
  return rules;
}

const byUidThenRule = (a: ExpectedFinding, b: ExpectedFinding) =>
  a.credentialUid < b.credentialUid
    ? -1
    : a.credentialUid > b.credentialUid
      ? 1
      : a.rule < b.rule
        ? -1
        : a.rule > b.rule
          ? 1
          : 0;

/** Every expected finding, sorted by credential uid, then rule. */
export function groundTruth(facts: readonly CredentialFacts[]): ExpectedFinding[] {
  const truth: ExpectedFinding[] = [];
  for (const credential of facts) {
    for (const rule of expectedRules(credential))
      truth.push({ credentialUid: credential.uid, rule, severity: severityOf(rule, credential.privileged) });
  }
  return truth.sort(byUidThenRule);
}

/** One ExpectedFinding per line (the `ground-truth.ndjson` file). */
export function groundTruthNdjson(truth: readonly ExpectedFinding[]): string {
  let text = '';
  for (const finding of truth) text += `${JSON.stringify(finding)}\n`;
  return text;
}
