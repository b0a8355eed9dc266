/**
 * Day counts are stored as placeholders and counted when shown (src/policy/day-counts.ts, issue 24
 * item 4): every placeholder kind in titles and evidence, the stored form that does not change from
 * one day to the next, old-format text shown as stored, and no placeholder in anything shown.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/config-types.js';
import { toDate } from '../../src/core/dates.js';
import type { Credential, Finding, Person } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { resolveOwner } from '../../src/correlate/index.js';
import {
  AS_OF_PLACEHOLDER,
  daysSincePlaceholder,
  daysUntilPlaceholder,
  presentEvidence,
  presentTitle,
} from '../../src/policy/day-counts.js';
import { evaluate, presentFinding } from '../../src/policy/index.js';
import { credential, owner, person } from '../support/builders.js';

const D = toDate('2026-11-26');
const D1 = toDate('2026-11-27');
const D30 = toDate('2026-12-26');

describe('placeholders', () => {
  it('name their date and direction', () => {
    expect(daysSincePlaceholder('2026-08-01T10:00:00Z')).toBe('⟦since 2026-08-01T10:00:00Z⟧');
    expect(daysUntilPlaceholder('2026-12-01')).toBe('⟦until 2026-12-01⟧');
    expect(AS_OF_PLACEHOLDER).toBe('⟦as-of⟧');
  });

  it('are counted in a title at the as-of: since, until and as-of, several in one title', () => {
    const title = `used ${daysSincePlaceholder('2026-08-01T23:59:59Z')} days ago, leaves in ${daysUntilPlaceholder('2026-12-01')} days, as of ${AS_OF_PLACEHOLDER}`;
    expect(presentTitle(title, D)).toBe('used 117 days ago, leaves in 5 days, as of 2026-11-26');
    expect(presentTitle(title, D1)).toBe('used 118 days ago, leaves in 4 days, as of 2026-11-27');
    expect(presentTitle(title, D30)).toBe('used 147 days ago, leaves in -25 days, as of 2026-12-26');
  });

  it('leave a title without one as it is: old-format titles carry their stored counts', () => {
    const old = 'Access key K1 of aws/111122223333 was last used 123 days ago (2026-07-26T00:00:00Z)';
    expect(presentTitle(old, D1)).toBe(old);
  });

  it('are only counted when well formed with a real date; anything else is shown as written', () => {
    for (const text of ['⟦since 2026-02-30⟧', '⟦since soon⟧', '⟦until ⟧', '⟦later⟧', '⟦as-of', 'as-of⟧']) {
      expect(presentTitle(`key ${text}`, D)).toBe(`key ${text}`);
    }
  });
});

describe('presentEvidence', () => {
  const stored = {
    lastUsedAt: '2026-08-01',
    daysSinceLastUse: daysSincePlaceholder('2026-08-01'),
    createdAt: '2025-01-01',
    daysSinceCreation: daysSincePlaceholder('2025-01-01'),
    ageDays: daysSincePlaceholder('2025-01-01'),
    daysSinceExpiry: daysSincePlaceholder('2026-11-16'),
    daysSinceTransfer: daysSincePlaceholder('2026-01-01'),
    daysUntilTermination: daysUntilPlaceholder('2026-12-01'),
    staleAfterDays: 90,
    asOf: AS_OF_PLACEHOLDER,
  };

  it('counts every count key at the as-of, keeping every key in its place', () => {
    const shown = presentEvidence(stored, D1);
    expect(shown).toEqual({
      lastUsedAt: '2026-08-01',
      daysSinceLastUse: 118,
      createdAt: '2025-01-01',
      daysSinceCreation: 695,
      ageDays: 695,
      daysSinceExpiry: 11,
      daysSinceTransfer: 330,
      daysUntilTermination: 4,
      staleAfterDays: 90,
      asOf: '2026-11-27',
    });
    expect(Object.keys(shown)).toEqual(Object.keys(stored));
    expect(stored.daysSinceLastUse).toBe('⟦since 2026-08-01⟧'); // not changed in place
  });

  it('returns old-format evidence (literal counts, null) as the same object', () => {
    const old = { lastUsedAt: '2026-08-01', daysSinceLastUse: 117, ageDays: null, asOf: '2026-11-26' };
    expect(presentEvidence(old, D1)).toBe(old);
  });

  it('reads no placeholder outside the count keys, nor inside nested values', () => {
    const evidence = {
      credentialDepartment: daysSincePlaceholder('2020-01-01'),
      access: { asOf: AS_OF_PLACEHOLDER },
      daysSinceLastUse: daysSincePlaceholder('2026-11-20'),
    };
    expect(presentEvidence(evidence, D)).toEqual({
      credentialDepartment: '⟦since 2020-01-01⟧',
      access: { asOf: '⟦as-of⟧' },
      daysSinceLastUse: 6,
    });
  });
});

const K1 = 'aws:111122223333:access-key:K1';
const settings = DEFAULT_POLICY;

/** One credential of each rule that carries a date: what evaluate stores for it at `asOf`. */
function storedFindings(asOf: Date): Finding[] {
  const people: Person[] = [
    person('E1', { terminationDate: '2026-12-03' }),
    person('E2', { status: 'terminated', terminationDate: '2026-10-01' }),
    person('E3', { department: 'finance', previousDepartment: 'platform', transferDate: '2026-01-01' }),
    person('E4', { workerType: 'contractor', contractEndDate: '2026-11-01' }),
  ];
  const directory = buildPeopleDirectory(people);
  const subjects: Credential[] = [
    credential('K1', {
      ownerSignals: [owner('e1@acme.example')],
      createdAt: '2024-01-01',
      lastUsedAt: '2026-08-01T10:00:00Z',
    }),
    credential('K2', { ownerSignals: [owner('e2@acme.example')], createdAt: '2026-11-01', lastUsedAt: null }),
    credential('K3', { ownerSignals: [owner('e3@acme.example')], department: 'platform' }),
    credential('K4', { ownerSignals: [owner('e4@acme.example')] }),
    credential('K5', { createdAt: '2025-06-01', lastUsedAt: null, valueSetAt: '2025-07-01' }),
    credential('K6', { ownerSignals: [owner('ghost@acme.example')], createdAt: '2026-10-01' }),
    credential('K7', { status: 'inactive', expiresAt: '2026-11-16' }),
    credential('K8', {
      nature: 'shared-secret',
      ownerSignals: [owner('e3@acme.example'), owner('e2@acme.example')],
      valueSetAt: '2026-09-01',
    }),
    credential('K9', { nature: 'person-account', ownerSignals: [owner('e2@acme.example')] }),
  ];
  return subjects.flatMap((subject) =>
    evaluate(subject, resolveOwner(subject, directory), directory, settings, asOf),
  );
}

