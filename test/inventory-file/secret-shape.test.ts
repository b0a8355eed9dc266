import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretShape } from '../../scanners/inventory-file/secret-shape.js';

describe('secretShape', () => {
  it.each([
    ['-----BEGIN RSA PRIVATE KEY-----', 'a private key or certificate'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'a private key or certificate'],
    [`ghp_${'a1B2'.repeat(9)}`, 'a GitHub token'],
    [`gho_${'a1B2'.repeat(9)}`, 'a GitHub token'],
    [`github_pat_${'a1B2_'.repeat(16)}`, 'a GitHub token'],
    ['xoxb-123456789012-abcdefghij', 'a Slack token'],
    ['xoxp-123456789012-abcdefghij', 'a Slack token'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'an AWS secret access key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'a JSON web token'],
    [randomBytes(60).toString('base64'), 'a long random string (a key or token)'],
    [randomBytes(60).toString('base64url'), 'a long random string (a key or token)'],
    [randomBytes(40).toString('hex'), 'a long random string (a key or token)'],
  ])('%s is %s', (value, shape) => {
    expect(secretShape(value)).toBe(shape);
  });

  it.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a GCP key id (40 hex)', '0123456789abcdef0123456789abcdef01234567'],
    ['a SHA-256 fingerprint (64 hex)', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a GUID', '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f'],
    ['an ARN', 'arn:aws:iam::123456789012:user/some-long-service-account-name-for-the-etl-pipeline'],
    [
      'a GCP key resource name',
      'projects/acme-prod/serviceAccounts/etl@acme-prod.iam.gserviceaccount.com/keys/0123456789abcdef',
    ],
    ['a long dashed name', 'my-very-long-service-account-name-used-for-the-nightly-etl-pipeline-prod'],
    ['an SSH fingerprint', 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'],
    ['a short id', 'pat-42'],
    ['an email', 'ann.lee@acme.example'],
    ['a 40-letter name', 'ProductionDeploymentKeyForBillingService'],
    ['empty', ''],
  ])('%s is an identifier', (_, value) => {
    expect(secretShape(value)).toBeNull();
  });
});
