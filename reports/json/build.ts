/**
 * Builds the JSON report from plain data read out of the store. Pure and deterministic: whatever
 * order the input comes in, the document is the same. Credentials are sorted by uid; findings by
 * severity (most severe first), then rule (table order), credential uid and finding uid; sources
 * by name; leavers by employee id; `byRule` keys in rule table order; expired baseline entries by
 * target. Owner evidence and privileged reasons keep their order (it is meaningful).
 */

import {
  type Credential,
  type OwnerResolution,
  type Person,
  RULE_IDS,
  type RuleId,
  SEVERITIES,
  type Severity,
} from '../../src/core/model.js';
import { isLeaver } from '../../src/core/people.js';
import { isExpired } from '../../src/policy/evaluate.js';
import { findingComplianceLabels } from '../../src/policy/finding-compliance.js';
import { reportFrameworks } from './frameworks.js';
import {
  type JsonReport,
  REPORT_SCHEMA_VERSION,
  type ReportBaselineEntry,
  type ReportCredential,
  type ReportFinding,
  type ReportSource,
  type ScanStatus,
} from './types.js';

/**
 * Everything the report is built from, as plain data (the CLI fills it from the store). Close to
 * the output on purpose: the builder joins owners to people, derives the summary and sorts.
 */
export interface JsonReportInput {
  /** nhiscan's version (`tool.version`). */
  toolVersion: string;
  /** When the document is written (`generatedAt`). */
  generatedAt: Date;
  /** The scan run reported on. Timestamps are ISO 8601; `asOf` is the run's "now". */
  run: { id: number; startedAt: string; finishedAt: string | null; asOf: string; status: ScanStatus };
  /** The HR snapshot the run used. `fileModifiedAt` (when known) is when the data was current. */
  hr: { source: string; sha256: string; importedAt: string; fileModifiedAt: string | null };
  /** Every person of that snapshot (counted, and joined to owners and leavers). */
  people: readonly Person[];
  /** One entry per configured source, as the run left it. */
  sources: readonly ReportSource[];
  /** Credentials to report: the live ones and those that went away in this run. */
  credentials: readonly JsonReportCredentialInput[];
  /** Open and suppressed findings, and those resolved in this run. */
  findings: readonly JsonReportFindingInput[];
  /** Baseline entries whose `expires` has passed (they no longer suppress). */
  expiredBaselineEntries: readonly ReportBaselineEntry[];
  /** Set when the run froze the revocation queue (`scan.queueFrozen`). */
  queueFrozen?: { reason: string; hrSnapshotId: number };
}

export interface JsonReportCredentialInput {
  credential: Credential;
  /** Name of the source that reported it. */
  source: string;
  state: ReportCredential['state'];
  /** Why it is `unverified` or `gone`; null when present. */
  stateReason: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Its owner resolution; undefined when none was made (reported as outcome `none`). */
  resolution: OwnerResolution | undefined;
}

export type JsonReportFindingInput = Omit<ReportFinding, 'suppression' | 'resolvedAt' | 'compliance'> & {
  suppression: ReportFinding['suppression'] | null;
  resolvedAt: string | null;
  /**
   * Its credential's provider, which narrows the provider benchmarks it maps to; null or absent
   * (the credential is not stored): none of them.
   */
  provider?: string | null;
  /** A person signs in as its credential's principal: the finding maps to NHI10 too. */
  humanUse?: boolean;
};

