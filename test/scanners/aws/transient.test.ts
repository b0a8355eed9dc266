/** Which AWS errors the executor retries (revoker.isTransient, scanners/aws/errors.ts). */
import { IAMServiceException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { awsFailure, isTransient } from '../../../scanners/aws/errors.js';

const answered = (name: string, status: number, message = name) =>
  awsFailure(
    'iam.UpdateAccessKey',
    '111111111111',
    new IAMServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message,
    }),
  );

describe('aws isTransient', () => {
  it('retries throttling, a 5xx and a failed connection', () => {
    expect(isTransient(answered('Throttling', 400, 'Rate exceeded'))).toBe(true);
    expect(isTransient(answered('ServiceUnavailable', 503))).toBe(true);
    expect(isTransient(answered('ServiceFailure', 500))).toBe(true);
    expect(isTransient(answered('SomethingNew', 502))).toBe(true);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(isTransient(awsFailure('iam.DeleteAccessKey', '111111111111', reset))).toBe(true);
    expect(isTransient(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(true);
  });

  it('never retries what another attempt cannot change, whatever its text says', () => {
    expect(isTransient(answered('AccessDenied', 403))).toBe(false);
    expect(isTransient(answered('NoSuchEntity', 404))).toBe(false);
    // A quota, not a rate: IAM's LimitExceeded stays until something is removed.
    expect(isTransient(answered('LimitExceeded', 409))).toBe(false);
    // A key id with 503 in it is not a 503 (a regex over the message once said so).
    expect(isTransient(answered('AccessDenied', 403, 'not authorized on AKIA5035030000000503'))).toBe(false);
    expect(isTransient(new Error('aws: step manual is not supported; use disable or delete'))).toBe(false);
  });
});
