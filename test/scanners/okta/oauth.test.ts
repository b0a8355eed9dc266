/**
 * Signing in as an OAuth 2.0 service app (the client's `PrivateKey` mode) against the emulator's
 * token endpoint: the scan asks for exactly the read scopes of its kinds and lists the same
 * credentials as with an API token; revocation asks for the manage scopes; a scope the app was not
 * granted refuses the token, and the listing is partial naming the token endpoint.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { scopesFor } from '../../../scanners/okta/clients.js';
import type { OktaEstate } from '../../../scanners/okta/emulator/estate.js';
import { oktaEstate } from './estate.js';
import { EXPECTED } from './expected.js';
import { type StartedOkta, startOkta } from './start.js';
import { callsOf, clearEnv, credentialsOf, listPages, scannerFor } from './support.js';

const KEY_VARIABLE = 'NHISCAN_TEST_OKTA_PRIVATE_KEY';
const CLIENT_ID = '0oa9scanner000000009';
const READ = ['okta.apiTokens.read', 'okta.users.read', 'okta.roles.read', 'okta.apps.read'];
const MANAGE = ['okta.apiTokens.manage', 'okta.apps.manage'];
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function startWithServiceApp(
  scopes: string[],
  options: Record<string, unknown> = {},
): Promise<StartedOkta> {
  const estate: OktaEstate = {
    ...oktaEstate(),
    serviceClient: {
      clientId: CLIENT_ID,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      scopes,
    },
  };
  const started = await startOkta(estate, {
    token: undefined,
    oauth: { clientId: CLIENT_ID, privateKey: `env:${KEY_VARIABLE}`, keyId: 'scanner-key-1' },
    ...options,
  });
  // The private key is a fake made for this test; only its variable's name is in the options.
  started.env = { [KEY_VARIABLE]: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
  return started;
}

describe('okta as a service app', () => {
  let started: StartedOkta | undefined;
  afterEach(async () => {
    clearEnv(started);
    await started?.close();
    started = undefined;
  });

  it('asks for the read scopes of its kinds, or the manage scopes to revoke', () => {
    expect(scopesFor({ kinds: ['api-token', 'client-secret', 'client-jwk'] }, 'scan')).toEqual(READ);
    expect(scopesFor({ kinds: ['client-secret'] }, 'scan')).toEqual(['okta.apps.read']);
    expect(scopesFor({ kinds: ['api-token', 'client-jwk'] }, 'revoke')).toEqual(MANAGE);
  });

  it('lists the same credentials with an access token for exactly those scopes', async () => {
    started = await startWithServiceApp([...READ, ...MANAGE]);
    const pages = await listPages(started);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([]);
    expect(credentialsOf(pages)).toEqual(EXPECTED);
    // One token per client: the api-token part's, then the apps part's.
    const calls = callsOf(started);
    expect(calls.filter((call) => call.includes('/oauth2/v1/token'))).toEqual([
      'POST /oauth2/v1/token 200',
      'POST /oauth2/v1/token 200',
    ]);
    expect(calls[0]).toBe('POST /oauth2/v1/token 200');
  });

  it('revokes with the manage scopes', async () => {
    started = await startWithServiceApp([...READ, ...MANAGE]);
    const secret = EXPECTED.find((credential) => credential.externalId.endsWith('ocs2legacy0000000001'))!;
    const revoker = scannerFor(started).revoker;
    const signal = new AbortController().signal;
    expect((await revoker.revoke(secret, 'disable', { dryRun: false, signal })).outcome).toBe('revoked');
    expect(callsOf(started)).toEqual([
      'POST /oauth2/v1/token 200',
      'POST /api/v1/apps/0oa2legacy0000000002/credentials/secrets/ocs2legacy0000000001/lifecycle/deactivate 200',
    ]);
  });

  it('marks the listing partial when the app lacks a scope, sending no API request', async () => {
    started = await startWithServiceApp(['okta.apps.read']);
    const pages = await listPages(started);
    // The scan asks for the scopes of every kind it lists: one refused scope refuses the token.
    const refused =
      "Okta refused the service app's access request (POST /oauth2/v1/token): 400 invalid_scope: The following scopes are not allowed: okta.apiTokens.read, okta.users.read, okta.roles.read";
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      { scope: 'org 127.0.0.1 api tokens', reason: `list api tokens failed: ${refused}` },
      { scope: 'org 127.0.0.1 apps', reason: `list apps failed: ${refused}` },
    ]);
    expect(callsOf(started)).toEqual(['POST /oauth2/v1/token 400', 'POST /oauth2/v1/token 400']);
  });

  it('refuses an app whose key does not match (401), listing nothing', async () => {
    started = await startWithServiceApp(READ);
    started.env = {
      [KEY_VARIABLE]: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString(),
    };
    const pages = await listPages(started);
    expect(pages.flatMap((page) => page.credentials)).toEqual([]);
    expect(pages.map((page) => page.partial?.reason)).toEqual([
      "list api tokens failed: Okta refused the service app's access request (POST /oauth2/v1/token): 401 invalid_client: The client_assertion is invalid.",
      "list apps failed: Okta refused the service app's access request (POST /oauth2/v1/token): 401 invalid_client: The client_assertion is invalid.",
    ]);
    // No API request is sent without an access token.
    expect(callsOf(started)).toEqual(['POST /oauth2/v1/token 401', 'POST /oauth2/v1/token 401']);
  });
});