/** Code-unit order, independent of locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function reportCredential(
  item: JsonReportCredentialInput,
  peopleById: ReadonlyMap<string, Person>,
): ReportCredential {
  const { credential, resolution } = item;
  const owner = resolution?.ownerEmployeeId ? peopleById.get(resolution.ownerEmployeeId) : undefined;
  return {
    uid: credential.uid,
    provider: credential.provider,
    account: credential.account,
    kind: credential.kind,
    externalId: credential.externalId,
    source: item.source,
    principal: credential.principalUid
      ? { uid: credential.principalUid, name: credential.principalName }
      : null,
    status: credential.status,
    state: item.state,
    stateReason: item.stateReason,
    createdAt: credential.createdAt,
    expiresAt: credential.expiresAt,
    // Unknown last use is never reported with a date, and always with a reason.
    lastUsedAt: credential.lastUsedKnown ? credential.lastUsedAt : null,
    lastUsedKnown: credential.lastUsedKnown,
    ...(credential.lastUsedKnown
      ? {}
      : { lastUsedUnknownReason: credential.lastUsedUnknownReason || 'the source did not say why' }),
    privileged: credential.privileged,
    privilegedReasons: [...credential.privilegedReasons],
    department: credential.department,
    ...(credential.hint ? { hint: credential.hint } : {}),
    ...(credential.attributes && Object.keys(credential.attributes).length > 0
      ? { attributes: { ...credential.attributes } }
      : {}),
    ...(credential.nature ? { nature: credential.nature } : {}),
    ...(credential.readers
      ? {
          readers: credential.readers.map((reader) => ({
            kind: reader.kind,
            value: reader.value,
            source: reader.source,
          })),
        }
      : {}),
    ...(credential.valueSetAt !== undefined ? { valueSetAt: credential.valueSetAt } : {}),
    firstSeenAt: item.firstSeenAt,
    lastSeenAt: item.lastSeenAt,
    owner: {
      employeeId: resolution?.ownerEmployeeId ?? null,
      email: owner?.email ?? null,
      name: owner?.name ?? null,
      confidence: resolution?.confidence ?? 0,
      outcome: resolution?.outcome ?? 'none',
      evidence: (resolution?.evidence ?? []).map((item) => ({
        kind: item.signal.kind,
        value: item.signal.value,
        source: item.signal.source,
        matchedEmployeeId: item.matchedEmployeeId,
        matchedBy: item.matchedBy,
      })),
    },
  };
}

/**
 * What the summary counts of the credentials, fed one at a time (the streamed report walks them
 * without holding them): live ones, and per leaver their active, unexpired, not-gone credentials.
 */
export class CredentialTally {
  live = 0;
  private readonly liveByLeaver = new Map<string, number>();

  constructor(
    private readonly peopleById: ReadonlyMap<string, Person>,
    private readonly asOf: Date,
  ) {}

  add(item: JsonReportCredentialInput): void {
    if (item.state !== 'gone') this.live++;
    const ownerId = item.resolution?.ownerEmployeeId;
    const owner = ownerId ? this.peopleById.get(ownerId) : undefined;
    if (
      !owner ||
      item.state === 'gone' ||
      item.credential.status !== 'active' ||
      isExpired(item.credential, this.asOf)
    )
      return;
    if (isLeaver(owner, this.asOf))
      this.liveByLeaver.set(owner.employeeId, (this.liveByLeaver.get(owner.employeeId) ?? 0) + 1);
  }

  leaversWithLiveCredentials(): JsonReport['summary']['leaversWithLiveCredentials'] {
    return [...this.liveByLeaver]
      .map(([employeeId, count]) => {
        const person = this.peopleById.get(employeeId)!;
        return {
          employeeId,
          email: person.email,
          name: person.name,
          terminationDate: person.terminationDate,
          credentials: count,
        };
      })
      .sort((a, b) => compare(a.employeeId, b.employeeId));
  }
}

export function peopleByEmployeeId(input: Pick<JsonReportInput, 'people'>): Map<string, Person> {
  return new Map(input.people.map((person) => [person.employeeId, person]));
}

/** A finding as the report lists it. */
export function reportFinding({
  suppression,
  resolvedAt,
  uid,
  rule,
  severity,
  status,
  credentialUid,
  title,
  evidence,
  firstSeenAt,
  lastSeenAt,
  provider,
  humanUse,
}: JsonReportFindingInput): ReportFinding {
  return {
    uid,
    rule,
    severity,
    status,
    credentialUid,
    title,
    evidence,
    compliance: findingComplianceLabels({ rule, provider, evidence, humanUse }),
    firstSeenAt,
    lastSeenAt,
    ...(resolvedAt ? { resolvedAt } : {}),
    // Field by field: a stored suppression also has its kind, which the report does not carry.
    ...(suppression
      ? {
          suppression: {
            reason: suppression.reason,
            approvedBy: suppression.approvedBy,
            expires: suppression.expires,
          },
        }
      : {}),
  };
}

