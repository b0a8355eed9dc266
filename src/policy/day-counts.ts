/**
 * Day counts in findings are computed when a finding is shown, never stored (issue 24): policy
 * writes a placeholder naming the date a count derives from, and `presentFinding` replaces each
 * one with the count at the as-of of whatever shows the finding. An unchanged estate scanned on a
 * new day therefore evaluates to the same stored rows as the day before, and nothing is rewritten.
 *
 * The placeholders, in titles and evidence alike (D is the ISO 8601 date or timestamp the count
 * derives from, exactly as policy read it):
 *
 * | placeholder | shown as                                                   |
 * | ----------- | ---------------------------------------------------------- |
 * | `⟦since D⟧` | whole UTC days from D to the as-of (`daysSince(D, asOf)`)   |
 * | `⟦until D⟧` | whole UTC days from the as-of to D (`daysUntil(asOf, D)`)   |
 * | `⟦as-of⟧`   | the as-of day, `YYYY-MM-DD`                                |
 *
 * In evidence, only the top-level keys of `COUNT_KEYS` ever hold one (policy writes a number or
 * null there in no other form), so no provider text in evidence is ever read as a placeholder. A
 * title's provider text (a credential's or person's name) could spell one: it is then shown as a
 * count, which says nothing its author could not have written as a number anyway; a spelling whose
 * date is not a real date is left as it is (shown, never parsed as a count). Stored text of an
 * older database (literal counts) has no placeholder and is shown as stored.
 */
import { daysSince, daysUntil, isoDay, parseIsoDate } from '../core/dates.js';

/** The placeholder for the whole UTC days from `date` to the as-of. */
export function daysSincePlaceholder(date: string): string {
  return `⟦since ${date}⟧`;
}

/** The placeholder for the whole UTC days from the as-of to `date`. */
export function daysUntilPlaceholder(date: string): string {
  return `⟦until ${date}⟧`;
}

/** The placeholder for the as-of day itself. */
export const AS_OF_PLACEHOLDER = '⟦as-of⟧';

/** The evidence keys whose value may be a placeholder, each with the date it counts from. */
export const COUNT_KEYS = {
  asOf: 'the as-of day',
  ageDays: 'days since valueSetAt (over-age, when set), else since createdAt',
  daysSinceCreation: 'days since createdAt',
  daysSinceExpiry: 'days since expiresAt',
  daysSinceLastUse: 'days since lastUsedAt',
  daysSinceTransfer: "days since the owner's transferDate",
  daysUntilTermination: "days until the owner's terminationDate",
} as const;

const COUNT_KEY_NAMES = Object.keys(COUNT_KEYS) as (keyof typeof COUNT_KEYS)[];
const PLACEHOLDER = /⟦(?:(since|until) ([^⟦⟧]{1,64})|as-of)⟧/g;
const WHOLE_PLACEHOLDER = /^⟦(?:(since|until) ([^⟦⟧]{1,64})|as-of)⟧$/;

/** What one placeholder shows at `asOf`, or undefined when its date is not a real date. */
function countAt(
  direction: string | undefined,
  date: string | undefined,
  asOf: Date,
): number | string | undefined {
  if (direction === undefined || date === undefined) return isoDay(asOf);
  if (parseIsoDate(date) === null) return undefined;
  return direction === 'since' ? daysSince(date, asOf) : daysUntil(asOf, date);
}

/** A stored title as shown at `asOf`: each placeholder replaced by its count. */
export function presentTitle(title: string, asOf: Date): string {
  if (!title.includes('⟦')) return title;
  return title.replace(PLACEHOLDER, (whole, direction?: string, date?: string) => {
    const count = countAt(direction, date, asOf);
    return count === undefined ? whole : String(count);
  });
}

/** Stored evidence as shown at `asOf`: the same keys in the same order, each placeholder counted. */
export function presentEvidence(evidence: Record<string, unknown>, asOf: Date): Record<string, unknown> {
  let shown: Record<string, unknown> | undefined;
  for (const key of COUNT_KEY_NAMES) {
    const value = evidence[key];
    if (typeof value !== 'string') continue;
    const match = WHOLE_PLACEHOLDER.exec(value);
    if (!match) continue;
    const count = countAt(match[1], match[2], asOf);
    if (count === undefined) continue;
    shown ??= { ...evidence };
    shown[key] = count; // an existing key keeps its place
  }
  return shown ?? evidence;
}

/**
 * A finding as users see it at `asOf`: its title and evidence with every day count computed. The
 * same object when it holds no placeholder (a finding of an older database, or one with no count).
 */
export function presentFinding<T extends { title: string; evidence: Record<string, unknown> }>(
  finding: T,
  asOf: Date,
): T {
  const title = presentTitle(finding.title, asOf);
  const evidence = presentEvidence(finding.evidence, asOf);
  return title === finding.title && evidence === finding.evidence ? finding : { ...finding, title, evidence };
}
