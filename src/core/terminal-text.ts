/**
 * Text from data (HR names, inventory cells, provider fields, error messages) made safe for a
 * terminal or a plain-text notice: escape sequences (CSI `ESC[2J`, OSC `ESC]8;;…` hyperlinks,
 * and the rest), C0 controls except tab and newline, C1 controls and bidirectional overrides
 * cannot reach it, so data can neither drive the terminal nor reorder what a reviewer reads.
 * nhiscan's own styling is added after this, never passed through it.
 */

/* biome-ignore-start lint/suspicious/noControlCharactersInRegex: matching control characters is the point */
/** ESC and the sequence it starts: OSC (ended by BEL or ST), CSI, a two-character escape; or ESC alone. */
const ESC_SEQUENCE = /\u001b(?:\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\[[0-?]*[ -/]*[@-~]?|[@-Z\\-_])?/g;
/** The 8-bit forms of CSI and OSC. */
const C1_SEQUENCE = /\u009b[0-?]*[ -/]*[@-~]?|\u009d[^\u0007\u009c]*[\u0007\u009c]?/g;
/** C0 controls but tab and newline. */
const C0 = /[\u0000-\u0008\u000b-\u001f]/g;
/** DEL, C1 controls; bidi embeddings, overrides and isolates. */
const C1_DEL_BIDI = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* biome-ignore-end lint/suspicious/noControlCharactersInRegex: matching control characters is the point */

/** Every control removed: for a table cell, a notice, the review screen. */
export function terminalSafe(text: string): string {
  return text.replace(ESC_SEQUENCE, '').replace(C1_SEQUENCE, '').replace(C0, '').replace(C1_DEL_BIDI, '');
}

/** As terminalSafe, and on one line: newlines and tabs become spaces (table cells, subjects). */
export function terminalSafeLine(text: string): string {
  return terminalSafe(text).replace(/[\t\n]+/g, ' ');
}

/**
 * What a command writes (src/cli/safe-output.ts): escape sequences and C0 controls removed; DEL,
 * C1 controls and bidi overrides written as `\uXXXX`, a lossless escape inside JSON (which
 * JSON.stringify leaves raw) and visible text elsewhere.
 */
export function neutralizeTerminalText(text: string): string {
  return text
    .replace(ESC_SEQUENCE, '')
    .replace(C0, '')
    .replace(C1_DEL_BIDI, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
