/**
 * "Identical findings" for the peer benchmark: the same access key ids with the same last-used
 * instants. Dates are compared as instants (each side writes ISO 8601 its own way).
 */

/** Access key id → last use (an ISO 8601 date-time), or null when the key was never used. */
export type KeyFindings = Map<string, string | null>;

export interface FindingsDifference {
  /** The side that differs from the reference, by name. */
  side: string;
  missing: string[];
  extra: string[];
  /** Keys both have with different last uses: "id: reference ≠ side". */
  lastUseDiffers: string[];
}

const instant = (value: string | null): number | null => (value === null ? null : Date.parse(value));

/** How `other` differs from `reference`; empty lists when identical. */
export function compareKeys(reference: KeyFindings, other: KeyFindings, side: string): FindingsDifference {
  const difference: FindingsDifference = { side, missing: [], extra: [], lastUseDiffers: [] };
  for (const [id, lastUsed] of reference) {
    if (!other.has(id)) difference.missing.push(id);
    else if (instant(lastUsed) !== instant(other.get(id) ?? null))
      difference.lastUseDiffers.push(`${id}: ${lastUsed ?? 'never'} ≠ ${other.get(id) ?? 'never'}`);
  }
  for (const id of other.keys()) if (!reference.has(id)) difference.extra.push(id);
  return difference;
}

export const identical = (difference: FindingsDifference) =>
  difference.missing.length === 0 && difference.extra.length === 0 && difference.lastUseDiffers.length === 0;

/** One line per kind of difference, at most `limit` examples each. */
export function describeDifference(difference: FindingsDifference, limit = 5): string[] {
  const lines: string[] = [];
  const add = (label: string, items: string[]) => {
    if (items.length === 0) return;
    const more = items.length > limit ? ` … (${items.length - limit} more)` : '';
    lines.push(`${difference.side} ${label} ${items.length}: ${items.slice(0, limit).join(', ')}${more}`);
  };
  add('lacks', difference.missing);
  add('has extra', difference.extra);
  add('differs in last use for', difference.lastUseDiffers);
  return lines;
}
