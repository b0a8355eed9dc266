/**
 * Date handling for effective-dated rules. All comparisons are in UTC whole days:
 * "older than N days" means daysBetween(date, asOf) > N.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const MS_PER_DAY = 86_400_000;

/** Parses an ISO 8601 date (`2026-01-31`) or timestamp with zone (`2026-01-31T10:00:00Z`). Null if invalid. */
export function parseIsoDate(text: string): Date | null {
  const trimmed = text.trim();
  const date = ISO_DATE.exec(trimmed);
  if (date) {
    const [, y, m, d] = date;
    const value = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return value.getUTCFullYear() === Number(y) &&
      value.getUTCMonth() === Number(m) - 1 &&
      value.getUTCDate() === Number(d)
      ? value
      : null;
  }
  const stamp = ISO_DATETIME.exec(trimmed);
  if (stamp) {
    const [, y, m, d, hh, mm, ss] = stamp;
    if (Number(m) < 1 || Number(m) > 12 || Number(d) < 1 || Number(d) > 31) return null;
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 60) return null;
    const value = new Date(trimmed.replace(' ', 'T'));
    if (Number.isNaN(value.getTime())) return null;
    // Reject rollovers such as 2026-02-30T00:00:00Z.
    const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (probe.getUTCDate() !== Number(d)) return null;
    return value;
  }
  return null;
}

/** Start of the UTC day containing `date`, as epoch days. */
export function epochDay(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Whole UTC days from `from` to `to` (positive when `from` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return epochDay(to) - epochDay(from);
}

const parsedDates = new Map<string, Date>();

/**
 * Parses an ISO string known to be valid (validated at the boundary). Memoised: a scan compares
 * the same few thousand dates hundreds of thousands of times. Callers must not mutate the result.
 */
export function toDate(text: string): Date {
  let value = parsedDates.get(text);
  if (value === undefined) {
    const parsed = parseIsoDate(text);
    if (!parsed) throw new Error(`not an ISO 8601 date: ${JSON.stringify(text)}`);
    if (parsedDates.size > 100_000) parsedDates.clear();
    parsedDates.set(text, parsed);
    value = parsed;
  }
  return value;
}

/** `date` moved by `days` whole days (negative: back). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
