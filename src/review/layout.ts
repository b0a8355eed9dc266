/**
 * The review screen's layout: its views, the key help under each, and the heights of the list and
 * preview for a terminal's rows. Pure functions, no state.
 */

export type View = 'findings' | 'queue' | 'preview';

/** The key help under each view, one line each of at most 80 columns; read-only names what is off. */
export function helpFor(view: View, readOnly: boolean): string[] {
  switch (view) {
    case 'findings':
      return [
        '↑↓ move  / search  o owner  p provider  r rule  s severity  c clear',
        readOnly
          ? 'read-only: approve, reject, suppress, recertify off  Tab view  q quit'
          : 'a approve  x reject  u suppress  R recertify  Tab view  q quit',
      ];
    case 'queue':
      return [
        readOnly
          ? '↑↓ move  read-only: approve, reject off  Tab view  q quit'
          : '↑↓ move  a approve  x reject  Tab view  q quit',
      ];
    case 'preview':
      return ['↑↓ scroll  R refresh  Tab view  q quit'];
  }
}

/** Rows for the message under the view: a refusal from the queue is often wider than 80 columns. */
export const STATUS_ROWS = 2;

/**
 * The list's height: the terminal's rows less the title, separator, details (9), status and key
 * help, and one spare row (ink redraws the whole terminal when its output is as tall as it).
 */
export function listHeightFor(rows: number, view: View): number {
  return Math.max(3, rows - 12 - STATUS_ROWS - helpFor(view, false).length);
}

/** The preview has no details pane: the rows less the title, status, key help and spare row. */
export function previewHeightFor(rows: number): number {
  return Math.max(4, rows - 2 - STATUS_ROWS - helpFor('preview', false).length);
}

/** The furthest the preview can scroll: none when the plan fits, else to its last line. */
export function previewLastTop(count: number, height: number): number {
  return count <= height ? 0 : count - (height - 1);
}
