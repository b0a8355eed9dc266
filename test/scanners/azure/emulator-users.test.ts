/**
 * The emulator's users routes on the wire: the list with `$filter=mail eq '…'` (the one filter it
 * serves, a default query in Graph: no ConsistencyLevel), and PATCH `accountEnabled`, which needs
 * User.EnableDisableAccount.All together with User.Read.All (or User.ReadWrite.All).
 */
import { ClientSecretCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { CLIENT_ID, CLIENT_SECRET, guid, TENANT, tenantEstate } from './estate.js';

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(roles?: string[]): Promise<{ running: AzureEmulator; token: string }> {
  const tenant = tenantEstate();
  if (roles) tenant.client.roles = roles;
  const running = await startAzureEmulator({ estate: { tenants: [tenant] } });
  emulator = running;
  const credential = new ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET, {
    authorityHost: running.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: running.caCertificatePem },
  });
  return { running, token: (await credential.getToken('https://graph.microsoft.com/.default')).token };
}

async function graph(running: AzureEmulator, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${running.graphEndpoint}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const errorOf = (reply: { body: unknown }) =>
  (reply.body as { error: { code: string; message: string } }).error;

describe('Graph emulator: users', () => {
  it('filters the users list by mail or UPN (eq, in), case-insensitively, and refuses any other filter', async () => {
    const { running, token } = await start();
    const found = await graph(
      running,
      token,
      'GET',
      `/v1.0/users?$filter=${encodeURIComponent("mail eq 'BOB@acme.example'")}&$select=id,userPrincipalName,accountEnabled`,
    );
    expect(found).toEqual({
      status: 200,
      body: {
        '@odata.context': `${running.graphEndpoint}/v1.0/$metadata#users(id,userPrincipalName,accountEnabled)`,
        value: [{ id: guid('e0', 2), userPrincipalName: 'bob@acme.onmicrosoft.com', accountEnabled: true }],
      },
    });
    const none = await graph(
      running,
      token,
      'GET',
      `/v1.0/users?$filter=${encodeURIComponent("mail eq 'o''neil@acme.example'")}`,
    );
    expect([none.status, (none.body as { value: unknown[] }).value]).toEqual([200, []]);
    const other = await graph(
      running,
      token,
      'GET',
      `/v1.0/users?$filter=${encodeURIComponent("endsWith(mail,'@acme.example')")}`,
    );
    expect([other.status, errorOf(other)]).toEqual([
      400,
      {
        code: 'Request_UnsupportedQuery',
        message:
          "The emulator serves only $filter=mail or userPrincipalName eq '…' or in (…) on users, not 'endsWith(mail,'@acme.example')'.",
        innerError: expect.any(Object),
      },
    ]);
    // `in`: each value once, by mail or userPrincipalName; more than 15 values are refused, as Graph does.
    const listed = await graph(
      running,
      token,
      'GET',
      `/v1.0/users?$filter=${encodeURIComponent("userPrincipalName in ('BOB@acme.onmicrosoft.com', 'nobody@acme.example')")}&$select=id`,
    );
    expect([listed.status, (listed.body as { value: unknown[] }).value]).toEqual([
      200,
      [{ id: guid('e0', 2) }],
    ]);
    const sixteen = Array.from({ length: 16 }, (_, index) => `'u${index}@acme.example'`).join(', ');
    const tooMany = await graph(
      running,
      token,
      'GET',
      `/v1.0/users?$filter=${encodeURIComponent(`mail in (${sixteen})`)}`,
    );
    expect([tooMany.status, errorOf(tooMany).message]).toEqual([
      400,
      "The 'in' operator takes at most 15 values, not 16.",
    ]);
    // $filter is served on the users list only.
    const elsewhere = await graph(
      running,
      token,
      'GET',
      `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'x'")}`,
    );
    expect([elsewhere.status, errorOf(elsewhere).code]).toEqual([400, 'Request_UnsupportedQuery']);
  });

  it('PATCHes accountEnabled with User.EnableDisableAccount.All and User.Read.All, and refuses one without the other', async () => {
    const bob = guid('e0', 2);
    const half = await start(['User.EnableDisableAccount.All']);
    const refused = await graph(half.running, half.token, 'PATCH', `/v1.0/users/${bob}`, {
      accountEnabled: false,
    });
    expect([refused.status, errorOf(refused).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(half.running.estate.tenants[0]!.users[1]!.accountEnabled).toBe(true);
    await half.running.close();

    const { running, token } = await start(['User.EnableDisableAccount.All', 'User.Read.All']);
    expect(await graph(running, token, 'PATCH', `/v1.0/users/${bob}`, { accountEnabled: false })).toEqual({
      status: 204,
      body: undefined,
    });
    expect(running.estate.tenants[0]!.users[1]!.accountEnabled).toBe(false);
    const other = await graph(running, token, 'PATCH', `/v1.0/users/${bob}`, { displayName: 'Robert' });
    expect([other.status, errorOf(other).message]).toEqual([
      400,
      "The emulator does not update 'displayName' (it updates accountEnabled).",
    ]);
    const missing = await graph(running, token, 'PATCH', '/v1.0/users/nobody@acme.onmicrosoft.com', {
      accountEnabled: false,
    });
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'Request_ResourceNotFound']);
  });
});
