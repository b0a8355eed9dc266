/**
 * Error lines as the CLI prints them (the input-error and failure branches of main.ts, and the
 * NHISCAN_DEBUG stack): secrets masked (src/core/redact.ts), then nothing that could drive the
 * terminal (src/core/terminal-text.ts). Escape sequences are removed before masking too, so that
 * one cannot split a secret from the redactor's view.
 */
import { type InputError, InputErrors } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { terminalSafe } from '../core/terminal-text.js';

/**
 * `text` made safe to print. `keep` are parts that are known not to be secret and are printed as
 * they are: the redactor reads `key notifications.channels[0].password: expected …` as a
 * password followed by its value, so an input error's key paths are kept out of its view (a
 * key path that itself looks like a secret is not kept).
 */
export function errorLine(text: string, keep: readonly string[] = []): string {
  const safe = terminalSafe(text);
  const kept = [...new Set(keep.map(terminalSafe))]
    .filter((part) => part.length > 0 && redact(part) === part)
    .sort((a, b) => b.length - a.length);
  if (kept.length === 0) return terminalSafe(redact(safe));
  const pattern = new RegExp(kept.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let printed = '';
  let from = 0;
  for (const match of safe.matchAll(pattern)) {
    printed += redact(safe.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return terminalSafe(printed + redact(safe.slice(from)));
}

/** `nhiscan: error: …` for an input error (or several), its key paths kept readable. */
export function inputErrorLine(error: InputError | InputErrors): string {
  const errors = error instanceof InputErrors ? error.errors : [error];
  const keys = errors.flatMap((each) => (each.location.key ? [`key ${each.location.key}`] : []));
  return errorLine(`nhiscan: error: ${error.message}`, keys);
}
