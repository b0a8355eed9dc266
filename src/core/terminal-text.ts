/**
 * Text from data (HR names, inventory cells, provider fields, error messages) made safe for a
 * terminal or a plain-text notice: escape sequences (CSI `ESC[2J`, OSC `ESC]8;;…` hyperlinks,
 * and the rest), C0 controls except tab and newline, C1 controls and bidirectional overrides are
 * removed, so data can neither drive the terminal nor reorder what a reviewer reads.
 * nhiscan's own styling is added after this, never passed through it.
 */

/** ESC followed by a sequence: OSC (ended by BEL or ST), CSI, or a two-character escape. */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\[[0-?]*[ -/]*[@-~]?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]?|\u009d[^\u0007\u009c]*[\u0007\u009c]?/g;

/** Remaining controls: C0 except tab and newline, DEL, C1; bidi embeddings, overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** As terminalSafe, and on one line: newlines and tabs become spaces (table cells, subjects). */
export function terminalSafeLine(text: string): string {
  return terminalSafe(text).replace(/[\t\n]+/g, ' ');
}

/**
 * JSON text with every C1 control and bidi override escaped as `\uXXXX`: the same data, but a
 * terminal that shows the JSON cannot be driven by it (JSON.stringify already escapes C0).
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
