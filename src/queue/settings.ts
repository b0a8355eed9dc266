/** How the queue acts on each rule and tier, from the `revocation` config (docs/config.md). */
import type { PROPOSAL_RULES, RevocationSettings } from '../config/schema.js';

export type ProposalRule = (typeof PROPOSAL_RULES)[number];
export type RequestMode = 'auto' | 'approve' | 'report';

const DEFAULT_STANDARD: Record<ProposalRule, RequestMode> = {
  'leaver-owned': 'approve',
  'contractor-expired': 'approve',
  'mover-recertify': 'approve',
  'propagation-gap': 'approve',
  'owner-unknown': 'approve',
};

/**
 * The mode for a rule and tier. Privileged credentials are never automatic; `leaver` (DESIGN key)
 * sets the non-privileged leaver-owned default; owner-unknown proposals are off unless
 * `ownerUnknownAfterDays` is set.
 */
export function modeFor(settings: RevocationSettings, rule: ProposalRule, privileged: boolean): RequestMode {
  if (rule === 'owner-unknown' && settings.ownerUnknownAfterDays === undefined) return 'report';
  const configured = settings.rules[rule];
  if (privileged) return configured?.privileged ?? 'approve';
  if (configured?.standard) return configured.standard;
  if (rule === 'leaver-owned') return settings.leaver === 'auto-disable' ? 'auto' : settings.leaver;
  return DEFAULT_STANDARD[rule];
}

export function approvalsFor(settings: RevocationSettings, privileged: boolean): number {
  return privileged ? settings.privilegedApprovals : settings.approvals;
}
