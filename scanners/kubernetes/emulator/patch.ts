/**
 * The patch types the client may send for a Secret, applied to its wire form: JSON merge patch
 * (RFC 7386; a strategic merge patch of metadata labels is the same) and JSON patch (RFC 6902:
 * add, replace, remove).
 */
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/** RFC 6901 pointer segments: `~1` is `/`, `~0` is `~`. */
const segments = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));

export class PatchFailed extends Error {}

export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new PatchFailed('a JSON patch is an array of operations');
  const document = structuredClone(target);
  for (const operation of operations as { op?: unknown; path?: unknown; value?: Json }[]) {
    if (typeof operation.path !== 'string') throw new PatchFailed('an operation without a path');
    const path = segments(operation.path);
    const last = path.pop();
    let parent: Json = document;
    for (const segment of path) {
      if (!isObject(parent) || !(segment in parent)) throw new PatchFailed(`missing path ${operation.path}`);
      parent = parent[segment]!;
    }
    if (!isObject(parent) || last === undefined) throw new PatchFailed(`bad path ${operation.path}`);
    if (operation.op === 'add' || operation.op === 'replace') {
      if (operation.op === 'replace' && !(last in parent))
        throw new PatchFailed(`missing path ${operation.path}`);
      parent[last] = operation.value ?? null;
    } else if (operation.op === 'remove') {
      if (!(last in parent)) throw new PatchFailed(`missing path ${operation.path}`);
      delete parent[last];
    } else throw new PatchFailed(`unsupported op ${String(operation.op)}`);
  }
  return document;
}

export type { Json };
