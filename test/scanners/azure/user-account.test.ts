/**
 * Pure transforms of people's accounts: owners named by the identifier HR knows (mail, UPN as an
 * email, `upn:` alias), and a leaver's own Entra user as a person-account record with its status.
 */

import { describe, expect, it } from 'vitest';
import { ownerSignals } from '../../../scanners/azure/owners.js';
import { userAccountCredential } from '../../../scanners/azure/user-account.js';
import type { Person } from '../../../src/core/model.js';
import { buildPeopleDirectory } from '../../../src/core/people.js';
import { person } from '../../support/builders.js';

const TENANT = '11111111-2222-3333-4444-555555555555';

describe('azure people transforms', () => {
  it('names each owning user by the identifier HR knows: mail, else the UPN as an email, else upn:UPN', () => {
    const hr = (email: string, aliases: string[] = []): Person =>
      person(email, { email, name: email, department: null, aliases });
    const people = buildPeopleDirectory([
      hr('ann@acme.example'),
      // Dee's HR email is her UPN; her mail differs.
      hr('dee@acme.onmicrosoft.com'),
      hr('cyd@acme.example', ['upn:cyd@acme.onmicrosoft.com']),
    ]);
    const user = (id: string, userPrincipalName: string, mail: string | null) => ({
      '@odata.type': '#microsoft.graph.user',
      id,
      userPrincipalName,
      mail,
    });
    expect(
      ownerSignals(
        [
          user('u1', 'ann@acme.onmicrosoft.com', 'ann@acme.example'),
          user('u2', 'dee@acme.onmicrosoft.com', 'dee.smith@acme.example'),
          user('u3', 'cyd@acme.onmicrosoft.com', 'cyd.other@acme.example'),
          // Nobody in HR: the mail, which owner-not-in-hr then names.
          user('u4', 'eve@acme.onmicrosoft.com', 'eve@acme.example'),
        ],
        'application x',
        people,
      ).map((signal) => signal.value),
    ).toEqual([
      'ann@acme.example',
      'dee@acme.onmicrosoft.com',
      'upn:cyd@acme.onmicrosoft.com',
      'eve@acme.example',
    ]);
  });

  it('lists a leaver’s own Entra user as a person-account: active while enabled or its sessions predate the leaving', () => {
    const bob: Person = {
      employeeId: 'E2',
      email: 'bob@acme.example',
      name: 'Bob',
      status: 'terminated',
      workerType: 'employee',
      hireDate: '2020-01-01',
      terminationDate: '2026-10-01',
      contractEndDate: null,
      department: null,
      managerEmail: null,
      previousDepartment: null,
      transferDate: null,
      aliases: ['upn:bob@acme.onmicrosoft.com'],
    };
    const user = {
      id: 'e0000000-0000-4000-8000-000000000002',
      userPrincipalName: 'bob@acme.onmicrosoft.com',
      accountEnabled: true,
      signInSessionsValidFromDateTime: '2025-05-01T00:00:00Z',
    };
    const found = { user, matchedBy: 'upn-alias' as const, identifier: 'upn:bob@acme.onmicrosoft.com' };
    expect(userAccountCredential(TENANT, found, bob)).toEqual({
      uid: `azure:${TENANT}:sign-in-sessions:e0000000-0000-4000-8000-000000000002`,
      provider: 'azure',
      account: TENANT,
      kind: 'sign-in-sessions',
      externalId: 'e0000000-0000-4000-8000-000000000002',
      principalUid: `azure:${TENANT}:user:e0000000-0000-4000-8000-000000000002`,
      principalName: 'bob@acme.onmicrosoft.com',
      status: 'active',
      createdAt: null,
      expiresAt: null,
      lastUsedAt: null,
      lastUsedKnown: false,
      lastUsedUnknownReason:
        'user sign-ins are not read; the account is enabled, its sessions valid from 2025-05-01T00:00:00Z',
      privileged: false,
      privilegedReasons: [],
      department: null,
      ownerSignals: [
        {
          kind: 'login',
          value: 'upn:bob@acme.onmicrosoft.com',
          source: 'Entra user bob@acme.onmicrosoft.com',
        },
      ],
      attributes: {
        accountEnabled: 'true',
        signInSessionsValidFromDateTime: '2025-05-01T00:00:00Z',
        matchedBy: 'upn-alias',
        accessEndedOn: '2026-10-01',
      },
      nature: 'person-account',
    });
    const status = (accountEnabled: boolean, validFrom: string | null) =>
      userAccountCredential(
        TENANT,
        { ...found, user: { ...user, accountEnabled, signInSessionsValidFromDateTime: validFrom } },
        bob,
      ).status;
    // Enabled: it can sign in again, whenever sessions were last revoked.
    expect(status(true, '2026-10-02T09:00:00Z')).toBe('active');
    // Disabled, but sessions from before the leaving (or never revoked) still work.
    expect(status(false, '2026-09-30T09:00:00Z')).toBe('active');
    expect(status(false, null)).toBe('active');
    // Disabled, and sessions revoked on or after the leaving day: nothing remains.
    expect(status(false, '2026-10-01T09:00:00Z')).toBe('inactive');
    // An expired contractor's access ends on the contract end date.
    const contractor = {
      ...bob,
      status: 'active' as const,
      workerType: 'contractor' as const,
      terminationDate: null,
      contractEndDate: '2026-10-31',
    };
    expect(
      userAccountCredential(
        TENANT,
        {
          user: { ...user, accountEnabled: false, signInSessionsValidFromDateTime: '2026-10-15T00:00:00Z' },
          matchedBy: 'mail',
          identifier: 'bob@acme.example',
        },
        contractor,
      ),
    ).toMatchObject({ status: 'active', attributes: { matchedBy: 'mail', accessEndedOn: '2026-10-31' } });
  });
});
