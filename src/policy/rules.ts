/**
 * The rule table: one row per rule id (`RULE_IDS`, src/core/model.ts), holding everything nhiscan
 * says or decides about a rule other than its condition (src/policy/evaluate.ts): its base
 * severity, its short name, what it means and what to do (one line each, for the report formats),
 * its SARIF tags, whether `nhiscan recertify` answers it, and whether the queue proposes revoking
 * it. Every format and module reads it from here; a rule id without a complete row does not
 * compile. The authoritative wording is docs/rules.md; keep the two in step. (The estate
 * generator's ground truth, src/emulate/generate/ground-truth.ts, keeps its own copy on purpose:
 * it checks the rules rather than sharing them.)
 */
import type { PROPOSAL_RULES } from '../config/schema.js';
import type { RuleId, Severity } from '../core/model.js';
import type { RuleCompliance } from './compliance.js';

/** How the queue acts on a rule's findings: `auto` | `approve` | `report` (docs/queue.md#modes). */
export type RequestMode = 'auto' | 'approve' | 'report';

/**
 * Whether `nhiscan recertify` (and the review screen's `R`) can answer a finding of the rule:
 * `yes`; `no` (an input error: a baseline exception answers it); `hr` (no, and the attempt is a
 * refused decision: HR answers it, as a contract is renewed in HR, and a leaver's credential is
 * revoked, handed over, or excepted in the baseline by someone who does not own it).
 */
export type Recertify = 'yes' | 'no' | 'hr';

export interface RuleDefinition {
  /** Base severity; a privileged credential's finding is one level higher (src/policy/severity.ts). */
  severity: Severity;
  /** A few words naming what the rule catches: a heading, a SARIF shortDescription, JUnit's rule line. */
  label: string;
  /** One line: when the rule fires (OCSF analytic.desc, ECS rule.description, SARIF fullDescription). */
  description: string;
  /** One line: what to do (OCSF remediation, SARIF help, JUnit "what to do"). */
  remediation: string;
  /** SARIF `properties.tags` after the two every rule carries (`security`, `non-human-identity`). */
  sarifTags: readonly string[];
  recertify: Recertify;
  /**
   * Whether the queue proposes revocation requests for the rule's open findings, and if so the
   * mode of a standard (non-privileged) credential when `revocation.rules.<rule>.standard` is unset
   * (a privileged one: `approve`, never `auto`). `false`: never. Which rules can queue is
   * `PROPOSAL_RULES` (src/config/schema.ts, the keys `revocation.rules` accepts); the type below
   * keeps the two equal. Two settings come before this default (src/queue/settings.ts):
   * `revocation.leaver` for leaver-owned, and owner-unknown proposes nothing until
   * `revocation.ownerUnknownAfterDays` is set.
   */
  queues: false | RequestMode;
  /**
   * The compliance framework items the rule's findings map to (src/policy/compliance.ts; sources
   * in docs/rules.md). A finding adds what depends on its credential: `complianceOf`.
   */
  compliance: RuleCompliance;
}

type ProposalRule = (typeof PROPOSAL_RULES)[number];

/** A row for every rule id; `queues` is a mode exactly for the rules `revocation.rules` accepts. */
type RuleTable = {
  readonly [R in RuleId]: RuleDefinition & { queues: R extends ProposalRule ? RequestMode : false };
};

