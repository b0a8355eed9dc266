/** Naming and reading a place inside parsed JSON, for errors that point at the key at fault. */
import { shownName } from './describe-value.js';

/**
 * `aliases[1]`, `manager.email`: the path as a user would write it (`.x` after a parent is the
 * caller's). A key that may not be repeated (a secret, control characters, megabytes) is `(a key)`.
 */
export function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${shownName(String(segment)) ?? '(a key)'}`,
    )
    .join('');
}

/** The value at `path`, or undefined when the path leaves the objects. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
