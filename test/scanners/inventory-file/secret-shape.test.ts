/**
 * What the inventory takes for secret material: the shared detector (src/core/secret-detector.ts)
 * through the inventory's cell check (scanners/inventory-file/cell-check.ts). Ids stay ids.
 */
import { describe, expect, it } from 'vitest';
import { cellProblem } from '../../../scanners/inventory-file/cell-check.js';
import { SECRET_KIND_NAMES, type SecretKind, secretKindIn } from '../../../src/core/secret-detector.js';

const rotate =
  '(not shown); nhiscan never stores secret material: remove it from the input, and rotate it, as it has been exposed';

describe('secret material in an inventory cell', () => {
  it.each<[string, SecretKind]>([
    ['-----BEGIN RSA PRIVATE KEY-----', 'private-key'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'private-key'],
    [`ghp_${'a1B2'.repeat(9)}`, 'github-token'],
    [`gho_${'a1B2'.repeat(9)}`, 'github-token'],
    [`github_pat_${'a1B2_'.repeat(16)}`, 'github-token'],
    ['xoxb-123456789012-abcdefghij', 'slack-token'],
    ['xoxp-123456789012-abcdefghij', 'slack-token'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws-secret-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'jwt'],
    ['f4AQkKqpQnU85Uch8RmNhB2TQ8HMFjLXY84uIQqCokC7lHmEQOc6VH8m9xAw6+tK+Cn0FbKLjxOXkd5o', 'random-string'],
    ['Q-8DV98VbGMA6Zw_hX8gOv-1MMLztiGSamqBgDsnRfokIdMe_jJSw_cjxbnX2ybqw4SSRlf7D35axGwu', 'random-string'],
    ['966f2babaadbc81b63ca121c2a94511c82cd8bfc8751e4cdee9eab477cc105e7c84b4f0bfdf939b2', 'random-string'],
  ])('%s is %s, refused in an id cell without its value', (value, kind) => {
    expect(secretKindIn(value)).toBe(kind);
    const problem = cellProblem('credential_id', value);
    expect(problem).toBe(`this cell holds what looks like ${SECRET_KIND_NAMES[kind]} ${rotate}`);
    expect(problem).not.toContain(value.slice(0, 10));
  });

  it('a certificate is not secret, but no id: refused as a PEM block', () => {
    const certificate = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    expect(secretKindIn(certificate)).toBeNull();
    expect(cellProblem('credential_id', certificate)).toBe(
      "this cell holds a PEM block (a certificate or key); put the credential's id here (such as a certificate's serial number or fingerprint), never the certificate or key itself",
    );
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
    expect(secretKindIn(value)).toBeNull();
    expect(cellProblem('credential_id', value)).toBeNull();
    expect(cellProblem('principal', value)).toBeNull();
  });
});
