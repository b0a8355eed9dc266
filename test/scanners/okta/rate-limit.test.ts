/**
 * Okta's per-endpoint rate limits, through the official client and the plugin's bounded executor:
 * a 429 is retried after its X-Rate-Limit-Reset, at most `rateLimitRetries` times, then that part
 * is partial; a reset further off than `maxRateLimitWaitSeconds` is not waited for; a spent family
 * is waited on before Okta must refuse it; and a cancel during a wait ends the listing at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OKTA_REAL_RATE_LIMIT } from '../../../scanners/okta/emulator/rate-limit-settings.js';
import { oktaEstate } from './estate.js';
import { EXPECTED } from './expected.js';
import { type StartedOkta, startOkta } from './start.js';
import { callsOf, clearEnv, contextOf, credentialsOf, listPages, scannerFor } from './support.js';

const THROTTLED = '429 E0000047: API call exceeded rate limit due to too many requests.';
const partialsOf = (pages: Awaited<ReturnType<typeof listPages>>) =>
  pages.flatMap((page) => (page.partial ? [page.partial] : []));

describe('okta rate limits', () => {
  let started: StartedOkta | undefined;
  afterEach(async () => {
    clearEnv(started);
    await started?.close();
    started = undefined;
  });

  it('retries a 429 after its reset and completes the listing', async () => {
    started = await startOkta(oktaEstate());
    started.emulator.throttleNext(1);
    const pages = await listPages(started);
    expect(partialsOf(pages)).toEqual([]);
    expect(credentialsOf(pages)).toEqual(EXPECTED);
    expect(callsOf(started).slice(0, 3)).toEqual([
      'GET /api/v1/api-tokens 429',
      'GET /api/v1/api-tokens 200',
      'GET /api/v1/users/00u1alice00000000001 200',
    ]);
    expect(started.emulator.throttledCount).toBe(1);
  });

  it('gives up on a part after rateLimitRetries, marks it partial, and reads the rest', async () => {
    started = await startOkta(oktaEstate(), { rateLimitRetries: 1 });
    started.emulator.throttleNext(2);
    const pages = await listPages(started);
    expect(partialsOf(pages)).toEqual([
      { scope: 'org 127.0.0.1 api tokens', reason: `list api tokens failed: ${THROTTLED}` },
    ]);
    expect(credentialsOf(pages)).toEqual(EXPECTED.filter((entry) => entry.kind !== 'api-token'));
    expect(callsOf(started).slice(0, 3)).toEqual([
      'GET /api/v1/api-tokens 429',
      'GET /api/v1/api-tokens 429',
      'GET /api/v1/apps?limit=2&filter=name+eq+%22oidc_client%22 200',
    ]);
  });

  it('does not wait for a reset further off than maxRateLimitWaitSeconds', async () => {
    started = await startOkta(oktaEstate(), { maxRateLimitWaitSeconds: 0, kinds: ['api-token'] });
    started.emulator.throttleNext(1);
    const pages = await listPages(started);
    expect(partialsOf(pages)).toEqual([
      { scope: 'org 127.0.0.1 api tokens', reason: `list api tokens failed: ${THROTTLED}` },
    ]);
    expect(callsOf(started)).toEqual(['GET /api/v1/api-tokens 429']);
  });

  it('waits for a spent endpoint family to reset instead of being refused', async () => {
    const rateLimit = { perWindow: { ...OKTA_REAL_RATE_LIMIT.perWindow, apps: 3 }, windowMs: 1000 };
    started = await startOkta(oktaEstate(), {}, { rateLimit });
    const pages = await listPages(started);
    expect(credentialsOf(pages)).toEqual(EXPECTED);
    expect(started.emulator.throttledCount).toBe(0);
    // Eight app requests at three a window: the client waited for two resets.
    expect(started.emulator.requestLog.filter((entry) => entry.bucket === 'apps')).toHaveLength(8);
  });

  it('ends a listing cancelled during a wait at once, starting no further request', async () => {
    started = await startOkta(oktaEstate());
    started.emulator.throttleNext(1);
    const controller = new AbortController();
    const listing = (async () => {
      for await (const _page of scannerFor(started!).list(contextOf(started!, controller.signal))) {
        // no page is expected before the cancel
      }
    })();
    await vi.waitFor(() => expect(callsOf(started!)).toEqual(['GET /api/v1/api-tokens 429']));
    controller.abort(new Error('test: cancelled'));
    await expect(listing).rejects.toThrow('test: cancelled');
    expect(callsOf(started)).toEqual(['GET /api/v1/api-tokens 429']);
  });
});
