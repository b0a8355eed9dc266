/** Which GitHub errors the executor retries (revoker.isTransient, scanners/github/errors.ts). */
import { describe, expect, it } from 'vitest';
import { githubFailure, isTransient } from '../../../scanners/github/errors.js';

/** Octokit's RequestError, by the shape errors.ts recognises. */
function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  const url = 'https://api.github.com/orgs/acme/credential-authorizations/502';
  const error = Object.assign(new Error(message), {
    status,
    request: { method: 'DELETE', url },
    response: { headers },
  });
  error.name = 'HttpError';
  return githubFailure('DELETE /orgs/acme/credential-authorizations/502', 'acme', error);
}

describe('github isTransient', () => {
  it('retries a 5xx, a request that got no answer, and a secondary rate limit', () => {
    expect(isTransient(httpError(502, 'Bad Gateway'))).toBe(true);
    // Octokit reports a request that got no answer as status 500.
    expect(isTransient(httpError(500, 'fetch failed'))).toBe(true);
    expect(isTransient(httpError(403, 'You have exceeded a secondary rate limit.'))).toBe(true);
    expect(isTransient(httpError(429, 'Too many requests'))).toBe(true);
  });

  it('does not retry a primary rate limit (it lasts until its reset) or a 4xx', () => {
    expect(
      isTransient(
        httpError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }),
      ),
    ).toBe(false);
    // Credential 502 is in the call's text; the answer was 403.
    expect(isTransient(httpError(403, 'Resource not accessible by integration'))).toBe(false);
    expect(isTransient(httpError(422, 'Validation Failed'))).toBe(false);
    expect(isTransient(new Error('github: step disable is not supported'))).toBe(false);
  });
});
