/**
 * HTML escaping for the report page. Names, titles and evidence come from providers and HR, so
 * none of them may open a tag, an attribute or an entity: the `html` template escapes every value
 * it is given (text and attribute values alike), and only `Html` fragments it built itself pass
 * through unescaped. Nothing else in reports/html writes markup around a value.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text safe in element content and in a quoted attribute value; control characters become U+FFFD. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL, '\uFFFD').replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** Markup the `html` template built: the only value it inserts as it is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/** Markup from a template: every interpolated string is escaped, arrays are joined, `Html` is kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let markup = strings[0]!;
  for (let index = 0; index < values.length; index++)
    markup += render(values[index] as HtmlValue) + strings[index + 1]!;
  return new Html(markup);
}

/** At most `max` characters (an ellipsis marks a cut), for labels in charts and tables. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const characters = [...text];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text;
}

/** A whole number with thousands separators, the same on every machine (`12,345`). */
export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
