/**
 * JSON Canonicalization Scheme (RFC 8785): object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings serialised as ECMAScript does. The audit hash chain hashes this form, so the
 * same record always hashes the same, whatever order its keys were written in.
 *
 * Only JSON data has a canonical form: plain objects, arrays, strings, finite numbers, booleans and
 * null. Anything else (a Date, a Map, a class instance, NaN, a bigint, a string holding a lone
 * surrogate) throws rather than being silently turned into something else, because the audit log
 * would then record a different fact from the one its caller meant.
 */

/** A lone UTF-16 surrogate: I-JSON (RFC 7493), which RFC 8785 builds on, forbids it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** No lone surrogate (String.prototype.isWellFormed, Node 20+; the regular expression is the fallback). */
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as string & { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ECMAScript Number-to-String is exactly the RFC 8785 number form (1e+21, 1e-7, -0 → 0).
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
      return JSON.stringify(value);
    case 'string':
      return canonicalString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(
          `canonical JSON has no form for a ${prototype?.constructor?.name ?? 'non-plain object'}: pass plain data`,
        );
      }
      // The default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks. Written as
      // a loop: a scan canonicalises one audit payload per finding change.
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (text.length > 1) text += ',';
        text += `${canonicalString(key)}:${canonicalJson(item)}`;
      }
      return `${text}}`;
    }
    default:
      throw new TypeError(
        `canonical JSON has no form for ${value === undefined ? 'undefined' : `a ${typeof value}`}`,
      );
  }
}

/**
 * JSON.stringify escapes exactly what RFC 8785 §3.2.2.2 asks: `"`, `\`, and the controls below
 * U+0020 (\b \t \n \f \r by name, the rest as lowercase \u00xx); everything else is written as is.
 */
function canonicalString(text: string): string {
  if (!isWellFormed(text)) throw new TypeError('canonical JSON has no form for a lone surrogate');
  return JSON.stringify(text);
}
