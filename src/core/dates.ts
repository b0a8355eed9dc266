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

/**
 * The UTC epoch day of an ISO string known to be valid: `epochDay(toDate(text))`, without building
 * a Date for the usual forms (`2026-01-31`, `2026-01-31T10:00:00Z`, `2026-01-31T10:00:00.000Z`),
 * whose day is their date part. A scan computes an age for every credential, and their timestamps
 * are mostly distinct, so memoising toDate does not help there. Any other form, or a value that is
 * not a real date or time, goes through toDate (which throws for an invalid one).
 */
export function isoEpochDay(text: string): number {
  const length = text.length;
  if (
    length === 10 ||
    ((length === 20 || length === 24) && text.charCodeAt(10) === T && text.charCodeAt(length - 1) === Z)
  ) {
    const day = dayOfDatePart(text);
    if (day !== null && (length === 10 || isPlainUtcTime(text, length))) return day;
  }
  return epochDay(toDate(text));
}

/** Whole UTC days from the ISO date or timestamp `text` to `to`: `daysBetween(toDate(text), to)`. */
export function daysSince(text: string, to: Date): number {
  return epochDay(to) - isoEpochDay(text);
}

/** Whole UTC days from `from` to the ISO date or timestamp `text`: `daysBetween(from, toDate(text))`. */
export function daysUntil(from: Date, text: string): number {
  return isoEpochDay(text) - epochDay(from);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const T = 84;
const Z = 90;
const DASH = 45;
const COLON = 58;
const DOT = 46;

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** The epoch day of `YYYY-MM-DD` at the start of `text`, or null when it is not a real date. */
function dayOfDatePart(text: string): number | null {
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearOfCentury < 0 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH)
    return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const year = century * 100 + yearOfCentury;
  // Date.UTC reads years below 100 as 19xx; parseIsoDate refuses them, so toDate decides.
  if (year < 100) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `THH:MM:SS` (and `.sss` when 24 long) before the `Z`, each part in range. */
function isPlainUtcTime(text: string, length: number): boolean {
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return false;
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return false;
  if (length === 20) return true;
  return text.charCodeAt(19) === DOT && twoDigits(text, 20) >= 0 && twoDigits(text, 21) >= 0;
}

/** `date` moved by `days` whole days (negative: back). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
