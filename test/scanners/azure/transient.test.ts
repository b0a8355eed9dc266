/** Which Microsoft Graph errors the executor retries (revoker.isTransient, scanners/azure/errors.ts). */
import { describe, expect, it } from 'vitest';
import { azureFailure, GraphError, isTransient } from '../../../scanners/azure/errors.js';

const call = "PATCH /v1.0/servicePrincipals(appId='a0000000-0000-4000-8000-000000000503')";
const answered = (status: number, code: string) =>
  azureFailure(call, 'tenant', new GraphError(status, code, 'said Graph', call));

describe('azure isTransient', () => {
  it('retries 429, a 5xx, a failed connection and a timeout', () => {
    expect(isTransient(answered(429, 'TooManyRequests'))).toBe(true);
    expect(isTransient(answered(503, 'serviceNotAvailable'))).toBe(true);
    expect(isTransient(answered(500, 'generalException'))).toBe(true);
    const failed = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    expect(isTransient(azureFailure(call, 'tenant', failed))).toBe(true);
    expect(isTransient(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe(
      true,
    );
  });

  it('does not retry a 4xx, whatever the call says', () => {
    expect(isTransient(answered(403, 'Authorization_RequestDenied'))).toBe(false);
    expect(isTransient(answered(400, 'Request_BadRequest'))).toBe(false);
    expect(isTransient(new Error('azure: step disable is not supported'))).toBe(false);
  });
});
