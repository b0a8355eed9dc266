/**
 * Builds the JSON report from plain data read out of the store. Pure and deterministic:
 * credentials sorted by uid, findings by severity (most severe first), rule and credential.
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
import {
  type JsonReport,
  REPORT_SCHEMA_VERSION,
  type ReportBaselineEntry,
  type ReportCredential,
  type ReportFinding,
  type ReportSource,
  type ScanStatus,
} from './types.js';

export interface JsonReportInput {
  toolVersion: string;
  generatedAt: Date;
  run: { id: number; startedAt: string; finishedAt: string | null; asOf: string; status: ScanStatus };
  hr: { source: string; sha256: string; importedAt: string; fileModifiedAt: string | null };
  people: readonly Person[];
  sources: readonly ReportSource[];
  credentials: readonly {
    credential: Credential;
    source: string;
    state: ReportCredential['state'];
    stateReason: string | null;
    firstSeenAt: string;
    lastSeenAt: string;
    resolution: OwnerResolution | undefined;
  }[];
  findings: readonly (Omit<ReportFinding, 'suppression' | 'resolvedAt'> & {
    suppression: ReportFinding['suppression'] | null;
    resolvedAt: string | null;
  })[];
  expiredBaselineEntries: readonly ReportBaselineEntry[];
}

function reportCredential(
  item: JsonReportInput['credentials'][number],
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
    lastUsedAt: credential.lastUsedAt,
    lastUsedKnown: credential.lastUsedKnown,
    ...(credential.lastUsedUnknownReason ? { lastUsedUnknownReason: credential.lastUsedUnknownReason } : {}),
    privileged: credential.privileged,
    privilegedReasons: credential.privilegedReasons,
    department: credential.department,
    ...(credential.hint ? { hint: credential.hint } : {}),
    firstSeenAt: item.firstSeenAt,
    lastSeenAt: item.lastSeenAt,
    owner: {
      employeeId: owner?.employeeId ?? null,
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

export function buildJsonReport(input: JsonReportInput): JsonReport {
  const asOf = new Date(input.run.asOf);
  const peopleById = new Map(input.people.map((person) => [person.employeeId, person]));
  const credentials = input.credentials
    .map((item) => reportCredential(item, peopleById))
    .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));

  const findings: ReportFinding[] = input.findings
    .map(
      ({
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
      }) => ({
        uid,
        rule,
        severity,
        status,
        credentialUid,
        title,
        evidence,
        firstSeenAt,
        lastSeenAt,
        ...(resolvedAt ? { resolvedAt } : {}),
        ...(suppression ? { suppression } : {}),
      }),
    )
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
        RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
        (a.credentialUid < b.credentialUid ? -1 : a.credentialUid > b.credentialUid ? 1 : 0),
    );
  const current = findings.filter((finding) => finding.status !== 'resolved');
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  const byRule: Partial<Record<RuleId, number>> = {};
  for (const finding of current) {
    bySeverity[finding.severity]++;
    byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  }

  const liveByLeaver = new Map<string, number>();
  for (const item of input.credentials) {
    const ownerId = item.resolution?.ownerEmployeeId;
    const owner = ownerId ? peopleById.get(ownerId) : undefined;
    if (
      !owner ||
      item.state === 'gone' ||
      item.credential.status !== 'active' ||
      isExpired(item.credential, asOf)
    )
      continue;
    if (isLeaver(owner, asOf))
      liveByLeaver.set(owner.employeeId, (liveByLeaver.get(owner.employeeId) ?? 0) + 1);
  }
  const leaversWithLiveCredentials = [...liveByLeaver]
    .map(([employeeId, count]) => {
      const person = peopleById.get(employeeId)!;
      return {
        employeeId,
        email: person.email,
        name: person.name,
        terminationDate: person.terminationDate,
        credentials: count,
      };
    })
    .sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));

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
      sources: [...input.sources],
    },
    summary: {
      credentials: credentials.filter((credential) => credential.state !== 'gone').length,
      people: input.people.length,
      findings: {
        total: current.length,
        open: current.filter((finding) => finding.status === 'open').length,
        suppressed: current.filter((finding) => finding.status === 'suppressed').length,
        resolved: findings.length - current.length,
        bySeverity,
        byRule,
      },
      leaversWithLiveCredentials,
    },
    credentials,
    findings,
    ...(input.expiredBaselineEntries.length > 0
      ? { baseline: { expiredEntries: [...input.expiredBaselineEntries] } }
      : {}),
  };
}
