/**
 * A strict, small XML 1.0 well-formedness check for the JUnit report (elements, attributes, text,
 * character and the five predefined entity references; one declaration at the start, no DTD,
 * comments or CDATA, which the report never writes). Returns the first problem, or null.
 */
const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ATTRIBUTE = new RegExp(`\\s+(${NAME})="([^"<]*)"`, 'gy');
const START = new RegExp(`<(${NAME})`, 'y');
const END = new RegExp(`</(${NAME})\\s*>`, 'y');
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkCharacterData(text: string, where: string): string | null {
  if (NOT_XML_CHAR.test(text)) return `a character XML 1.0 does not allow in ${where}`;
  for (let index = text.indexOf('&'); index !== -1; index = text.indexOf('&', index + 1)) {
    REFERENCE.lastIndex = index;
    if (!REFERENCE.test(text)) return `a bare & in ${where}: ${text.slice(index, index + 12)}`;
  }
  return null;
}

export function xmlProblem(xml: string): string | null {
  let position = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (declaration) position = declaration[0].length;
  const open: string[] = [];
  let roots = 0;
  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    const text = xml.slice(position, next === -1 ? xml.length : next);
    if (text.includes('>')) return `a bare > in text at ${position}`;
    const problem = checkCharacterData(text, `text at ${position}`);
    if (problem) return problem;
    if (open.length === 0 && text.trim() !== '') return `text outside the root element at ${position}`;
    if (next === -1) break;
    position = next;
    END.lastIndex = position;
    const end = END.exec(xml);
    if (end) {
      if (open.pop() !== end[1]) return `</${end[1]}> does not close the open element at ${position}`;
      position = END.lastIndex;
      continue;
    }
    START.lastIndex = position;
    const start = START.exec(xml);
    if (!start) return `not a tag at ${position}: ${xml.slice(position, position + 20)}`;
    position = START.lastIndex;
    const seen = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = position;
      const attribute = ATTRIBUTE.exec(xml);
      if (!attribute) break;
      if (seen.has(attribute[1]!)) return `attribute ${attribute[1]} twice in <${start[1]}>`;
      seen.add(attribute[1]!);
      const valueProblem = checkCharacterData(attribute[2]!, `attribute ${attribute[1]}`);
      if (valueProblem) return valueProblem;
      position = ATTRIBUTE.lastIndex;
    }
    const close = /\s*(\/?)>/y;
    close.lastIndex = position;
    const closing = close.exec(xml);
    if (!closing) return `<${start[1]}> is not closed properly at ${position}`;
    position = close.lastIndex;
    if (open.length === 0) roots++;
    if (roots > 1) return 'more than one root element';
    if (closing[1] !== '/') open.push(start[1]!);
  }
  return open.length > 0 ? `<${open.at(-1)}> is never closed` : roots === 1 ? null : 'no root element';
}
