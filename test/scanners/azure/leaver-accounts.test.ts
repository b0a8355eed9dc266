/**
 * The downstream account check against the emulator: each leaver's and expired contractor's own
 * Entra user, found by `upn:` alias, by the email as userPrincipalName, or by `$filter=mail eq`,
 * listed as a person-account record with how it matched; active people are never looked up; a
 * person with no user lists nothing; a users call that fails is a partial mark, never "no user".
 */

import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import type { Person } from '../../../src/core/model.js';
import { person as personOf } from '../../support/builders.js';
import { guid, SECRET_ENV, TENANT, tenantEstate } from './estate.js';
import { azureScanner, credentialLine, list, scanContext } from './run-scanner.js';

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[SECRET_ENV];
});

/** A leaver by default (terminated 2026-10-01), as most people here are. */
const person = (employeeId: string, email: string, fields: Partial<Person> = {}): Person =>
  personOf(employeeId, {
    email,
    name: employeeId,
    status: 'terminated',
    terminationDate: '2026-10-01',
    department: null,
    ...fields,
  });

const PEOPLE = [
  // Active: never looked up, although HR names her Entra user.
  person('E1', 'ann@acme.example', {
    status: 'active',
    terminationDate: null,
    aliases: ['upn:ann@acme.onmicrosoft.com'],
  }),
  person('E2', 'bob@acme.example', { aliases: ['github:bob', 'upn:bob@acme.onmicrosoft.com'] }),
  // HR's email is Dee's userPrincipalName.
  person('E4', 'dee@acme.example'),
  // HR's email is Eve's mail; her UPN differs.
  person('E5', 'eve@acme.example'),
  // An expired contractor, disabled and revoked after the contract ended: nothing remains.
  person('E6', 'fay@acme.example', {
    status: 'active',
    workerType: 'contractor',
    terminationDate: null,
    contractEndDate: '2026-10-31',
  }),
  // A leaver with no Entra user at all.
  person('E7', 'gus@acme.example', { aliases: ['gus.old@acme.example'] }),
];

function estate() {
  const tenant = tenantEstate();
  tenant.users.push(
    {
      id: guid('e0', 4),
      userPrincipalName: 'dee@acme.example',
      mail: 'dee.smith@acme.example',
      displayName: 'Dee',
      accountEnabled: true,
      createdDateTime: '2021-02-01T09:00:00Z',
    },
    {
      id: guid('e0', 5),
      userPrincipalName: 'eve@acme.onmicrosoft.com',
      mail: 'eve@acme.example',
      displayName: 'Eve',
      accountEnabled: false,
      signInSessionsValidFromDateTime: '2026-09-20T10:00:00Z',
    },
    {
      id: guid('e0', 6),
      userPrincipalName: 'fay@acme.onmicrosoft.com',
      mail: 'fay@acme.example',
      displayName: 'Fay',
      accountEnabled: false,
      signInSessionsValidFromDateTime: '2026-11-02T08:00:00Z',
    },
  );
  return tenant;
}

const userCalls = () =>
  emulator!.requestLog
    .filter((entry) => entry.operation.startsWith('users.'))
    .map(
      (entry) =>
        `${entry.method} ${entry.path}${entry.query.$filter ? ` $filter=${entry.query.$filter}` : ''} ${entry.status}`,
    );

