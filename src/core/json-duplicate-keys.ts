/**
 * What JSON.parse does not say: a key written twice in one object (JSON.parse silently keeps the
 * last), and the line and column where a value sits. One linear pass over text that JSON.parse has
 * already accepted, without recursion (so deep nesting cannot overflow the stack).
 *
 * Paths are lists of keys and array indexes from the top (`[3, 'email']`); callers format them.
 * Keys are compared decoded (`"e\u006dail"` repeats `"email"`).
 */

export type JsonPathSegment = string | number;

export interface JsonPosition {
  /** 1-based line, counting `\n`. */
  line: number;
  /** 1-based column on that line, in UTF-16 code units. */
  column: number;
}

export interface DuplicateJsonKey extends JsonPosition {
  /** The path of the repeated key: the object's path, then the key. Line and column are the second occurrence's. */
  path: JsonPathSegment[];
}

type Frame = { object: true; keys: Set<string>; key: string } | { object: false; index: number };

interface Visitor {
  /** A key repeating an earlier key of the same object; return false to stop. */
  onDuplicate?: (duplicate: DuplicateJsonKey) => boolean;
  /** Where each value starts; return false to stop. */
  onValue?: (path: readonly Frame[], position: JsonPosition) => boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function pathOf(stack: readonly Frame[]): JsonPathSegment[] {
  return stack.map((frame) => (frame.object ? frame.key : frame.index));
}

/** Offset of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const close = text.indexOf('"', at);
    if (close === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
    at = close + 1;
  }
}

/** Walks valid JSON text, calling the visitor; unspecified (but safe) on invalid text. */
function walk(text: string, visitor: Visitor): void {
  const stack: Frame[] = [];
  let expectKey = false;
  let line = 1;
  let lineStart = 0;
  let at = 0;
  const length = text.length;
  const value = (): boolean =>
    visitor.onValue ? visitor.onValue(stack, { line, column: at - lineStart + 1 }) : true;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (isWhitespace(code)) {
      if (code === LF) {
        line++;
        lineStart = at + 1;
      }
      at++;
      continue;
    }
    const top = stack.at(-1);
    switch (code) {
      case 0x7b: // {
        if (!value()) return;
        stack.push({ object: true, keys: new Set(), key: '' });
        expectKey = true;
        at++;
        continue;
      case 0x5b: // [
        if (!value()) return;
        stack.push({ object: false, index: 0 });
        expectKey = false;
        at++;
        continue;
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        expectKey = false;
        at++;
        continue;
      case 0x2c: // ,
        if (top?.object) expectKey = true;
        else if (top) top.index++;
        at++;
        continue;
      case 0x3a: // :
        at++;
        continue;
    }
    if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (top?.object && expectKey) {
        const raw = text.slice(at + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key) && visitor.onDuplicate) {
          const duplicate = { path: [...pathOf(stack.slice(0, -1)), key], line, column: at - lineStart + 1 };
          if (!visitor.onDuplicate(duplicate)) return;
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      } else if (!value()) return;
      at = end + 1;
      continue;
    }
    // A number, true, false or null.
    if (!value()) return;
    while (at < length) {
      const next = text.charCodeAt(at);
      if (isWhitespace(next) || next === 0x2c || next === 0x5d || next === 0x7d) break;
      at++;
    }
  }
}

/** The keys that repeat an earlier key of the same object, in document order, at most `limit`. */
export function duplicateJsonKeys(text: string, limit = 100): DuplicateJsonKey[] {
  const found: DuplicateJsonKey[] = [];
  walk(text, {
    onDuplicate: (duplicate) => {
      found.push(duplicate);
      return found.length < limit;
    },
  });
  return found;
}

/** A path as one string key, for `jsonValuePositions`. */
export function jsonPathKey(path: readonly JsonPathSegment[]): string {
  return JSON.stringify(path);
}

/**
 * Where the value at each path starts, keyed by `jsonPathKey(path)`; paths not found are absent.
 * One pass, stopping once every path is found.
 */
export function jsonValuePositions(
  text: string,
  paths: readonly (readonly JsonPathSegment[])[],
): Map<string, JsonPosition> {
  const wanted = new Set(paths.map(jsonPathKey));
  const positions = new Map<string, JsonPosition>();
  if (wanted.size === 0) return positions;
  const depths = new Set(paths.map((path) => path.length));
  walk(text, {
    onValue: (stack, position) => {
      if (!depths.has(stack.length)) return true;
      const key = jsonPathKey(pathOf(stack));
      if (wanted.has(key) && !positions.has(key)) positions.set(key, position);
      return positions.size < wanted.size;
    },
  });
  return positions;
}
