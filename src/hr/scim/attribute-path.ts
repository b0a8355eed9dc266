/**
 * SCIM attribute paths (RFC 7644 §3.10) as the mapping names them, and their values in a resource:
 * `displayName`, `name.givenName`, an extension attribute qualified by its schema URN
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`), and a value filter
 * with `eq` (`emails[primary eq true].value`, `emails[type eq "work"].value`). Attribute names and
 * URNs match case-insensitively (RFC 7643 §2.1), and so do string values in a filter.
 */

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

type FilterValue = string | number | boolean | null;

interface PathSegment {
  name: string;
  /** `sub eq value`: keeps the values whose sub-attribute equals `value`. */
  filter?: { attribute: string; value: FilterValue };
}

export interface AttributePath {
  /** The path as written, for messages. */
  text: string;
  /** The schema URN the path is qualified with, or null for a core attribute. */
  urn: string | null;
  segments: PathSegment[];
}

const NAME = /^[A-Za-z$][\w$-]*/;
const FILTER = /^\s*([A-Za-z$][\w$-]*)\s+eq\s+(.+?)\s*$/i;

/** Parses a path; throws an Error whose message says what is wrong (for the config schema). */
export function parseAttributePath(text: string): AttributePath {
  let rest = text.trim();
  let urn: string | null = null;
  if (/^urn:/i.test(rest)) {
    // The attribute follows the URN's last colon; a filter value may hold colons of its own.
    const bracket = rest.indexOf('[');
    const colon = (bracket === -1 ? rest : rest.slice(0, bracket)).lastIndexOf(':');
    urn = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (urn.split(':').length < 3 || rest === '') {
      throw new Error('expected a schema URN followed by :attribute, e.g. urn:…:User:employeeNumber');
    }
  }
  const segments: PathSegment[] = [];
  for (;;) {
    const name = NAME.exec(rest)?.[0];
    if (!name) throw new Error(`expected an attribute name at ${JSON.stringify(rest || '(end)')}`);
    rest = rest.slice(name.length);
    const segment: PathSegment = { name };
    if (rest.startsWith('[')) {
      const end = closingBracket(rest);
      if (end === -1) throw new Error('a value filter [ … ] is not closed');
      segment.filter = parseFilter(rest.slice(1, end));
      rest = rest.slice(end + 1);
    }
    segments.push(segment);
    if (rest === '') break;
    if (!rest.startsWith('.'))
      throw new Error(`expected . or the end after ${name}, got ${JSON.stringify(rest)}`);
    rest = rest.slice(1);
  }
  return { text: text.trim(), urn, segments };
}

/** Index of the `]` closing the filter that `text` starts with, skipping quoted strings. */
function closingBracket(text: string): number {
  let quoted = false;
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (quoted && char === '\\') index++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === ']') return index;
  }
  return -1;
}

function parseFilter(text: string): { attribute: string; value: FilterValue } {
  const match = FILTER.exec(text);
  if (!match) {
    throw new Error(
      `unsupported value filter [${text}]; only "attribute eq value" is supported, e.g. [type eq "work"]`,
    );
  }
  const [, attribute, literal] = match as unknown as [string, string, string];
  let value: unknown;
  try {
    value = JSON.parse(/^(true|false|null)$/i.test(literal) ? literal.toLowerCase() : literal);
  } catch {
    value = undefined;
  }
  if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
    throw new Error(`expected a quoted string, a number, true, false or null in [${text}], got ${literal}`);
  }
  return { attribute, value: value as FilterValue };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `object[name]`, the name matched exactly first and then case-insensitively. */
function attributeOf(object: Json, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function equals(found: unknown, wanted: FilterValue): boolean {
  if (typeof found === 'string' && typeof wanted === 'string')
    return found.toLowerCase() === wanted.toLowerCase();
  return found === wanted || (wanted === null && found === undefined);
}

/**
 * Every value the path reaches in `resource`, in order: multi-valued attributes are flattened,
 * missing and null values dropped. An empty list means the resource has no such value.
 */
export function valuesAt(resource: Json, path: AttributePath): unknown[] {
  let current: unknown[] = [resource];
  if (path.urn !== null) {
    const extension = attributeOf(resource, path.urn);
    // A core attribute may be written with the core schema's URN (RFC 7644 §3.10).
    if (extension === undefined && path.urn.toLowerCase() === CORE_USER_SCHEMA.toLowerCase())
      current = [resource];
    else current = extension === undefined ? [] : [extension];
  }
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (!isObject(value)) continue;
      const found = attributeOf(value, segment.name);
      for (const item of Array.isArray(found) ? found : [found]) {
        if (item === undefined || item === null) continue;
        const { filter } = segment;
        if (filter && !(isObject(item) && equals(attributeOf(item, filter.attribute), filter.value)))
          continue;
        next.push(item);
      }
    }
    current = next;
  }
  return current;
}
