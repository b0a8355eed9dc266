/**
 * The access token a Graph client sends, kept between requests: the credential is asked again only
 * when the token is within REFRESH_MARGIN_MS of expiring (or past the refresh time it names), and
 * concurrent requests share one such call. @azure/identity caches tokens too, but asking it costs
 * a cache lookup, URL parsing and logging on every request: at a tenant's full Graph rate that
 * was a tenth of the scanner's CPU. The token stays in memory only, as the credential's does.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';

/** Renew this long before expiry, so a request never leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export function cachedToken(credential: TokenCredential, scope: string, now: () => number = Date.now) {
  let held: AccessToken | undefined;
  let reading: Promise<AccessToken | null> | undefined;
  const fresh = (token: AccessToken) => {
    const at = now();
    return (
      token.expiresOnTimestamp - at > REFRESH_MARGIN_MS &&
      (token.refreshAfterTimestamp === undefined || token.refreshAfterTimestamp > at)
    );
  };
  return {
    /** A token fit to send now, or null when the credential gave none. */
    get(signal: AbortSignal | undefined): Promise<AccessToken | null> {
      if (held && fresh(held)) return Promise.resolve(held);
      reading ??= credential.getToken(scope, { abortSignal: signal }).then(
        (token) => {
          held = token ?? undefined;
          reading = undefined;
          return token;
        },
        (error: unknown) => {
          reading = undefined;
          throw error;
        },
      );
      return reading;
    },
    /** Forgets the held token (Graph refused it): the next request asks the credential. */
    drop(): void {
      held = undefined;
    },
  };
}
