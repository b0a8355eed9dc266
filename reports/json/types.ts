/** The JSON report document, version 1 (schema.json). Never holds secret material. */
import type {
  CredentialNature,
  CredentialStatus,
  FindingStatus,
  OwnerSignalKind,
  RuleId,
  Severity,
} from '../../src/core/model.js';
import type { ComplianceRef, FrameworkId } from '../../src/policy/compliance.js';

export const REPORT_SCHEMA_VERSION = '1.4.0';

export type ScanStatus = 'complete' | 'partial' | 'failed';

export interface JsonReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'nhiscan'; version: string };
  generatedAt: string;
  scan: ReportScan;
  summary: ReportSummary;
  /** The compliance frameworks and their items: what a finding's `compliance` labels name. */
  frameworks: ReportFramework[];
  credentials: ReportCredential[];
  findings: ReportFinding[];
  baseline?: { expiredEntries: ReportBaselineEntry[] };
}

export interface ReportScan {
  runId: number;
  startedAt: string;
  finishedAt: string | null;
  asOf: string;
  status: ScanStatus;
  hr: {
    source: string;
    sha256: string;
    /** When the HR data was current: the file's modification time, else when it was imported. */
    asOf: string;
    importedAt: string;
    people: number;
  };
  sources: ReportSource[];
  /** Present only when the run froze the revocation queue (the hr-change guard tripped, unacknowledged). */
  queueFrozen?: { reason: string; hrSnapshotId: number };
}

export interface ReportSource {
  name: string;
  type: string;
  status: ScanStatus;
  credentials: number;
  problems: { scope: string; reason: string }[];
}

export interface ReportSummary {
  credentials: number;
  people: number;
  findings: {
    total: number;
    open: number;
    suppressed: number;
    resolved: number;
    bySeverity: Record<Severity, number>;
    byRule: Partial<Record<RuleId, number>>;
  };
  leaversWithLiveCredentials: {
    employeeId: string;
    email: string;
    name: string;
    terminationDate: string | null;
    credentials: number;
  }[];
}

export interface ReportOwnerEvidence {
  kind: OwnerSignalKind;
  value: string;
  source: string;
  matchedEmployeeId: string | null;
  matchedBy: string;
}

export interface ReportCredential {
  uid: string;
  provider: string;
  account: string;
  kind: string;
  externalId: string;
  source: string;
  principal: { uid: string; name: string | null } | null;
  status: CredentialStatus;
  state: 'present' | 'unverified' | 'gone';
  stateReason: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedKnown: boolean;
  lastUsedUnknownReason?: string;
  privileged: boolean;
  privilegedReasons: string[];
  department: string | null;
  hint?: string;
  /** Provider facts no rule reads (e.g. a GCP key's `keyOrigin`); absent when the source gives none. */
  attributes?: Record<string, string>;
  /** `person-account`, `shared-secret` or `grant` (CredentialNature); absent for an ordinary credential. */
  nature?: CredentialNature;
  /** Identities that can read a shared secret's value (an Actions secret's writers and owners). */
  readers?: { kind: string; value: string; source: string }[];
  /** When a secret's value was last set (GitHub's updated_at), where the source says. */
  valueSetAt?: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  owner: {
    employeeId: string | null;
    email: string | null;
    name: string | null;
    confidence: number;
    outcome: 'resolved' | 'conflict' | 'unmatched' | 'none';
    evidence: ReportOwnerEvidence[];
  };
}

export interface ReportFinding {
  uid: string;
  rule: RuleId;
  severity: Severity;
  status: FindingStatus;
  credentialUid: string;
  title: string;
  evidence: Record<string, unknown>;
  /**
   * The framework items the finding maps to, as `framework:id` labels (`owasp-nhi:NHI1`), named in
   * the document's `frameworks` (src/policy/compliance.ts, docs/rules.md).
   */
  compliance: readonly string[];
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  suppression?: { reason: string; approvedBy: string; expires: string };
}

/** One compliance item, as the event formats carry it (`complianceRefOf` of a label). */
export type ReportCompliance = ComplianceRef;

export interface ReportFramework {
  id: FrameworkId;
  name: string;
  /** Where the framework is published. */
  url: string;
  items: { label: string; id: string; name: string; url: string }[];
}

export interface ReportBaselineEntry {
  finding?: string;
  credential?: string;
  reason: string;
  approvedBy: string;
  expires: string;
}
