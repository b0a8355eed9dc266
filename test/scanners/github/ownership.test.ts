/**
 * Owners of GitHub credentials, from a scan of the emulator resolved against HR: through the SAML
 * nameId (→ HR email), through the HR alias github:LOGIN, and through a deploy key's added_by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { Credential, OwnerResolution } from '../../../src/core/model.js';
import { buildPeopleDirectory } from '../../../src/core/people.js';
import { resolveOwner } from '../../../src/correlate/index.js';
import { person } from '../../support/builders.js';
import { twoOrgEstate } from './estate.js';
import { list } from './run-scanner.js';

const people = buildPeopleDirectory([
  person('E1', { email: 'ann@acme.example', name: 'Ann' }),
  person('E2', {
    email: 'bob@acme.example',
    name: 'Bob',
    status: 'terminated',
    terminationDate: '2026-10-31',
  }),
  person('E3', { email: 'cyd@acme.example', name: 'Cyd', aliases: ['github:cyd'] }),
  person('E4', { email: 'dan@beta.example', name: 'Dan', aliases: ['GitHub:Dan'] }),
]);

describe('github owner resolution', () => {
  let emulator: GithubEmulator;
  let credentials: Map<string, Credential>;
  const resolve = (uid: string): OwnerResolution => resolveOwner(credentials.get(uid)!, people);

  beforeAll(async () => {
    emulator = await startGithubEmulator({ estate: twoOrgEstate() });
    credentials = new Map(
      (await list(emulator)).credentials.map((credential) => [credential.uid, credential]),
    );
  });
  afterAll(() => emulator.close());

  it('resolves a token through the SAML nameId of its login to the HR email', () => {
    expect(resolve('github:acme:personal-access-token:501')).toEqual({
      credentialUid: 'github:acme:personal-access-token:501',
      ownerEmployeeId: 'E1',
      confidence: 0.9,
      outcome: 'resolved',
      evidence: [
        {
          signal: {
            kind: 'saml-identity',
            value: 'ann@acme.example',
            source:
              'github:acme:personal-access-token:501 credential authorization: SAML nameId of ann in acme',
          },
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
      ],
    });
    expect(resolve('github:acme:ssh-key:502').ownerEmployeeId).toBe('E2');
  });

  it('resolves a login without SAML identity through the HR alias github:LOGIN', () => {
    expect(resolve('github:acme:personal-access-token:503')).toEqual({
      credentialUid: 'github:acme:personal-access-token:503',
      ownerEmployeeId: 'E3',
      confidence: 0.9,
      outcome: 'resolved',
      evidence: [
        {
          signal: {
            kind: 'login',
            value: 'github:cyd',
            source: 'github:acme:personal-access-token:503 credential authorization: login',
          },
          matchedEmployeeId: 'E3',
          matchedBy: 'alias',
        },
      ],
    });
  });

  it('resolves a deploy key through added_by: its SAML identity when known, else github:LOGIN', () => {
    expect(resolve('github:acme/api:deploy-key:41')).toEqual({
      credentialUid: 'github:acme/api:deploy-key:41',
      ownerEmployeeId: 'E2',
      confidence: 0.7,
      outcome: 'resolved',
      evidence: [
        {
          signal: {
            kind: 'creator',
            value: 'bob@acme.example',
            source: 'github:acme/api:deploy-key:41 deploy key: added by bob, SAML nameId in acme',
          },
          matchedEmployeeId: 'E2',
          matchedBy: 'email',
        },
      ],
    });
    expect(resolve('github:beta/infra:deploy-key:51')).toEqual({
      credentialUid: 'github:beta/infra:deploy-key:51',
      ownerEmployeeId: 'E4',
      confidence: 0.7,
      outcome: 'resolved',
      evidence: [
        {
          signal: {
            kind: 'creator',
            value: 'github:dan',
            source: 'github:beta/infra:deploy-key:51 deploy key: added by dan',
          },
          matchedEmployeeId: 'E4',
          matchedBy: 'alias',
        },
      ],
    });
  });

  it('leaves a deploy key without added_by ownerless, and a login HR does not know unmatched', () => {
    expect(resolve('github:acme/api:deploy-key:42')).toEqual({
      credentialUid: 'github:acme/api:deploy-key:42',
      ownerEmployeeId: null,
      confidence: 0,
      outcome: 'none',
      evidence: [],
    });
    expect(resolve('github:beta:fine-grained-pat:801')).toEqual({
      credentialUid: 'github:beta:fine-grained-pat:801',
      ownerEmployeeId: null,
      confidence: 0,
      outcome: 'unmatched',
      evidence: [
        {
          signal: {
            kind: 'login',
            value: 'github:eve',
            source: 'github:beta:fine-grained-pat:801 token owner: login',
          },
          matchedEmployeeId: null,
          matchedBy: 'no person in HR has this identifier',
        },
      ],
    });
  });

  it('gives every credential in the estate exactly the expected owner', () => {
    const owners = Object.fromEntries(
      [...credentials.keys()].sort().map((uid) => [uid, resolve(uid).ownerEmployeeId]),
    );
    expect(owners).toEqual({
      'github:acme/api:deploy-key:41': 'E2',
      'github:acme/api:deploy-key:42': null,
      'github:acme/web:deploy-key:43': 'E3',
      // GitHub names no installer: an installation has no owner.
      'github:acme:app-installation:61': null,
      'github:acme:fine-grained-pat:701': 'E1',
      'github:acme:fine-grained-pat:702': 'E3',
      'github:acme:personal-access-token:501': 'E1',
      'github:acme:personal-access-token:503': 'E3',
      'github:acme:ssh-key:502': 'E2',
      'github:beta/infra:deploy-key:51': 'E4',
      'github:beta:fine-grained-pat:801': null,
    });
  });
});
