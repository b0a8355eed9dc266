/**
 * The spinner the review screen shows while something loads. No ink here: the first frame is drawn
 * before ink (which takes a moment to import) is loaded, see ./load-ink.ts.
 */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function spinning(tick: number, text: string): string {
  return `${SPINNER[tick % SPINNER.length]} ${text}`;
}

/** What the screen says until the findings are read. */
export const LOADING_FINDINGS = 'Loading findings…';
