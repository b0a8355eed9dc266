/**
 * Markdown escaping for the summary. Names and titles come from providers and HR, so none of them
 * may open a link, an image, HTML, emphasis or a new table cell: table cells get backslash escapes
 * for markdown punctuation and one line; code spans get a fence longer than any backtick run.
 */

const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>|~&]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
const CONTROL = /[\u0000-\u001F\u007F]/g;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(CONTROL, '\uFFFD').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Plain text for a table cell or a sentence: one line, at most `max` characters, escaped. */
export function mdText(text: string, max = 200): string {
  return oneLine(text, max).replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}

/** A code span (uids, file names); in a table cell a pipe is escaped so it cannot end the cell. */
export function mdCode(text: string, max = 200, inTable = true): string {
  const line = oneLine(text, max);
  const flat = inTable ? line.replaceAll('|', '\\|') : line;
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table; cells must already be escaped. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