/** Report order: most severe first, then rule (table order), credential uid and finding uid. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
    RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
    compare(a.credentialUid, b.credentialUid) ||
    compare(a.uid, b.uid)
  );
}

/** The findings as the report lists them, in report order. */
export function reportFindings(input: Pick<JsonReportInput, 'findings'>): ReportFinding[] {
  return input.findings.map(reportFinding).sort(compareFindings);
}

/** What the summary counts of the findings, fed one at a time. */
export class FindingTally {
  current = 0;
  open = 0;
  suppressed = 0;
  resolved = 0;
  readonly bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  private readonly ruleCounts = new Map<RuleId, number>();

  add(finding: ReportFinding): void {
    if (finding.status === 'resolved') {
      this.resolved++;
      return;
    }
    this.current++;
    if (finding.status === 'open') this.open++;
    else this.suppressed++;
    this.bySeverity[finding.severity]++;
    this.ruleCounts.set(finding.rule, (this.ruleCounts.get(finding.rule) ?? 0) + 1);
  }

  byRule(): Partial<Record<RuleId, number>> {
    const byRule: Partial<Record<RuleId, number>> = {};
    for (const rule of RULE_IDS) {
      const count = this.ruleCounts.get(rule);
      if (count) byRule[rule] = count;
    }
    return byRule;
  }
}

/** The document's fields before `credentials`, in document order. */
export type JsonReportHead = Pick<
  JsonReport,
  'schemaVersion' | 'tool' | 'generatedAt' | 'scan' | 'summary' | 'frameworks'
>;

/** The head of the document, from the input and the tallied credentials and findings. */
export function reportHead(
  input: Omit<JsonReportInput, 'credentials' | 'findings'>,
  tally: CredentialTally,
  findings: FindingTally,
): JsonReportHead {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'nhiscan', version: input.toolVersion },
    generatedAt: input.generatedAt.toISOString(),
    scan: {
      runId: input.run.id,
      startedAt: input.run.startedAt,
      finishedAt: input.run.finishedAt,
      asOf: input.run.asOf,
      status: input.run.status,
      hr: {
        source: input.hr.source,
        sha256: input.hr.sha256,
        asOf: input.hr.fileModifiedAt ?? input.hr.importedAt,
        importedAt: input.hr.importedAt,
        people: input.people.length,
      },
      sources: input.sources
        .map((source) => ({
          ...source,
          problems: [...source.problems].sort(
            (a, b) => compare(a.scope, b.scope) || compare(a.reason, b.reason),
          ),
        }))
        .sort((a, b) => compare(a.name, b.name)),
      ...(input.queueFrozen ? { queueFrozen: { ...input.queueFrozen } } : {}),
    },
    summary: {
      credentials: tally.live,
      people: input.people.length,
      findings: {
        total: findings.current,
        open: findings.open,
        suppressed: findings.suppressed,
        resolved: findings.resolved,
        bySeverity: findings.bySeverity,
        byRule: findings.byRule(),
      },
      leaversWithLiveCredentials: tally.leaversWithLiveCredentials(),
    },
    frameworks: reportFrameworks(),
  };
}

/** The document's last field: only when some baseline entries have expired. */
export function reportBaseline(
  input: Pick<JsonReportInput, 'expiredBaselineEntries'>,
): JsonReport['baseline'] | undefined {
  if (input.expiredBaselineEntries.length === 0) return undefined;
  return {
    expiredEntries: [...input.expiredBaselineEntries].sort(
      (a, b) =>
        compare(a.finding ?? a.credential ?? '', b.finding ?? b.credential ?? '') ||
        compare(a.expires, b.expires),
    ),
  };
}

export function buildJsonReport(input: JsonReportInput): JsonReport {
  const peopleById = peopleByEmployeeId(input);
  const tally = new CredentialTally(peopleById, new Date(input.run.asOf));
  for (const item of input.credentials) tally.add(item);
  const credentials = input.credentials
    .map((item) => reportCredential(item, peopleById))
    .sort((a, b) => compare(a.uid, b.uid));
  const findings = reportFindings(input);
  const findingTally = new FindingTally();
  for (const finding of findings) findingTally.add(finding);
  const baseline = reportBaseline(input);
  return {
    ...reportHead(input, tally, findingTally),
    credentials,
    findings,
    ...(baseline ? { baseline } : {}),
  };
}
