/**
 * A leaver's own Entra user against the emulator: steps by what was listed (enabled: disable then
 * revoke-sessions; already disabled with sessions from before the leaving: revoke-sessions only),
 * dry runs that call nothing, exact PATCH and POST, a re-read after each, and a user gone since.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import type { Person } from '../../../src/core/model.js';
import { person } from '../../support/builders.js';
import { guid, SECRET_ENV, tenantEstate } from './estate.js';
import { azureScanner, list, scanContext } from './run-scanner.js';

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[SECRET_ENV];
});

const options = { dryRun: false, signal: new AbortController().signal };
const graphCalls = (from: number) =>
  emulator!.requestLog
    .slice(from)
    .filter((entry) => entry.server === 'graph')
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

const BOB: Person = person('E2', {
  email: 'bob@acme.example',
  name: 'Bob',
  status: 'terminated',
  terminationDate: '2026-10-01',
  department: null,
  aliases: ['upn:bob@acme.onmicrosoft.com'],
});

describe('azure revocation of a leaver’s own Entra user', () => {
  it('disables a leaver’s Entra user, then revokes its sessions; verify re-reads both', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const bob = guid('e0', 2);
    const listed = await list(emulator, {}, [BOB]);
    const account = listed.credentials.find((entry) => entry.kind === 'sign-in-sessions')!;
    const scanner = azureScanner(emulator);
    expect(scanner.revoker.steps(account)).toEqual(['disable', 'revoke-sessions']);
    for (const step of ['delete', 'disable-principal', 'manual'] as const)
      await expect(scanner.revoker.revoke(account, step, options)).rejects.toThrow(
        `azure: step ${step} is not supported for an Entra user; use disable or revoke-sessions`,
      );
    const start = emulator.requestLog.length;
    expect(await scanner.revoker.revoke(account, 'disable', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `PATCH /v1.0/users/${bob} {"accountEnabled":false}`,
    });
    expect(await scanner.revoker.revoke(account, 'revoke-sessions', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `POST /v1.0/users/${bob}/revokeSignInSessions`,
    });
    expect(graphCalls(start)).toEqual([]);
    expect(await scanner.revoker.verify(account, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'account enabled, sessions valid from creation',
    });
    expect(await scanner.revoker.revoke(account, 'disable', options)).toEqual({
      outcome: 'revoked',
      apiCall: `PATCH /v1.0/users/${bob} {"accountEnabled":false}`,
    });
    // Disabled: no new sign-in, so the disable step holds.
    expect(await scanner.revoker.verify(account, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: 'account disabled, sessions valid from creation',
    });
    expect(await scanner.revoker.revoke(account, 'revoke-sessions', options)).toEqual({
      outcome: 'revoked',
      apiCall: `POST /v1.0/users/${bob}/revokeSignInSessions`,
    });
    const user = emulator.estate.tenants[0]!.users.find((entry) => entry.id === bob)!;
    expect(user.accountEnabled).toBe(false);
    expect(user.signInSessionsValidFromDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await scanner.revoker.verify(account, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: `account disabled, sessions valid from ${user.signInSessionsValidFromDateTime} (revoked)`,
    });
    expect(graphCalls(start)).toEqual([
      `GET /v1.0/users/${bob} 200`,
      `PATCH /v1.0/users/${bob} 204`,
      `GET /v1.0/users/${bob} 200`,
      `POST /v1.0/users/${bob}/revokeSignInSessions 200`,
      `GET /v1.0/users/${bob} 200`,
    ]);
  });

  it('only revokes the sessions of a user already disabled whose sessions predate the leaving', async () => {
    const estate = tenantEstate();
    const bobUser = estate.users.find((user) => user.id === guid('e0', 2))!;
    bobUser.accountEnabled = false;
    bobUser.signInSessionsValidFromDateTime = '2026-09-15T08:00:00Z';
    emulator = await startAzureEmulator({ estate: { tenants: [estate] } });
    const account = (await list(emulator, {}, [BOB])).credentials.find(
      (entry) => entry.kind === 'sign-in-sessions',
    )!;
    expect([account.status, account.attributes]).toEqual([
      'active',
      {
        accountEnabled: 'false',
        signInSessionsValidFromDateTime: '2026-09-15T08:00:00Z',
        matchedBy: 'upn-alias',
        accessEndedOn: '2026-10-01',
      },
    ]);
    const scanner = azureScanner(emulator);
    expect(scanner.revoker.steps(account)).toEqual(['revoke-sessions']);
    // Sessions from before Bob left still work: usable although the account is disabled.
    expect(await scanner.revoker.verify(account, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'account disabled, sessions valid from 2026-09-15T08:00:00Z',
    });
    expect((await scanner.revoker.revoke(account, 'revoke-sessions', options)).outcome).toBe('revoked');
    expect((await scanner.revoker.verify(account, scanContext())).usable).toBe(false);
    // A user deleted since the scan: already revoked, and gone on re-read.
    emulator.estate.tenants[0]!.users = emulator.estate.tenants[0]!.users.filter((user) => user !== bobUser);
    expect(await scanner.revoker.revoke(account, 'revoke-sessions', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `POST /v1.0/users/${guid('e0', 2)}/revokeSignInSessions`,
      detail: '404 Request_ResourceNotFound',
    });
    expect(await scanner.revoker.verify(account, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: '404 Request_ResourceNotFound',
    });
  });
});
