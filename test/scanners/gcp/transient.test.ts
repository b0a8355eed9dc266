/** Which Google API errors the executor retries (revoker.isTransient, scanners/gcp/errors.ts). */
import { describe, expect, it } from 'vitest';
import { gcpFailure, isTransient } from '../../../scanners/gcp/errors.js';

/** A GaxiosError, by the shape errors.ts reads: the status and Google's error body. */
function answered(httpStatus: number, status: string) {
  const error = Object.assign(new Error(`${status}`), {
    status: httpStatus,
    response: { status: httpStatus, data: { error: { code: httpStatus, status, message: 'said Google' } } },
  });
  return gcpFailure('POST /v1/projects/acme-prod/serviceAccounts/a@b/keys/503:disable', 'acme-prod', error);
}

describe('gcp isTransient', () => {
  it('retries 429, a 5xx and a failed connection', () => {
    expect(isTransient(answered(429, 'RESOURCE_EXHAUSTED'))).toBe(true);
    expect(isTransient(answered(503, 'UNAVAILABLE'))).toBe(true);
    expect(isTransient(answered(500, 'INTERNAL'))).toBe(true);
    const reset = Object.assign(new Error('request failed'), { code: 'ECONNRESET' });
    expect(isTransient(gcpFailure('DELETE /v1/key', 'acme-prod', reset))).toBe(true);
  });

  it('does not retry a 4xx, whatever the call says', () => {
    expect(isTransient(answered(403, 'PERMISSION_DENIED'))).toBe(false);
    expect(isTransient(answered(400, 'FAILED_PRECONDITION'))).toBe(false);
    expect(isTransient(answered(404, 'NOT_FOUND'))).toBe(false);
    expect(isTransient(new Error('gcp: step manual is not supported'))).toBe(false);
  });
});
