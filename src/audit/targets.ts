/**
 * The audit log's target index (migration 8) covers every record except finding changes, which
 * nothing looks up by target. SQLite uses a partial index only when the query repeats its
 * condition, so queries by target add this term.
 */
export const INDEXED_TARGET = "substr(target, 1, 8) != 'finding:'";

/** Whether a target is in the index (a finding's records are read from finding_history instead). */
export function isIndexedTarget(target: string): boolean {
  return !target.startsWith('finding:');
}
