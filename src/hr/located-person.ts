import type { Person } from '../core/model.js';

/** A validated person and where it came from: a CSV line or a JSON array index. */
export type LocatedPerson = { person: Person; line: number } | { person: Person; index: number };

/** `line 7` (CSV) or `[6]` (JSON), for messages that name another record. */
export function whereOf(record: LocatedPerson): string {
  return 'line' in record ? `line ${record.line}` : `[${record.index}]`;
}
