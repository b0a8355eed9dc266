import { parseIsoDate } from './dates.js';
import { InputError } from './errors.js';

/** "Now" for a run: `--as-of` when given (reproducible), else the wall clock. */
export function resolveAsOf(asOf: string | undefined, now: () => Date = () => new Date()): Date {
  if (asOf === undefined) return now();
  const parsed = parseIsoDate(asOf);
  if (!parsed) {
    throw new InputError(
      `expected an ISO 8601 date such as 2026-11-26 or 2026-11-26T12:00:00Z, got ${JSON.stringify(asOf)}`,
      {
        key: '--as-of',
      },
    );
  }
  return parsed;
}
