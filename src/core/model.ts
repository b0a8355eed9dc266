/**
 * The nhiscan data model: what every scanner produces, what HR provides, and what policy emits.
 * Dates are ISO 8601 strings (`YYYY-MM-DD` or full timestamps); `null` means "not known / not set".
 * No field here may ever hold secret material: only ids, fingerprints and last-eight hints.
 */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_IDS = [
  'leaver-owned',
  'contractor-expired',
  'leaver-access-remains',
  'leaver-shared-secret',
  'owner-not-in-hr',
  'owner-unknown',
  'mover-recertify',
  'stale',
  'over-age',
  'expired-not-removed',
  'pending-leaver',
  'propagation-gap',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type WorkerType = 'employee' | 'contractor';
export type PersonStatus = 'active' | 'terminated';

/** One HR record, as imported. Effective dating is applied against an as-of date, never at import. */
export interface Person {
  employeeId: string;
  email: string;
  name: string;
  status: PersonStatus;
  workerType: WorkerType;
  hireDate: string | null;
  terminationDate: string | null;
  contractEndDate: string | null;
  department: string | null;
  managerEmail: string | null;
  previousDepartment: string | null;
  transferDate: string | null;
  /** Secondary identifiers: emails, `github:LOGIN`, `upn:NAME`, plain usernames. */
  aliases: string[];
  /**
   * Set only on a person carried forward from an earlier HR snapshot because the export no longer
   * lists them (`hr.missingMeans: departed`): the as-of day of the first scan or import that missed
   * them. Such a person is a leaver from that day unless an HR event dated on or after it says
   * otherwise. Absent on every person the export lists.
   */
  departedOn?: string;
}

export type CredentialStatus = 'active' | 'inactive' | 'expired';

export const OWNER_SIGNAL_KINDS = [
  'declared',
  'tag',
  'owners-api',
  'saml-identity',
  'login',
  'creator',
  /** A person granted a role on the principal itself (e.g. serviceAccountUser on a GCP service account). */
  'iam-binding',
  'name-match',
] as const;
export type OwnerSignalKind = (typeof OWNER_SIGNAL_KINDS)[number];

/** Evidence that names a human owner. `value` is an identifier (email, login, alias), `source` says where it was read. */
export interface OwnerSignal {
  kind: OwnerSignalKind;
  value: string;
  source: string;
}

/** The identity in a provider that holds credentials: IAM user/role, service account, app, GitHub user. */
export interface Principal {
  uid: string;
  provider: string;
  account: string;
  kind: string;
  name: string;
  /** Provider tags or labels worth keeping (never secrets). */
  tags?: Record<string, string>;
}

/**
 * What a record is when it is not a non-human identity's own credential:
 * - `person-account`: a person's own account access in the source (a GitHub organization
 *   membership, an AWS IAM user's console login, a GCP `user:` binding, an Entra user's sign-in).
 *   Scanners list these only for leavers and expired contractors (a downstream account check);
 *   policy raises only `leaver-access-remains` on them.
 * - `shared-secret`: a secret kept for automation that belongs to a repository or organization,
 *   not to a person (a GitHub Actions secret). No ownership rule applies; what matters is who can
 *   read it (`readers`) and when its value was last set (`valueSetAt`).
 * - `grant`: an access granted to an application that holds no secret of the account's own (a
 *   GitHub App installation: its tokens last an hour and are minted by the app). Nothing to rotate,
 *   so no age rule (`over-age`) applies; ownership and leaver rules do.
 */
export type CredentialNature = 'person-account' | 'shared-secret' | 'grant';

export interface Credential {
  /** Stable, never secret: e.g. `aws:123456789012:access-key:AKIA…`. */
  uid: string;
  provider: string;
  /** AWS account / GitHub org / GCP project / Entra tenant / inventory account. */
  account: string;
  kind: string;
  /** The provider's own id for the credential (access key id, key id, credential id). */
  externalId: string;
  principalUid: string | null;
  principalName: string | null;
  status: CredentialStatus;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** False when last use could not be read: unknown is not the same as never used. */
  lastUsedKnown: boolean;
  lastUsedUnknownReason?: string;
  privileged: boolean;
  privilegedReasons: string[];
  department: string | null;
  ownerSignals: OwnerSignal[];
  /** Last-eight hint or fingerprint, if the provider gives one. */
  hint?: string;
  /**
   * Provider facts about the credential that no rule reads (a GCP key's `keyOrigin`, an Entra
   * certificate's `usage`…), kept for people and reports. Never secret material. Keys are the
   * provider's own field names wherever the fact is one of its fields. Absent when there are none,
   * so a credential without them is stored exactly as before.
   */
  attributes?: Record<string, string>;
  /** Absent for a non-human identity's credential (the usual case); see CredentialNature. */
  nature?: CredentialNature;
  /**
   * Identities that can read the secret's value besides its owners (an Actions secret's repository
   * writers and organization owners). Co-owners are owner signals, not readers. Absent: nobody else.
   */
  readers?: OwnerSignal[];
  /**
   * When the secret's value was last set, where the provider says (GitHub's `updated_at` of an
   * Actions secret). Absent: the value is as old as the credential (`createdAt`).
   */
  valueSetAt?: string | null;
}

/** How sure the resolution is, 0..1. */
export type Confidence = number;

export interface OwnerEvidence {
  signal: OwnerSignal;
  /** employeeId of the person this signal matched, or null when it matched nobody. */
  matchedEmployeeId: string | null;
  /** What it matched on: `email`, `alias`, or why it did not match. */
  matchedBy: string;
}

export interface OwnerResolution {
  credentialUid: string;
  /** The chosen owner, or null. */
  ownerEmployeeId: string | null;
  confidence: Confidence;
  /** `resolved`, `conflict` (resolved, but lower-priority signals disagree), `unmatched` (signals name nobody in HR), `none` (no signals). */
  outcome: 'resolved' | 'conflict' | 'unmatched' | 'none';
  evidence: OwnerEvidence[];
}

export type FindingStatus = 'open' | 'suppressed' | 'resolved';

export interface Finding {
  /** Stable hash of (rule, credential uid). */
  uid: string;
  rule: RuleId;
  severity: Severity;
  credentialUid: string;
  title: string;
  /** Facts that made the rule fire; safe to print. */
  evidence: Record<string, unknown>;
}

/**
 * Why a finding is suppressed: a baseline entry ("accept it", `.nhiscan-baseline.yaml`) or an
 * owner's recertification ("keep it", `nhiscan recertify`). Code tells them apart by `kind`, never
 * by the wording of `reason`.
 */
export type SuppressionKind = 'baseline' | 'recertification';

/**
 * A finding's suppression as stored (JSON in `findings.suppression`) and shown. `reason` is the
 * text people see (a recertification's reads `recertified: <the owner's reason>`). `kind` comes
 * last: the stored JSON keeps this field order.
 */
export interface Suppression {
  reason: string;
  approvedBy: string;
  /** YYYY-MM-DD: the first day it no longer holds. */
  expires: string;
  kind: SuppressionKind;
}

/** A finding of this run after the baseline and recertifications: open or suppressed. */
export interface EvaluatedFinding extends Finding {
  status: Exclude<FindingStatus, 'resolved'>;
  suppression: Suppression | null;
}

/**
 * An owner's answer "keep it" to a credential's findings: the rules it covers, who answered, why
 * and until when. Recorded once with its audit record and never changed (a new answer is a new row).
 */
export interface Recertification {
  id: number;
  credentialUid: string;
  rules: RuleId[];
  by: string;
  reason: string;
  /** YYYY-MM-DD: the first day it no longer holds. */
  until: string;
  recordedAt: string;
}
