/** How the queue acts on each rule and tier, from the `revocation` config (docs/config.md). */
import type { PROPOSAL_RULES, RevocationSettings } from '../config/schema.js';
import { type RequestMode, RULES } from '../policy/rules.js';

export type ProposalRule = (typeof PROPOSAL_RULES)[number];

/** The tier's mode written in `rules.<rule>`, if any: it overrides `leaver` for leaver-owned. */
function configuredMode(
  settings: RevocationSettings,
  rule: ProposalRule,
  privileged: boolean,
): RequestMode | undefined {
  const configured = settings.rules[rule];
  return privileged ? configured?.privileged : configured?.standard;
}

/**
 * The mode for a rule and tier. Privileged credentials are never automatic; `leaver` sets the
 * leaver-owned default (auto-disable and approve both ask approvals for the request; auto-disable
 * also lets its first disable run at once, see `disablesAtOnce`); owner-unknown proposals are off
 * unless `ownerUnknownAfterDays` is set. Else the rule's `queues` default (src/policy/rules.ts).
 */
export function modeFor(settings: RevocationSettings, rule: ProposalRule, privileged: boolean): RequestMode {
  if (rule === 'owner-unknown' && settings.ownerUnknownAfterDays === undefined) return 'report';
  const configured = configuredMode(settings, rule, privileged);
  if (configured) return configured;
  if (privileged) return 'approve';
  if (rule === 'leaver-owned') return settings.leaver === 'auto-disable' ? 'approve' : settings.leaver;
  return RULES[rule].queues;
}

/**
 * `revocation.leaver: auto-disable`: a leaver-owned request's reversible first step (`disable`)
 * runs without waiting for approvals or a notice, privileged or not; approvals gate the rest. Not
 * when `rules.leaver-owned` sets this tier's mode (it overrides `leaver`).
 */
export function disablesAtOnce(
  settings: RevocationSettings,
  rule: ProposalRule,
  privileged: boolean,
): boolean {
  return (
    rule === 'leaver-owned' &&
    settings.leaver === 'auto-disable' &&
    configuredMode(settings, rule, privileged) === undefined
  );
}

export function approvalsFor(settings: RevocationSettings, privileged: boolean): number {
  return privileged ? settings.privilegedApprovals : settings.approvals;
}
