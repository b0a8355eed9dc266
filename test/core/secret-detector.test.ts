import { describe, expect, it } from 'vitest';
import { findSecrets, redactSecrets, secretKindIn } from '../../src/core/secret-detector.js';

/** Canaries of every documented shape; built from parts so no scanner of this repository flags the file. */
const CANARIES = {
  'github-token': `gh${'p'}_${'a1B2c3D4'.repeat(4)}zz11`,
  'github-fine-grained': `github_${'pat'}_11ABCDEFG0${'x9Y8w7V6'.repeat(7)}`,
  'gitlab-token': `gl${'pat'}-${'Xy12Ab34Cd56Ef78Gh90'}`,
  'slack-token': `xo${'xb'}-123456789012-1234567890123-${'AbCdEfGhIjKlMnOpQrStUvWx'}`,
  'aws-secret-key': `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`,
  'private-key': `-----BEGIN ${'RSA PRIVATE'} KEY-----\nMIIEowIBAAKCAQEA${'q'.repeat(40)}\n-----END RSA PRIVATE KEY-----`,
  jwt: `ey${'J'}hbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'}`,
  'stripe-key': `sk_${'live'}_${'4eC39HqLyjWDarjtT1zdp7dc'}`,
  'google-api-key': `AI${'za'}SyD${'-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'}`,
} as const;

const kindOf = (name: keyof typeof CANARIES) => (name === 'github-fine-grained' ? 'github-token' : name);

describe('findSecrets', () => {
  it.each(Object.entries(CANARIES))('finds %s alone and inside text', (name, canary) => {
    const kind = kindOf(name as keyof typeof CANARIES);
    expect(secretKindIn(canary)).toBe(kind);
    const text = `svc-deploy token=${canary} (ask Ann)`;
    const { text: redacted, kinds } = redactSecrets(text, { nameLike: true });
    expect(kinds).toEqual([kind]);
    expect(redacted).toBe(`svc-deploy token=[redacted:${kind}] (ask Ann)`);
  });

  it('finds an AWS key id with its secret beside it, and keeps the key id', () => {
    expect(redactSecrets(`AKIAIOSFODNN7EXAMPLE:${CANARIES['aws-secret-key']}`).text).toBe(
      'AKIAIOSFODNN7EXAMPLE:[redacted:aws-secret-key]',
    );
  });

  it('finds a prefixed token glued to the word before it', () => {
    expect(redactSecrets(`jenkins${CANARIES['github-token']}`).text).toBe('jenkins[redacted:github-token]');
  });

  it('finds every secret in one text, in order', () => {
    const text = `a ${CANARIES['slack-token']} b ${CANARIES['github-token']} c`;
    expect(findSecrets(text).map((match) => match.kind)).toEqual(['slack-token', 'github-token']);
  });

  it('takes long random strings for keys: from 32 characters in names, 65 in ids', () => {
    const opaque32 = 'q7Vd2LmX9pKf4RtZ8wYb3NcJ6hGs1TeA';
    expect(secretKindIn(`key ${opaque32}`, { nameLike: true })).toBe('random-string');
    expect(secretKindIn(opaque32)).toBeNull();
    const opaque80 = `${opaque32}Mu5Qx0Bn7Wk2Hy9Ep4Dz6Ca3Fr8Lv1Sg0Jt5Ko`;
    expect(secretKindIn(opaque80)).toBe('random-string');
    expect(secretKindIn('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08ae')).toBe(
      'random-string',
    );
  });

  it('stays linear on a large text full of secrets', () => {
    const words = Array.from({ length: 100_000 }, () => CANARIES['aws-secret-key']).join(' ');
    expect(findSecrets(words)).toHaveLength(100_000);
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
    ['a camel-case name with digits', 'ProjectPhoenixDeploymentAutomation2024Release'],
    ['another one', 'k8sDeployerServiceAccountTokenRotation2025Q3'],
    ['a third', 'AzureDevOpsPipelineServiceConnection2023'],
    ['a 40-letter name', 'ProductionDeploymentKeyForBillingService'],
    ['a GitHub node id', 'MDQ6VXNlcjE='],
    ['a sentence', 'Deploy key for the billing service, owned by Ann Lee (ann.lee@acme.example)'],
    ['a redaction marker', 'owner [redacted:github-token]'],
  ])('%s is not a secret, even where a name is expected', (_, value) => {
    expect(findSecrets(value, { nameLike: true })).toEqual([]);
  });
});
