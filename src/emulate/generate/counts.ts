/**
 * The numbers that describe a generated estate (`GeneratedEstate.counts`), in this order: people
 * by lifecycle, accounts per provider (the providers of scanners/emulators.ts, in its order),
 * credentials per provider and by what was decided about them, and the expected findings per rule.
 *
 * `credentials.contractor` counts both contractor classes, `credentials.expired-contractor` those
 * whose contract has ended; `credentials.mover` those still tagged with the owner's old department;
 * `credentials.stale` those expected to be stale (active ones only). A person-account record (a
 * leaver's own account: an organization membership, a `user:` binding, an Entra user) counts in
 * `credentials` and its provider's share, as `credentials.person-account`, and in none of the
 * classes decided about credentials (leaver, contractor, privileged…): it is not a credential.
 */
import { EMULATED_PROVIDERS } from '../../../scanners/emulators.js';
import { RULE_IDS } from '../../core/model.js';
import type { Estate } from '../estate.js';
import type { CredentialFacts } from './facts.js';
import type { ExpectedFinding } from './ground-truth.js';
import type { Roster } from './people.js';

const DECIDED = [
  'leaver',
  'contractor',
  'expired-contractor',
  'mover',
  'unowned',
  'stale',
  'privileged',
  'inactive',
  'expired',
] as const;

export function tally(
  roster: Roster,
  estate: Estate,
  facts: readonly CredentialFacts[],
  truth: readonly ExpectedFinding[],
): Record<string, number> {
  const counts: Record<string, number> = { people: roster.entries.length };
  for (const [lifecycle, indexes] of Object.entries(roster.byLifecycle))
    counts[`people.${lifecycle}`] = indexes.length;
  const parts: Readonly<Record<string, unknown>> = estate;
  for (const provider of EMULATED_PROVIDERS) {
    const part = parts[provider.id];
    counts[`accounts.${provider.id}`] = part ? provider.generator.accounts(part) : 0;
  }
  counts.credentials = facts.length;
  for (const key of [...EMULATED_PROVIDERS.map((provider) => provider.id), ...DECIDED, 'person-account'])
    counts[`credentials.${key}`] = 0;
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const credential of facts) {
    add(`credentials.${credential.provider}`);
    if (credential.nature === 'person-account') {
      add('credentials.person-account');
      continue;
    }
    const ownerClass = credential.ownerClass;
    if (ownerClass === 'expired-contractor') add('credentials.contractor');
    if (ownerClass !== 'employee') add(`credentials.${ownerClass}`);
    if (credential.privileged) add('credentials.privileged');
    if (credential.timeline.state !== 'active') add(`credentials.${credential.timeline.state}`);
  }
  counts.findings = truth.length;
  const byRule = new Map<string, number>();
  for (const finding of truth) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  counts['credentials.stale'] = byRule.get('stale') ?? 0;
  for (const rule of RULE_IDS) if (byRule.has(rule)) counts[`findings.${rule}`] = byRule.get(rule)!;
  return counts;
}
