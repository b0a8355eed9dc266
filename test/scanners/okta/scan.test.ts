/**
 * The okta scanner end to end, through @okta/okta-sdk-nodejs against the emulator over HTTPS:
 * exact credentials (creators as owners, admin roles as privilege, last use from the renewed
 * expiry or unknown with a reason, apps' owners from profile.owner), Okta's cursor paging (Link
 * rel="next" with `after` and `limit`), parts that cannot be read marked partial while the others
 * complete, and a client secret's value never leaving the client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OktaArea } from '../../../scanners/okta/emulator/estate.js';
import { oktaEstate, SECRET_CANARY } from './estate.js';
import { EXPECTED } from './expected.js';
import { type StartedOkta, startOkta } from './start.js';
import { callsOf, clearEnv, credentialsOf, listPages } from './support.js';

const APPS = 'GET /api/v1/apps?limit=2&filter=name+eq+%22oidc_client%22';
const LISTING = [
  'GET /api/v1/api-tokens 200',
  'GET /api/v1/users/00u1alice00000000001 200',
  'GET /api/v1/users/00u1alice00000000001/roles 200',
  'GET /api/v1/users/00u1bob0000000000002 200',
  'GET /api/v1/users/00u1bob0000000000002/roles 200',
  'GET /api/v1/api-tokens?after=00T2report0000000002&limit=2 200',
  'GET /api/v1/users/00u1gone000000000009 404',
  `${APPS} 200`,
  'GET /api/v1/apps/0oa1billing000000001/credentials/secrets 200',
  'GET /api/v1/apps/0oa1billing000000001/credentials/jwks 200',
  'GET /api/v1/apps/0oa2legacy0000000002/credentials/secrets 200',
  'GET /api/v1/apps/0oa2legacy0000000002/credentials/jwks 200',
  `${APPS}&after=0oa2legacy0000000002 200`,
  'GET /api/v1/apps/0oa3cron000000000003/credentials/secrets 200',
  'GET /api/v1/apps/0oa3cron000000000003/credentials/jwks 200',
];

describe('okta scanner against the emulator', () => {
  let started: StartedOkta | undefined;
  afterEach(async () => {
    clearEnv(started);
    await started?.close();
    started = undefined;
  });

  it('lists every token, secret and key exactly, with owners, last use, status and privilege', async () => {
    started = await startOkta(oktaEstate());
    const pages = await listPages(started);
    expect(credentialsOf(pages)).toEqual(EXPECTED);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([]);
    expect(pages.flatMap((page) => page.principals.map((principal) => principal.uid))).toEqual([
      'okta:127.0.0.1:user:00u1alice00000000001',
      'okta:127.0.0.1:user:00u1bob0000000000002',
      'okta:127.0.0.1:app:0oa1billing000000001',
      'okta:127.0.0.1:app:0oa2legacy0000000002',
      'okta:127.0.0.1:app:0oa3cron000000000003',
    ]);
  });

  it('reads each list through its pages (Link rel="next"), and each creator once', async () => {
    started = await startOkta(oktaEstate());
    const pages = await listPages(started);
    // Tokens two a page, then apps two a page.
    expect(pages.map((page) => page.credentials.length)).toEqual([2, 2, 4, 1]);
    expect(callsOf(started)).toEqual(LISTING);
    expect(started.emulator.throttledCount).toBe(0);
  });

  it('reads only the kinds configured', async () => {
    started = await startOkta(oktaEstate(), { kinds: ['client-jwk'] });
    const pages = await listPages(started);
    expect(credentialsOf(pages).map((credential) => credential.kind)).toEqual(['client-jwk']);
    expect(callsOf(started)).toEqual([
      `${APPS} 200`,
      'GET /api/v1/apps/0oa1billing000000001/credentials/jwks 200',
      'GET /api/v1/apps/0oa2legacy0000000002/credentials/jwks 200',
      `${APPS}&after=0oa2legacy0000000002 200`,
      'GET /api/v1/apps/0oa3cron000000000003/credentials/jwks 200',
    ]);
  });

  const denied = async (areas: OktaArea[]) => {
    started = await startOkta({ ...oktaEstate(), denied: areas });
    const pages = await listPages(started);
    return {
      partial: pages.flatMap((page) => (page.partial ? [page.partial] : [])),
      uids: credentialsOf(pages).map((credential) => credential.uid),
    };
  };
  const FORBIDDEN = '403 E0000006: You do not have permission to perform the requested action';

  it('marks the apps partial when they may not be read; the tokens complete', async () => {
    const { partial, uids } = await denied(['apps']);
    expect(partial).toEqual([{ scope: 'org 127.0.0.1 apps', reason: `list apps failed: ${FORBIDDEN}` }]);
    expect(uids).toEqual(EXPECTED.filter((entry) => entry.kind === 'api-token').map((entry) => entry.uid));
  });

  it('marks the tokens partial, listing none without their owners, when a creator may not be read', async () => {
    const { partial, uids } = await denied(['users']);
    expect(partial).toEqual([
      {
        scope: 'org 127.0.0.1 api tokens',
        reason: `get user 00u1alice00000000001 failed: ${FORBIDDEN}`,
      },
    ]);
    expect(uids).toEqual(EXPECTED.filter((entry) => entry.kind !== 'api-token').map((entry) => entry.uid));
  });

  it('marks the tokens partial when a creator’s roles may not be read, or the tokens themselves', async () => {
    expect((await denied(['roles'])).partial).toEqual([
      {
        scope: 'org 127.0.0.1 api tokens',
        reason: `list roles of user 00u1alice00000000001 failed: ${FORBIDDEN}`,
      },
    ]);
    clearEnv(started);
    await started?.close();
    expect((await denied(['api-tokens'])).partial).toEqual([
      { scope: 'org 127.0.0.1 api tokens', reason: `list api tokens failed: ${FORBIDDEN}` },
    ]);
  });

  it('marks everything partial for a token Okta refuses (401), naming the call', async () => {
    started = await startOkta(oktaEstate());
    started.env = { NHISCAN_TEST_OKTA_TOKEN: 'fake-wrong-token' };
    const pages = await listPages(started);
    // Okta's summary ("Invalid token provided") passes the redactor, which hides what follows "token".
    const refused = '401 E0000011: Invalid token [redacted]';
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      { scope: 'org 127.0.0.1 api tokens', reason: `list api tokens failed: ${refused}` },
      { scope: 'org 127.0.0.1 apps', reason: `list apps failed: ${refused}` },
    ]);
    expect(callsOf(started)).toEqual(['GET /api/v1/api-tokens 401', `${APPS} 401`]);
  });

  it('never lets a client secret’s value reach anything the plugin returns', async () => {
    started = await startOkta(oktaEstate());
    const pages = await listPages(started);
    // The emulator does send it, as Okta does, in the list of secrets.
    const sent = started.emulator.estate.apps[0]!.secrets[0]!;
    expect(sent.client_secret).toBe(SECRET_CANARY);
    const text = JSON.stringify(pages);
    expect(credentialsOf(pages)).toHaveLength(EXPECTED.length);
    expect(text).not.toContain(SECRET_CANARY);
    expect(text).not.toContain('value-of-');
    expect(text).not.toContain('fake-okta-ssws-token');
  });
});
