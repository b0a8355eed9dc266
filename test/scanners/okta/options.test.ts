/**
 * The okta source options and the last-use derivation: where the token may be sent (https, or plain
 * http to loopback only), secrets by reference only, the org URL alone; and `expiresAt −
 * tokenWindow` read as last use only when it is after `created`, over fixed-length durations.
 */
import { describe, expect, it } from 'vitest';
import { apiTokenLastUse, durationMs } from '../../../scanners/okta/last-use.js';
import { oktaOptionsSchema } from '../../../scanners/okta/options.js';

const problems = (options: Record<string, unknown>) => {
  const result = oktaOptionsSchema.safeParse({ token: 'env:OKTA_TOKEN', ...options });
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('okta options', () => {
  it('takes an https org URL, or plain http to loopback only, and the token by reference', () => {
    expect(problems({ orgUrl: 'https://acme.okta.com' })).toEqual([]);
    expect(problems({ orgUrl: 'http://127.0.0.1:8443' })).toEqual([]);
    expect(problems({ orgUrl: 'http://acme.okta.com' })).toEqual([
      'orgUrl: expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): the Okta API token must not travel in clear',
    ]);
    expect(problems({ orgUrl: 'https://acme.okta.com/api/v1' })).toEqual([
      'orgUrl: expected the org URL alone, e.g. https://acme.okta.com',
    ]);
    expect(problems({ orgUrl: 'https://acme.okta.com', token: '00abcdefSECRET' })).toEqual([
      'token: expected a secret reference such as env:NAME (secrets are never inlined)',
    ]);
  });

  it('takes exactly one of an API token or a service app, each secret by reference', () => {
    const oauth = { clientId: '0oa1scanner', privateKey: 'env:OKTA_KEY' };
    const orgUrl = 'https://acme.okta.com';
    expect(problems({ orgUrl, token: undefined, oauth })).toEqual([]);
    expect(problems({ orgUrl, oauth })).toEqual([
      ': expected exactly one of token (an SSWS API token) or oauth (a service app)',
    ]);
    expect(problems({ orgUrl, token: undefined })).toEqual([
      ': expected exactly one of token (an SSWS API token) or oauth (a service app)',
    ]);
    expect(problems({ orgUrl, token: undefined, oauth: { ...oauth, privateKey: '-----BEGIN' } })).toEqual([
      'oauth.privateKey: expected a secret reference such as env:NAME (secrets are never inlined)',
    ]);
  });

  it('fills the defaults', () => {
    expect(oktaOptionsSchema.parse({ orgUrl: 'https://acme.okta.com', token: 'env:T' })).toEqual({
      orgUrl: 'https://acme.okta.com',
      token: 'env:T',
      kinds: ['api-token', 'client-secret', 'client-jwk'],
      pageSize: 200,
      ownerProfileKeys: ['owner'],
      privilegedRoles: [
        'SUPER_ADMIN',
        'ORG_ADMIN',
        'APP_ADMIN',
        'USER_ADMIN',
        'GROUP_MEMBERSHIP_ADMIN',
        'API_ACCESS_MANAGEMENT_ADMIN',
      ],
      rateLimitRetries: 2,
      maxRateLimitWaitSeconds: 70,
      requestTimeoutSeconds: 30,
    });
  });
});

describe('API token last use', () => {
  it('reads fixed-length ISO 8601 durations only', () => {
    expect(
      ['P30D', 'PT5M', 'P1W', 'P1DT2H30M', 'PT1.5S', 'P1M', 'P1Y', 'P', 'PT', 'P30'].map(durationMs),
    ).toEqual([
      2_592_000_000,
      300_000,
      604_800_000,
      95_400_000,
      1500,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('is expiresAt − tokenWindow when after created, unknown with a reason otherwise', () => {
    const created = '2026-01-01T00:00:00.000Z';
    expect(apiTokenLastUse(created, '2026-12-01T00:00:00.000Z', 'P30D')).toEqual({
      lastUsedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(apiTokenLastUse(created, '2026-01-31T00:00:00.000Z', 'P30D')).toEqual({
      unknownReason:
        'expiresAt − tokenWindow is not after created: Okta shows no renewal since the token was made, which does not say whether it was used',
    });
    expect(apiTokenLastUse(created, '2026-12-01T00:00:00.000Z', 'P1M')).toEqual({
      unknownReason:
        'Okta lists no fixed-length tokenWindow for this token, so its last use (expiresAt − tokenWindow) cannot be worked out',
    });
    expect(apiTokenLastUse(created, null, 'P30D')).toEqual({
      unknownReason:
        'Okta lists no expiresAt for this token, so its last use (expiresAt − tokenWindow) cannot be worked out',
    });
  });
});