describe('presentFinding over what evaluate stores', () => {
  it('stores the same findings on D and D+1; later, only the findings whose outcome changed differ', () => {
    const onD = storedFindings(D);
    expect(onD.map((finding) => [finding.credentialUid.split(':')[3], finding.rule])).toEqual([
      ['K1', 'stale'],
      ['K1', 'over-age'],
      ['K1', 'pending-leaver'],
      ['K2', 'leaver-owned'],
      ['K3', 'mover-recertify'],
      ['K4', 'contractor-expired'],
      ['K5', 'owner-unknown'],
      ['K5', 'stale'],
      ['K5', 'over-age'],
      ['K6', 'owner-not-in-hr'],
      ['K7', 'expired-not-removed'],
      ['K8', 'leaver-shared-secret'],
      ['K9', 'leaver-access-remains'],
    ]);
    expect(storedFindings(D1)).toEqual(onD);
    expect(storedFindings(D30)).not.toEqual(onD);
    // On D+7 E1 has left (K1's pending-leaver becomes leaver-owned) and K8's value, set 2026-09-01,
    // passes 90 days: those are the only stored findings that differ.
    const text = (findings: Finding[]) => findings.map((finding) => JSON.stringify(finding));
    const before = text(onD);
    const after = text(storedFindings(toDate('2026-12-03')));
    const named = (json: string) => {
      const finding = JSON.parse(json) as Finding;
      return `${finding.credentialUid.split(':')[3]} ${finding.rule}`;
    };
    expect(after.filter((json) => !before.includes(json)).map(named)).toEqual([
      'K1 leaver-owned',
      'K8 over-age',
    ]);
    expect(before.filter((json) => !after.includes(json)).map(named)).toEqual(['K1 pending-leaver']);
  });

  it('stores dates, never counts, and shows each count at the as-of', () => {
    const [stale, overAge, pending] = storedFindings(D);
    expect(stale?.title).toBe(
      'Access key K1 of aws/111122223333 was last used ⟦since 2026-08-01T10:00:00Z⟧ days ago (2026-08-01T10:00:00Z)',
    );
    expect(stale?.evidence).toEqual({
      lastUsedAt: '2026-08-01T10:00:00Z',
      daysSinceLastUse: '⟦since 2026-08-01T10:00:00Z⟧',
      staleAfterDays: 90,
      asOf: '⟦as-of⟧',
    });
    expect(presentFinding(stale!, D1)).toEqual({
      ...stale,
      title: 'Access key K1 of aws/111122223333 was last used 118 days ago (2026-08-01T10:00:00Z)',
      evidence: {
        lastUsedAt: '2026-08-01T10:00:00Z',
        daysSinceLastUse: 118,
        staleAfterDays: 90,
        asOf: '2026-11-27',
      },
    });
    expect(presentFinding(overAge!, D30).title).toBe(
      'Access key K1 of aws/111122223333 is 1090 days old (created 2024-01-01)',
    );
    expect(presentFinding(pending!, D).title).toBe(
      'Access key K1 of aws/111122223333 is owned by Person E1, who leaves on 2026-12-03 (in 7 days)',
    );
    expect(presentFinding(pending!, D1).evidence).toMatchObject({
      daysUntilTermination: 6,
      asOf: '2026-11-27',
    });
  });

  it('shows no placeholder in any title or evidence, at any as-of', () => {
    for (const asOf of [D, D1, D30]) {
      for (const finding of storedFindings(D)) {
        const shown = presentFinding(finding, asOf);
        expect(JSON.stringify(shown)).not.toContain('⟦');
        expect(JSON.stringify(shown)).not.toContain('⟧');
      }
    }
  });

  it('returns a finding with nothing to count as the same object', () => {
    const old: Finding = {
      uid: 'nhi-0',
      rule: 'stale',
      severity: 'medium',
      credentialUid: K1,
      title: 'Access key K1 of aws/111122223333 was last used 117 days ago (2026-08-01)',
      evidence: { lastUsedAt: '2026-08-01', daysSinceLastUse: 117, staleAfterDays: 90, asOf: '2026-11-26' },
    };
    expect(presentFinding(old, D30)).toBe(old);
  });
});
