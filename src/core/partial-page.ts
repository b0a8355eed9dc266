/**
 * The page for a part of a source that could not be read (src/core/plugin.ts, PartialMark): it
 * lists nothing, names the scope and says why, so the scan is incomplete and nothing there is
 * marked gone. A cancelled scan and input to fix (an InputError, exit 2) are not "could not look":
 * they are rethrown.
 */
import { isInputError } from './errors.js';
import type { ScanPage } from './plugin.js';

export function couldNotRead(error: unknown, signal: AbortSignal, scope: string, reason: string): ScanPage {
  if (signal.aborted || isInputError(error)) throw error;
  return { credentials: [], principals: [], partial: { scope, reason } };
}
