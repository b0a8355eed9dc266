/**
 * XML 1.0 escaping for the JUnit report. Provider data (principal names, tags, HR names) ends up in
 * attributes and text, so every value goes through here: markup characters become entities, and
 * characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD, so the file always parses.
 */

// Tab, LF and CR are allowed; other C0 controls, U+FFFE, U+FFFF and unpaired surrogates are not.
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Element content: `&`, `<`, `>` as entities. */
export function xmlText(value: string): string {
  return xmlChars(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A double-quoted attribute value: markup characters as entities, and tab, LF and CR as character
 * references so that attribute-value normalisation keeps them.
 */
export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

/** `<name a="…" b="…"` with escaped values, attributes in the order given. */
export function openTag(name: string, attributes: Record<string, string | number>): string {
  const parts = Object.entries(attributes).map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`);
  return `<${name}${parts.join('')}`;
}
