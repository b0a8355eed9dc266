/**
 * Last use of an Okta API token, from what Okta lists: a token is valid for its `tokenWindow` (an
 * ISO 8601 duration, P30D by default) and every use renews it, setting `expiresAt` to the time of
 * use plus the window. So the last use is `expiresAt − tokenWindow` when that is after `created`.
 * When it is not (never renewed), or either field is missing or not a fixed-length duration, last
 * use is unknown, with the reason: Okta then says nothing about use, which is not "never used".
 */

const FIXED_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration of weeks, days, hours, minutes, seconds; undefined otherwise (months and years vary in length). */
export function durationMs(text: string): number | undefined {
  const match = FIXED_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  return (
    (Number(weeks ?? 0) * 7 + Number(days ?? 0)) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1000
  );
}

export type LastUse = { lastUsedAt: string } | { unknownReason: string };

export function apiTokenLastUse(
  created: string | null,
  expiresAt: string | null,
  tokenWindow: string | undefined,
): LastUse {
  const window = tokenWindow === undefined ? undefined : durationMs(tokenWindow);
  if (created === null || expiresAt === null || window === undefined)
    return {
      unknownReason: `Okta lists no ${created === null ? 'created' : expiresAt === null ? 'expiresAt' : 'fixed-length tokenWindow'} for this token, so its last use (expiresAt − tokenWindow) cannot be worked out`,
    };
  const renewed = Date.parse(expiresAt) - window;
  if (renewed <= Date.parse(created))
    return {
      unknownReason:
        'expiresAt − tokenWindow is not after created: Okta shows no renewal since the token was made, which does not say whether it was used',
    };
  return { lastUsedAt: new Date(renewed).toISOString() };
}
