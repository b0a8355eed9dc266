import { describe, expect, it } from 'vitest';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { NO_PERSON_IN_HR, resolveOwner } from '../../src/correlate/index.js';
import { credential, owner, person } from '../support/builders.js';

const people = buildPeopleDirectory([
  person('E1', {
    email: 'alice@acme.example',
    aliases: ['github:alice-gh', 'upn:alice@corp.acme.example', 'asmith'],
  }),
  person('E2', { email: 'bob@acme.example', aliases: ['github:bob'] }),
]);

describe('resolveOwner', () => {
  it('matches emails and aliases case-insensitively', () => {
    for (const value of [
      'ALICE@acme.example',
      'github:Alice-GH',
      'UPN:alice@corp.acme.example',
      'ASmith',
      ' alice@acme.example ',
    ]) {
      const resolution = resolveOwner(credential('K', { ownerSignals: [owner(value, 'tag')] }), people);
      expect([value, resolution.ownerEmployeeId, resolution.outcome]).toEqual([value, 'E1', 'resolved']);
    }
  });

  it('records how each signal matched', () => {
    const resolution = resolveOwner(
      credential('K', {
        ownerSignals: [owner('alice@acme.example', 'tag'), owner('github:alice-gh', 'login')],
      }),
      people,
    );
    expect(resolution).toEqual({
      credentialUid: 'aws:111122223333:access-key:K',
      ownerEmployeeId: 'E1',
      confidence: 0.97,
      outcome: 'resolved',
      evidence: [
        { signal: owner('alice@acme.example', 'tag'), matchedEmployeeId: 'E1', matchedBy: 'email' },
        { signal: owner('github:alice-gh', 'login'), matchedEmployeeId: 'E1', matchedBy: 'alias' },
      ],
    });
  });

  it('lets the higher-priority signal win a conflict, keeps the other as evidence, lowers confidence', () => {
    const resolution = resolveOwner(
      credential('K', { ownerSignals: [owner('github:bob', 'login'), owner('alice@acme.example', 'tag')] }),
      people,
    );
    expect(resolution.ownerEmployeeId).toBe('E1');
    expect(resolution.outcome).toBe('conflict');
    expect(resolution.confidence).toBe(0.57);
    expect(resolution.evidence.map((item) => item.matchedEmployeeId)).toEqual(['E2', 'E1']);
  });

  it('orders priority declared/tag > owners-api/saml/login > creator > name-match', () => {
    const pick = (...signals: ReturnType<typeof owner>[]) =>
      resolveOwner(credential('K', { ownerSignals: signals }), people);
    expect(pick(owner('bob@acme.example', 'creator'), owner('asmith', 'name-match')).ownerEmployeeId).toBe(
      'E2',
    );
    expect(
      pick(owner('bob@acme.example', 'creator'), owner('alice@acme.example', 'saml-identity'))
        .ownerEmployeeId,
    ).toBe('E1');
    expect(
      pick(owner('bob@acme.example', 'owners-api'), owner('alice@acme.example', 'declared')).ownerEmployeeId,
    ).toBe('E1');
    expect(pick(owner('asmith', 'name-match')).confidence).toBe(0.5);
    expect(pick(owner('bob@acme.example', 'creator')).confidence).toBe(0.7);
  });

  it('says unmatched when signals name nobody in HR, and none when there are no signals', () => {
    expect(
      resolveOwner(credential('K', { ownerSignals: [owner('ghost@acme.example')] }), people),
    ).toMatchObject({
      ownerEmployeeId: null,
      outcome: 'unmatched',
      confidence: 0,
      evidence: [{ matchedEmployeeId: null, matchedBy: NO_PERSON_IN_HR }],
    });
    expect(resolveOwner(credential('K'), people)).toMatchObject({
      ownerEmployeeId: null,
      outcome: 'none',
      evidence: [],
    });
  });
});
