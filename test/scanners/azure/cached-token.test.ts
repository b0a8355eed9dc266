/**
 * The Graph client's held access token (scanners/azure/cached-token.ts): one credential call for
 * many requests, concurrent requests sharing it, a new call near expiry, after the refresh time,
 * after a refusal (drop), and after a failed call.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { cachedToken, REFRESH_MARGIN_MS } from '../../../scanners/azure/cached-token.js';

const HOUR = 3_600_000;

function credential(tokens: (AccessToken | Error)[]) {
  const calls: string[] = [];
  const source: TokenCredential = {
    getToken: async (scope) => {
      calls.push(String(scope));
      const next = tokens.shift();
      if (next instanceof Error) throw next;
      return next ?? null;
    },
  };
  return { calls, source };
}

describe('cachedToken', () => {
  it('asks the credential once for many requests, concurrent ones included', async () => {
    let clock = 0;
    const { calls, source } = credential([{ token: 'one', expiresOnTimestamp: HOUR }]);
    const token = cachedToken(source, 'https://graph/.default', () => clock);
    const first = await Promise.all([token.get(undefined), token.get(undefined), token.get(undefined)]);
    clock = HOUR - REFRESH_MARGIN_MS - 1;
    const later = await token.get(undefined);
    expect([...first, later].map((held) => held?.token)).toEqual(['one', 'one', 'one', 'one']);
    expect(calls).toEqual(['https://graph/.default']);
  });

  it('asks again within the margin of expiry, after the refresh time, and after a drop', async () => {
    let clock = 0;
    const { calls, source } = credential([
      { token: 'one', expiresOnTimestamp: HOUR },
      { token: 'two', expiresOnTimestamp: 3 * HOUR, refreshAfterTimestamp: 2 * HOUR },
      { token: 'three', expiresOnTimestamp: 4 * HOUR },
      { token: 'four', expiresOnTimestamp: 4 * HOUR },
    ]);
    const token = cachedToken(source, 'scope', () => clock);
    expect((await token.get(undefined))?.token).toBe('one');
    clock = HOUR - REFRESH_MARGIN_MS;
    expect((await token.get(undefined))?.token).toBe('two');
    clock = 2 * HOUR;
    expect((await token.get(undefined))?.token).toBe('three');
    token.drop();
    expect((await token.get(undefined))?.token).toBe('four');
    expect(calls).toHaveLength(4);
  });

  it('passes a failed call on and asks again next time', async () => {
    const { calls, source } = credential([
      new Error('AADSTS7000215: invalid client secret'),
      { token: 'ok', expiresOnTimestamp: HOUR },
    ]);
    const token = cachedToken(source, 'scope', () => 0);
    await expect(token.get(undefined)).rejects.toThrow('AADSTS7000215');
    expect((await token.get(undefined))?.token).toBe('ok');
    expect(calls).toHaveLength(2);
  });
});
