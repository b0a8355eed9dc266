/**
 * What the event formats (ocsf, ecs) hand to a sink: one self-contained event with a stable id.
 * The id is a hash of the facts the event reports, so rendering the same scan again gives the
 * same ids and a receiver can drop what it already has (docs/formats.md, "Delivery guarantees").
 */
import { createHash } from 'node:crypto';
import type { ReportCredential } from './json/types.js';

export interface ReportEvent {
  /** Stable across renders of the same facts: `nhi-evt-` + 32 hex. */
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
