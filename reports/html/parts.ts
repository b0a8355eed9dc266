/** Markup pieces every section uses: sections, tables, "and N more" notes, badges, dates. */
import type { Severity } from '../../src/core/model.js';
import { count, type Html, type HtmlValue, html } from './escape.js';

/** A top-level section; its heading is its accessible name and the target of the page's nav. */
export function section(id: string, title: string, body: HtmlValue): Html {
  return html`<section id="${id}" aria-labelledby="${`${id}-heading`}"><h2 id="${`${id}-heading`}">${title}</h2>${body}</section>`;
}

/** A table with a caption and column headers; `numeric` columns align right. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly HtmlValue[])[],
  numeric: readonly number[] = [],
): Html {
  const cell = (value: HtmlValue, column: number) =>
    numeric.includes(column) ? html`<td class="num">${value}</td>` : html`<td>${value}</td>`;
  return html`<table><caption>${caption}</caption><thead><tr>${headers.map((header, column) =>
    numeric.includes(column)
      ? html`<th scope="col" class="num">${header}</th>`
      : html`<th scope="col">${header}</th>`,
  )}</tr></thead><tbody>${rows.map((row) => html`<tr>${row.map(cell)}</tr>`)}</tbody></table>`;
}

/** The note under a capped list: how many were left out and where they all are. */
export function andMore(shown: number, total: number, what: string): Html {
  return total > shown
    ? html`<p class="more">…and ${count(total - shown)} more ${what} — see report.json (this page lists the first ${count(shown)}).</p>`
    : html``;
}

/** A severity in colour and in words (the word is what carries it). */
export function severityBadge(severity: Severity): Html {
  return html`<span class="${`sev sev-${severity}`}">${severity}</span>`;
}

/** A state word, marked when it is not the good one. */
export function stateBadge(state: string, good: boolean): Html {
  return html`<span class="${good ? 'state state-good' : 'state state-bad'}">${state}</span>`;
}

/** The date part of an ISO date or timestamp; an em dash when there is none. */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** A date in a table cell: the date part, kept on one line, with the full time as its datetime. */
export function dateCell(iso: string | null | undefined): Html {
  return iso ? html`<time datetime="${iso}">${day(iso)}</time>` : html`—`;
}

export function plural(value: number, word: string, words = `${word}s`): string {
  return `${count(value)} ${value === 1 ? word : words}`;
}

/** A short identifier (a rule id, an item id), in code type, kept whole. */
export function code(text: string): Html {
  return html`<code>${text}</code>`;
}

/** A long identifier (a credential uid, a provider call), in code type, breakable anywhere. */
export function uid(text: string): Html {
  return html`<code class="uid">${text}</code>`;
}