/** Rows in rule-table order (that of `RULE_IDS` and docs/rules.md). */
export const RULES = {
  'leaver-owned': {
    severity: 'critical',
    label: 'Live credential owned by a leaver',
    description:
      'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
    remediation:
      'Disable the credential now and delete it after the hand-over window, unless a new owner takes it over (nhiscan queue).',
    sarifTags: ['joiner-mover-leaver'],
    recertify: 'hr',
    queues: 'approve',
    compliance: {
      'owasp-nhi': ['NHI1'],
      'nist-csf': ['GV.RR-04', 'PR.AA-01', 'PR.AA-05'],
      'cis-controls': ['6.2'],
    },
  },
  'contractor-expired': {
    severity: 'high',
    label: 'Live credential owned by a contractor whose contract ended',
    description: 'The credential is active and its owner is a contractor whose contract has ended.',
    remediation: 'Disable the credential, or renew the contract in HR if the work continues (nhiscan queue).',
    sarifTags: ['joiner-mover-leaver'],
    recertify: 'hr',
    queues: 'approve',
    compliance: {
      'owasp-nhi': ['NHI1'],
      'nist-csf': ['GV.RR-04', 'GV.SC-10', 'PR.AA-01'],
      'cis-controls': ['6.2'],
    },
  },
  'leaver-access-remains': {
    severity: 'critical',
    label: "Leaver's own account still has access",
    description:
      "A leaver's or expired contractor's own account in the source still has access (organization member, console login, IAM binding, enabled user).",
    remediation:
      "Remove the account's access (remove from the organization, delete the console login, remove the binding, disable the user and revoke sessions) through nhiscan queue; every step is approved.",
    sarifTags: ['joiner-mover-leaver', 'propagation-gap'],
    recertify: 'hr',
    queues: 'approve',
    compliance: {
      'owasp-nhi': ['NHI1'],
      'nist-csf': ['GV.RR-04', 'PR.AA-01', 'PR.AA-05'],
      'cis-controls': ['6.2'],
    },
  },
  'leaver-shared-secret': {
    severity: 'high',
    label: 'Secret a leaver could read has not been rotated',
    description:
      'A leaver could read the secret (a co-owner of the credential, or an admin or writer who can read a GitHub Actions secret) and its value was last set before they left.',
    remediation:
      'Rotate the secret (set a new value, move its users over, remove the old one); the request closes by itself when a scan sees the new value.',
    sarifTags: ['joiner-mover-leaver', 'credential-hygiene'],
    recertify: 'no',
    queues: 'auto',
    compliance: {
      'owasp-nhi': ['NHI1', 'NHI7'],
      'nist-csf': ['GV.RR-04', 'PR.AA-01'],
      'cis-controls': ['6.2'],
    },
  },
  'owner-not-in-hr': {
    severity: 'high',
    label: 'Credential owner is not in HR',
    description: 'An owner signal of the credential names an identity that matches no person in HR.',
    remediation: 'Fix the owner tag or declaration to name a current employee, or revoke the credential.',
    sarifTags: ['ownership'],
    recertify: 'no',
    queues: false,
    compliance: { 'owasp-nhi': ['NHI1'], 'nist-csf': ['PR.AA-01'], 'cis-controls': ['5.5'] },
  },
  'owner-unknown': {
    severity: 'high',
    label: 'Credential has no owner',
    description: 'The credential has no owner signal at all.',
    remediation: 'Tag or declare an owner for the credential, or revoke it if nobody claims it.',
    sarifTags: ['ownership'],
    recertify: 'yes',
    queues: 'approve',
    compliance: { 'owasp-nhi': ['NHI1'], 'nist-csf': ['PR.AA-01'], 'cis-controls': ['5.5'] },
  },
  'mover-recertify': {
    severity: 'medium',
    label: 'Credential of a department mover awaits recertification',
    description:
      "The owner moved department more than moverGraceDays ago and the credential's department differs from the owner's current one.",
    remediation:
      'Have the owner recertify the credential (nhiscan recertify) or hand it over to the old team.',
    sarifTags: ['joiner-mover-leaver'],
    recertify: 'yes',
    queues: 'approve',
    compliance: { 'owasp-nhi': ['NHI1'], 'nist-csf': ['GV.RR-04', 'PR.AA-05'], 'cis-controls': ['6.2'] },
  },
  stale: {
    severity: 'medium',
    label: 'Credential unused for too long',
    description:
      'The credential is active but unused for more than staleAfterDays (or never used since creation).',
    remediation: 'Delete the unused credential; if it is still needed, record why in the baseline.',
    sarifTags: ['credential-hygiene'],
    recertify: 'yes',
    queues: false,
    compliance: {
      'owasp-nhi': ['NHI1'],
      'nist-csf': ['PR.AA-01'],
      'cis-controls': ['5.3'],
      'cis-aws': ['1.12'],
    },
  },
  'over-age': {
    severity: 'low',
    label: 'Credential older than the maximum key age',
    description: 'The credential is active and older than maxKeyAgeDays.',
    remediation: 'Rotate the credential: create a new one, move its users over, delete the old one.',
    sarifTags: ['credential-hygiene'],
    recertify: 'yes',
    queues: false,
    compliance: { 'owasp-nhi': ['NHI7'], 'nist-csf': ['PR.AA-01'], 'cis-aws': ['1.14'], 'cis-gcp': ['1.7'] },
  },
  'expired-not-removed': {
    severity: 'low',
    label: 'Expired credential still present',
    description: 'The credential has expired but is still present.',
    remediation: 'Delete the expired credential.',
    sarifTags: ['credential-hygiene'],
    recertify: 'no',
    queues: false,
    compliance: { 'owasp-nhi': ['NHI7'], 'nist-csf': ['PR.AA-01'] },
  },
  'pending-leaver': {
    severity: 'info',
    label: 'Credential owner leaves soon',
    description: "The owner's termination date is within pendingLeaverDays.",
    remediation: 'Arrange a hand-over of the credential before the owner leaves.',
    sarifTags: ['joiner-mover-leaver'],
    recertify: 'no',
    queues: false,
    compliance: { 'owasp-nhi': ['NHI1'], 'nist-csf': ['GV.RR-04'], 'cis-controls': ['6.2'] },
  },
  'propagation-gap': {
    severity: 'critical',
    label: 'Revoked credential still usable',
    description: 'A revocation step reported done, but a later read shows the credential still usable.',
    remediation: 'Revoke the credential again and check the provider; nhiscan queue verify re-reads it.',
    sarifTags: ['revocation'],
    recertify: 'no',
    queues: 'approve',
    compliance: { 'owasp-nhi': ['NHI1'], 'nist-csf': ['PR.AA-01'], 'cis-controls': ['6.2'] },
  },
} as const satisfies RuleTable;

/** The rules whose row says `recertify: 'yes'`. */
export type RecertifiableRule = {
  [R in RuleId]: (typeof RULES)[R]['recertify'] extends 'yes' ? R : never;
}[RuleId];

/** Compiles only when `list` names every member of `T` (each `T` extra is an error too). */
function everyOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

/**
 * The recertifiable rules in the order `nhiscan recertify` lists them (its `--rule` default and
 * help, its errors) and records them when no `--rule` is given: hygiene first, as they shipped.
 * Which rules they are is the table's `recertify: 'yes'`; the type checker keeps this list equal.
 */
export const RECERTIFIABLE_ORDER = everyOf<RecertifiableRule>()([
  'stale',
  'over-age',
  'mover-recertify',
  'owner-unknown',
]);