describe('azure: the Entra users of leavers and expired contractors', () => {
  it('finds each by upn alias, by the email as UPN, or by mail, and lists each as a person-account', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [estate()] } });
    const listed = await list(emulator, {}, PEOPLE);
    expect(listed.partial).toEqual([]);
    const accounts = listed.credentials.filter((credential) => credential.nature === 'person-account');
    expect(accounts.map(credentialLine)).toEqual([
      `sign-in-sessions:${guid('e0', 2)} active principal=user:${guid('e0', 2)} created=null expires=null used=unknown privileged=[] owner=[login:upn:bob@acme.onmicrosoft.com] hint=- attributes={accountEnabled:true, matchedBy:upn-alias, accessEndedOn:2026-10-01}`,
      `sign-in-sessions:${guid('e0', 4)} active principal=user:${guid('e0', 4)} created=2021-02-01T09:00:00Z expires=null used=unknown privileged=[] owner=[login:dee@acme.example] hint=- attributes={accountEnabled:true, matchedBy:userPrincipalName, accessEndedOn:2026-10-01}`,
      // Disabled, but sessions from before Eve left still work.
      `sign-in-sessions:${guid('e0', 5)} active principal=user:${guid('e0', 5)} created=null expires=null used=unknown privileged=[] owner=[login:eve@acme.example] hint=- attributes={accountEnabled:false, signInSessionsValidFromDateTime:2026-09-20T10:00:00Z, matchedBy:mail, accessEndedOn:2026-10-01}`,
      `sign-in-sessions:${guid('e0', 6)} inactive principal=user:${guid('e0', 6)} created=null expires=null used=unknown privileged=[] owner=[login:fay@acme.example] hint=- attributes={accountEnabled:false, signInSessionsValidFromDateTime:2026-11-02T08:00:00Z, matchedBy:mail, accessEndedOn:2026-10-31}`,
    ]);
    expect(accounts.map((account) => account.lastUsedUnknownReason)).toEqual([
      'user sign-ins are not read; the account is enabled, its sessions valid from its creation',
      'user sign-ins are not read; the account is enabled, its sessions valid from its creation',
      'user sign-ins are not read; the account is disabled, its sessions valid from 2026-09-20T10:00:00Z',
      'user sign-ins are not read; the account is disabled, its sessions valid from 2026-11-02T08:00:00Z',
    ]);
    expect(listed.principals.find((principal) => principal.uid.endsWith(guid('e0', 5)))).toEqual({
      uid: `azure:${TENANT}:user:${guid('e0', 5)}`,
      provider: 'azure',
      account: TENANT,
      kind: 'user',
      name: 'eve@acme.onmicrosoft.com',
      tags: { accountEnabled: 'false', signInSessionsValidFrom: '2026-09-20T10:00:00Z' },
    });
    // The `upn:` aliases one call each; then every person's first email, as a UPN for all of them
    // at once, then as a mail for those still not found; then the second emails (Gus's alias).
    expect(userCalls()).toEqual([
      'GET /v1.0/users/bob@acme.onmicrosoft.com 200',
      "GET /v1.0/users $filter=userPrincipalName in ('dee@acme.example', 'eve@acme.example', 'fay@acme.example', 'gus@acme.example') 200",
      "GET /v1.0/users $filter=mail in ('eve@acme.example', 'fay@acme.example', 'gus@acme.example') 200",
      "GET /v1.0/users $filter=userPrincipalName in ('gus.old@acme.example') 200",
      "GET /v1.0/users $filter=mail in ('gus.old@acme.example') 200",
    ]);
  });

  it('looks nobody up without HR, and stops at the upn aliases when they find the user', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [estate()] } });
    await list(emulator);
    expect(userCalls()).toEqual([]);
    const listed = await list(emulator, {}, [PEOPLE[1]!]);
    expect(listed.credentials.filter((credential) => credential.nature === 'person-account')).toHaveLength(1);
    expect(userCalls()).toEqual(['GET /v1.0/users/bob@acme.onmicrosoft.com 200']);
  });

  it('marks a person whose users call fails as partial, and looks no further for them', async () => {
    const tenant = estate();
    tenant.client.roles = tenant.client.roles.filter((role) => role !== 'User.Read.All');
    emulator = await startAzureEmulator({ estate: { tenants: [tenant] } });
    const listed = await list(emulator, {}, [PEOPLE[1]!, PEOPLE[3]!]);
    expect(listed.credentials.filter((credential) => credential.nature === 'person-account')).toEqual([]);
    expect(listed.partial).toEqual([
      {
        scope: `tenant ${TENANT} user upn:bob@acme.onmicrosoft.com (Entra user of bob@acme.example)`,
        reason: '403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
      },
      {
        scope: `tenant ${TENANT} user eve@acme.example (Entra user of eve@acme.example)`,
        reason: '403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
      },
    ]);
    expect(userCalls()).toEqual([
      'GET /v1.0/users/bob@acme.onmicrosoft.com 403',
      "GET /v1.0/users $filter=userPrincipalName in ('eve@acme.example') 403",
    ]);
  });

  it('reads only the focused people’s users in a termination scan: no application, no one else', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [estate()] } });
    const eve = PEOPLE[3]!;
    const uids: string[] = [];
    for await (const page of azureScanner(emulator).list({ ...scanContext(PEOPLE), focus: [eve] }))
      uids.push(...page.credentials.map((credential) => credential.uid));
    expect(uids).toEqual([`azure:${TENANT}:sign-in-sessions:${guid('e0', 5)}`]);
    expect(
      emulator.requestLog
        .filter((entry) => entry.path.startsWith('/v1.0/'))
        .map((entry) => `${entry.method} ${entry.path}`),
    ).toEqual(['GET /v1.0/users', 'GET /v1.0/users']);
  });
});
