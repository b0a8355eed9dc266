/** The documented decisions of owner resolution (src/correlate/README.md), each pinned exactly. */
import { describe, expect, it } from 'vitest';
import type { OwnerSignal } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import {
  BLANK_VALUE,
  NO_PERSON_IN_HR,
  resolveOwner,
  resolveOwners,
  unmatchedIdentities,
} from '../../src/correlate/index.js';
import { credential, owner, person } from '../support/builders.js';

const people = buildPeopleDirectory([
  person('A1', { email: 'alice@corp.com', aliases: ['github:alice', 'upn:alice@corp.onmicrosoft.com'] }),
  person('B2', { email: 'bob@corp.com', aliases: ['github:bob', 'bsmith'] }),
]);
const resolve = (...ownerSignals: OwnerSignal[]) => resolveOwner(credential('K', { ownerSignals }), people);

describe('matching', () => {
  it('is case-insensitive on emails and aliases and says which it matched', () => {
    expect(resolve(owner('ALICE@corp.com', 'tag')).evidence).toEqual([
      { signal: owner('ALICE@corp.com', 'tag'), matchedEmployeeId: 'A1', matchedBy: 'email' },
    ]);
    expect(resolve(owner('github:Alice', 'login')).evidence).toEqual([
      { signal: owner('github:Alice', 'login'), matchedEmployeeId: 'A1', matchedBy: 'alias' },
    ]);
    expect(resolve(owner('github:Alice', 'login')).ownerEmployeeId).toBe(
      resolve(owner('github:alice', 'login')).ownerEmployeeId,
    );
  });
});

describe('conflicts', () => {
  it('tag says Alice, login says Bob: Alice wins, conflict, both kept, 0.95 × 0.6', () => {
    expect(resolve(owner('alice@corp.com', 'tag'), owner('github:bob', 'login'))).toEqual({
      credentialUid: 'aws:111122223333:access-key:K',
      ownerEmployeeId: 'A1',
      confidence: 0.57,
      outcome: 'conflict',
      evidence: [
        { signal: owner('alice@corp.com', 'tag'), matchedEmployeeId: 'A1', matchedBy: 'email' },
        { signal: owner('github:bob', 'login'), matchedEmployeeId: 'B2', matchedBy: 'alias' },
      ],
    });
  });

  it('two signals of the same tier disagreeing: the first in signal order wins, conflict', () => {
    const first = resolve(owner('bob@corp.com', 'declared'), owner('alice@corp.com', 'tag'));
    expect([first.ownerEmployeeId, first.outcome, first.confidence]).toEqual(['B2', 'conflict', 0.57]);
    const swapped = resolve(owner('alice@corp.com', 'tag'), owner('bob@corp.com', 'declared'));
    expect([swapped.ownerEmployeeId, swapped.outcome]).toEqual(['A1', 'conflict']);
  });

  it('a name-match guess naming someone else is a conflict too', () => {
    const resolution = resolve(owner('alice@corp.com', 'tag'), owner('bsmith', 'name-match'));
    expect([resolution.ownerEmployeeId, resolution.outcome, resolution.confidence]).toEqual([
      'A1',
      'conflict',
      0.57,
    ]);
  });

  it('agreement raises confidence by 0.02 a signal, capped at 0.99; conflict applies after the cap', () => {
    const agree = [
      owner('alice@corp.com', 'tag'),
      owner('github:alice', 'login'),
      owner('upn:alice@corp.onmicrosoft.com', 'saml-identity'),
    ];
    expect(resolve(...agree).confidence).toBe(0.99);
    expect(resolve(...agree, owner('alice@corp.com', 'creator')).confidence).toBe(0.99);
    expect(resolve(owner('bob@corp.com', 'creator'), owner('github:bob', 'login')).confidence).toBe(0.92);
    expect(resolve(...agree, owner('github:bob', 'creator')).confidence).toBe(0.594);
  });
});

describe('signals that name nobody in HR', () => {
  it('a higher tier naming nobody does not stop a lower tier from naming the owner, and stays visible', () => {
    const resolution = resolve(owner('ghost@corp.com', 'tag'), owner('github:bob', 'login'));
    expect(resolution).toEqual({
      credentialUid: 'aws:111122223333:access-key:K',
      ownerEmployeeId: 'B2',
      confidence: 0.9,
      outcome: 'resolved',
      evidence: [
        { signal: owner('ghost@corp.com', 'tag'), matchedEmployeeId: null, matchedBy: NO_PERSON_IN_HR },
        { signal: owner('github:bob', 'login'), matchedEmployeeId: 'B2', matchedBy: 'alias' },
      ],
    });
    expect(unmatchedIdentities(resolution)).toEqual([resolution.evidence[0]]);
  });

  it('unmatched name-match guesses are not reported as identities outside HR', () => {
    const resolution = resolve(owner('svc-build', 'name-match'), owner('ghost@corp.com', 'creator'));
    expect([resolution.ownerEmployeeId, resolution.outcome, resolution.confidence]).toEqual([
      null,
      'unmatched',
      0,
    ]);
    expect(unmatchedIdentities(resolution).map((item) => item.signal.value)).toEqual(['ghost@corp.com']);
  });

  it('blank values are evidence but name nobody: only blanks resolve to none', () => {
    expect(resolve(owner('  ', 'tag'))).toEqual({
      credentialUid: 'aws:111122223333:access-key:K',
      ownerEmployeeId: null,
      confidence: 0,
      outcome: 'none',
      evidence: [{ signal: owner('  ', 'tag'), matchedEmployeeId: null, matchedBy: BLANK_VALUE }],
    });
    expect(unmatchedIdentities(resolve(owner('', 'tag')))).toEqual([]);
  });
});

describe('rehires', () => {
  it('resolve to the active record that owns the shared email', () => {
    const directory = buildPeopleDirectory([
      person('OLD', {
        email: 'carol@corp.com',
        status: 'terminated',
        hireDate: '2015-01-01',
        terminationDate: '2022-01-31',
      }),
      person('NEW', { email: 'carol@corp.com', hireDate: '2024-05-01' }),
    ]);
    const resolution = resolveOwner(
      credential('K', { ownerSignals: [owner('Carol@corp.com', 'tag')] }),
      directory,
    );
    expect([resolution.ownerEmployeeId, resolution.outcome]).toEqual(['NEW', 'resolved']);
  });
});

describe('resolveOwners', () => {
  it('yields one resolution per credential, in order, lazily', () => {
    const credentials = [
      credential('K1', { ownerSignals: [owner('alice@corp.com', 'tag')] }),
      credential('K2'),
      credential('K3', { ownerSignals: [owner('ghost@corp.com', 'tag')] }),
    ];
    const iterator = resolveOwners(credentials, people);
    expect(iterator.next().value?.credentialUid).toBe('aws:111122223333:access-key:K1');
    expect(
      [...resolveOwners(credentials, people)].map((r) => [r.credentialUid, r.ownerEmployeeId, r.outcome]),
    ).toEqual([
      ['aws:111122223333:access-key:K1', 'A1', 'resolved'],
      ['aws:111122223333:access-key:K2', null, 'none'],
      ['aws:111122223333:access-key:K3', null, 'unmatched'],
    ]);
  });
});
