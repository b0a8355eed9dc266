import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';

describe('redact', () => {
  it('masks tokens, keys and passwords in free text, and keeps ids', () => {
    const token = `ghp_${'a1B2'.repeat(9)}`;
    expect(redact(`GET /orgs failed with ${token} (401)`)).toBe('GET /orgs failed with [redacted] (401)');
    expect(redact('AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(
      'AKIAIOSFODNN7EXAMPLE secret [redacted]',
    );
    expect(redact('Authorization: Bearer abc.def-123456')).toBe('Authorization: Bearer [redacted]');
    expect(redact('Authorization: Splunk 12345678-1234-1234-1234-1234567890AB')).toBe(
      'Authorization: Splunk [redacted]',
    );
    expect(redact('Splunk Enterprise answered')).toBe('Splunk Enterprise answered');
    expect(redact('client_secret=S3cr3t~value&grant_type=x')).toBe('client_secret=[redacted]&grant_type=x');
    expect(redact('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- done')).toBe(
      '[redacted] done',
    );
    expect(redact('key 0123456789abcdef0123456789abcdef01234567 of sa@p.iam')).toBe(
      'key 0123456789abcdef0123456789abcdef01234567 of sa@p.iam',
    );
  });
});
