/**
 * What the event formats (ocsf, ecs) share: the event a sink gets (one self-contained event with a
 * stable id), the ids themselves, and the facts both formats carry where their schema has no
 * attribute (OCSF `unmapped`, ECS `nhiscan.*`).
 *
 * Invariants of those facts, so that a receiver's index never sees one field with two types:
 * every key is snake_case at every depth (the JSON report keeps its own camelCase schema: the
 * conversion happens here, at the format boundary), and an evidence's `signals` is always a list.
 * Ids are a hash of the facts an event reports and of its format (docs/formats.md, "Stable ids").
 */
import { createHash } from 'node:crypto';
import { complianceRefOf } from '../src/policy/compliance.js';
import type { ReportCompliance, ReportCredential, ReportFinding } from './json/types.js';

/** The event formats; part of every event id, so one fact has a different id in each format. */
export type EventFormat = 'ocsf' | 'ecs';

export interface ReportEvent {
  /** Stable across renders of the same facts in the same format: `nhi-evt-` + 32 hex. */
  id: string;
  /** When it happened, epoch milliseconds (HEC `time`). */
  time: number;
  /** The event itself, as the format defines it (an OCSF event, an ECS document). */
  event: Record<string, unknown>;
}

/** `nhi-evt-` + the first 32 hex of sha256 over the parts joined by NUL. */
export function stableEventId(...parts: readonly (string | number | null | undefined)[]): string {
  const hash = createHash('sha256')
    .update(parts.map((part) => (part === null || part === undefined ? '' : String(part))).join('\0'))
    .digest('hex');
  return `nhi-evt-${hash.slice(0, 32)}`;
}

/**
 * A finding event's id: the same format, finding, status and scan give the same id. Both OCSF
 * classes share it (one fact in two shapes, of which a consumer takes one).
 */
export function findingEventId(format: EventFormat, finding: ReportFinding): string {
  return stableEventId(
    format,
    'finding',
    finding.uid,
    finding.status,
    finding.lastSeenAt,
    finding.resolvedAt,
  );
}

/** An inventory event's id: the same format, credential, state and scan give the same id. */
export function inventoryEventId(format: EventFormat, credential: ReportCredential): string {
  return stableEventId(format, 'credential', credential.uid, credential.state, credential.lastSeenAt);
}

/**
 * A revocation event's id. OCSF keeps the audit export's id, the record's hash (the event is the
 * one `nhiscan audit export --format ocsf` writes); ECS derives its own from that hash.
 */
export function actionEventId(format: EventFormat, recordHash: string): string {
  return format === 'ocsf' ? recordHash : stableEventId(format, 'audit', recordHash);
}

/** Events as NDJSON: one JSON object per line, each line ending with a newline. */
export function ndjson(events: readonly ReportEvent[]): string {
  return events.map((item) => `${JSON.stringify(item.event)}\n`).join('');
}

/** Epoch milliseconds of an ISO 8601 date or timestamp; throws on anything else. */
export function epochMillis(iso: string): number {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`${JSON.stringify(iso)} is not an ISO 8601 date`);
  return time;
}

/** When a finding event happened: when the finding was resolved, else the scan that last raised it. */
export function findingIso(finding: ReportFinding): string {
  return finding.status === 'resolved' && finding.resolvedAt ? finding.resolvedAt : finding.lastSeenAt;
}

/** `findingIso` in epoch milliseconds (an event's `time`). */
export function findingTime(finding: ReportFinding): number {
  return epochMillis(findingIso(finding));
}

/** `daysSinceTermination` → `days_since_termination`, `apiCall` → `api_call`, `keyURL` → `key_url`. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A JSON value with every object key snake_case, at every depth (inside arrays too), keys in their
 * order. A key whose snake_case form another key of the same object already is keeps its own
 * spelling, so no fact is dropped (policy's keys never collide; a provider's attribute names could).
 */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const taken = new Set(entries.map(([key]) => key).filter((key) => snakeCase(key) === key));
  // fromEntries defines own properties: a `__proto__` key stays a key.
  return Object.fromEntries(
    entries.map(([key, inner]) => {
      const snake = snakeCase(key);
      const name = snake === key || !taken.has(snake) ? snake : key;
      taken.add(name);
      return [name, snakeKeys(inner)];
    }),
  );
}

/**
 * A finding's evidence as both formats carry it: `snakeKeys`, and `signals` always a list — the
 * signals that named the resolved owner. owner-unknown's evidence holds the count of the
 * credential's owner signals in `signals` (a number in the JSON report): here that count is
 * `signal_count`, in its place, followed by `signals: []` (no signal named an owner).
 */
export function eventEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(evidence).flatMap(([key, value]): [string, unknown][] => {
    if (key !== 'signals' || Array.isArray(value)) return [[key, value]];
    return typeof value === 'number'
      ? [
          ['signalCount', value],
          ['signals', []],
        ]
      : [['signals', []]];
  });
  return snakeKeys(Object.fromEntries(entries)) as Record<string, unknown>;
}

/** The finding's compliance items (OCSF `unmapped.compliance`, ECS `nhiscan.compliance`). */
export function complianceFacts(finding: ReportFinding): ReportCompliance[] {
  return finding.compliance.map(complianceRefOf);
}

/** `owasp-nhi:NHI1` labels of the finding's compliance items (ECS `tags`, OCSF `metadata.labels`). */
export function complianceLabels(finding: ReportFinding): string[] {
  return [...finding.compliance];
}

/** The baseline entry that suppresses the finding, snake_case, or nothing. */
export function suppressionFacts(finding: ReportFinding) {
  if (!finding.suppression) return {};
  const { reason, approvedBy, expires } = finding.suppression;
  return { suppression: { reason, approved_by: approvedBy, expires } };
}

/** The owner resolution in full (OCSF `unmapped`, ECS `nhiscan.owner`). */
export function ownerFacts(credential: ReportCredential | undefined) {
  const owner = credential?.owner;
  if (!owner) return { outcome: 'none', confidence: 0, evidence: [] };
  return {
    employee_id: owner.employeeId,
    email: owner.email,
    name: owner.name,
    outcome: owner.outcome,
    confidence: owner.confidence,
    evidence: owner.evidence.map((item) => ({
      kind: item.kind,
      value: item.value,
      source: item.source,
      matched_employee_id: item.matchedEmployeeId,
      matched_by: item.matchedBy,
    })),
  };
}

/** The credential's facts that OCSF and ECS have no attribute for (OCSF `unmapped`, ECS `nhiscan.credential`). */
export function credentialFacts(credential: ReportCredential | undefined, credentialUid: string) {
  if (!credential) return { uid: credentialUid };
  return {
    uid: credential.uid,
    provider: credential.provider,
    account: credential.account,
    kind: credential.kind,
    external_id: credential.externalId,
    source: credential.source,
    status: credential.status,
    state: credential.state,
    state_reason: credential.stateReason,
    created_at: credential.createdAt,
    expires_at: credential.expiresAt,
    last_used_at: credential.lastUsedAt,
    last_used_known: credential.lastUsedKnown,
    ...(credential.lastUsedUnknownReason
      ? { last_used_unknown_reason: credential.lastUsedUnknownReason }
      : {}),
    privileged: credential.privileged,
    privileged_reasons: credential.privilegedReasons,
    department: credential.department,
    ...(credential.hint ? { hint: credential.hint } : {}),
    first_seen_at: credential.firstSeenAt,
    last_seen_at: credential.lastSeenAt,
  };
}
