/** Owner signals from GitHub logins and SAML identities. */
import { describe, expect, it } from 'vitest';
import {
  creatorSignals,
  holderSignals,
  identityDirectory,
  samlIdentifier,
} from '../../../scanners/github/owners.js';

const identities = identityDirectory([
  {
    user: { login: 'Ann' },
    samlIdentity: { nameId: 'ann@acme.example', emails: [{ value: 'ann@acme.example' }] },
  },
  {
    user: { login: 'okta-user' },
    samlIdentity: { nameId: '00u1abcd', emails: [{ value: 'dee@acme.example' }] },
  },
  { user: { login: 'plain' }, samlIdentity: { nameId: 'E1234', emails: [] } },
  { user: null, samlIdentity: { nameId: 'unclaimed@acme.example', emails: [] } },
  { user: { login: 'scim-only' }, samlIdentity: null },
  null,
]);

describe('SAML identities', () => {
  it('keeps identities linked to a login, by lower-cased login', () => {
    expect([...identities.keys()]).toEqual(['ann', 'okta-user', 'plain']);
    expect(identities.get('ann')).toEqual({
      login: 'Ann',
      nameId: 'ann@acme.example',
      emails: ['ann@acme.example'],
    });
  });

  it('prefers an email nameId, then the first email, then the nameId', () => {
    expect(samlIdentifier(identities.get('ann')!)).toEqual({ value: 'ann@acme.example', field: 'nameId' });
    expect(samlIdentifier(identities.get('okta-user')!)).toEqual({
      value: 'dee@acme.example',
      field: 'email',
    });
    expect(samlIdentifier(identities.get('plain')!)).toEqual({ value: 'E1234', field: 'nameId' });
  });
});

describe('owner signals', () => {
  it('names a holder by SAML identity when known (case-insensitive login), else by github:LOGIN', () => {
    expect(holderSignals('acme', 'ANN', identities, 'x')).toEqual([
      { kind: 'saml-identity', value: 'ann@acme.example', source: 'x: SAML nameId of ANN in acme' },
    ]);
    expect(holderSignals('acme', 'zed', identities, 'x')).toEqual([
      { kind: 'login', value: 'github:zed', source: 'x: login' },
    ]);
  });

  it('names a creator the same way, as a creator signal, and nobody without added_by', () => {
    expect(creatorSignals('acme', 'okta-user', identities, 'k')).toEqual([
      { kind: 'creator', value: 'dee@acme.example', source: 'k: added by okta-user, SAML email in acme' },
    ]);
    expect(creatorSignals('acme', 'zed', identities, 'k')).toEqual([
      { kind: 'creator', value: 'github:zed', source: 'k: added by zed' },
    ]);
    expect(creatorSignals('acme', null, identities, 'k')).toEqual([]);
    expect(creatorSignals('acme', undefined, identities, 'k')).toEqual([]);
  });
});
