/**
 * What the event formats (ocsf, ecs) hand to a sink: one self-contained event with a stable id.
 * The id is a hash of the facts the event reports, so rendering the same scan again gives the
 * same ids and a receiver can drop what it already has (docs/formats.md, "Delivery guarantees").
 */
import { createHash } from 'node:crypto';

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
