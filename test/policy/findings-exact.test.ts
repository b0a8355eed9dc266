/**
 * Exact findings (rule, severity, uid) for the cases docs/rules.md singles out, plus the evidence and
 * titles a reviewer reads. As-of is fixed at 2026-11-26; the thresholds are the defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type PolicySettings } from '../../src/core/config-types.js';
import { toDate } from '../../src/core/dates.js';
import type { Credential, Finding, Person } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { resolveOwner } from '../../src/correlate/index.js';
import {
  evaluate,
  findingUid,
  isExpired,
  presentFinding,
  propagationGapFinding,
} from '../../src/policy/index.js';
import { credential, owner, person } from '../support/builders.js';

const AS_OF = toDate('2026-11-26');
const K1 = 'aws:111122223333:access-key:K1';

function run(
  subject: Credential,
  people: Person[] = [person('E1')],
  settings: PolicySettings = DEFAULT_POLICY,
): Finding[] {
  const directory = buildPeopleDirectory(people);
  // As users see them: evaluate stores day counts as placeholders, counted when shown.
  return evaluate(subject, resolveOwner(subject, directory), directory, settings, AS_OF).map((finding) =>
    presentFinding(finding, AS_OF),
  );
}
const exact = (findings: Finding[]) => findings.map((f) => [f.rule, f.severity, f.uid]);
const expected = (...rules: [Finding['rule'], Finding['severity']][]) =>
  rules.map(([rule, severity]) => [rule, severity, findingUid(rule, K1)]);
const owned = (overrides: Partial<Credential> = {}) =>
  credential('K1', { ownerSignals: [owner('e1@acme.example', 'tag')], ...overrides });

describe('finding uids', () => {
  it('are pinned: nhi- + 24 hex of sha256(rule NUL credential uid), the same on every call', () => {
    expect(findingUid('leaver-owned', K1)).toBe('nhi-21c038a414cf4dd2c6fb1e82');
    expect(findingUid('stale', K1)).toBe('nhi-917ca21c1119fc6461faf638');
    expect(findingUid('pending-leaver', K1)).toBe('nhi-5b34f284b66a1d06b38dfb7c');
    const subject = owned({ createdAt: '2025-01-01', lastUsedAt: null });
    expect(run(subject, [person('E1', { status: 'terminated' })])).toEqual(
      run(subject, [person('E1', { status: 'terminated' })]),
    );
  });
});

describe('lifecycle dates at as-of', () => {
  it('termination date = as-of is a leaver (critical), not a pending leaver', () => {
    expect(exact(run(owned(), [person('E1', { terminationDate: '2026-11-26' })]))).toEqual(
      expected(['leaver-owned', 'critical']),
    );
  });
  it('termination the day after as-of is a pending leaver (info)', () => {
    expect(exact(run(owned(), [person('E1', { terminationDate: '2026-11-27' })]))).toEqual(
      expected(['pending-leaver', 'info']),
    );
  });
  it('pendingLeaverDays boundary follows the setting', () => {
    const settings = { ...DEFAULT_POLICY, pendingLeaverDays: 3 };
    expect(exact(run(owned(), [person('E1', { terminationDate: '2026-11-29' })], settings))).toEqual(
      expected(['pending-leaver', 'info']),
    );
    expect(run(owned(), [person('E1', { terminationDate: '2026-11-30' })], settings)).toEqual([]);
  });
  it('contract end = as-of is expired; a terminated contractor gets both findings', () => {
    const contractor = { workerType: 'contractor' as const, contractEndDate: '2026-11-26' };
    expect(exact(run(owned(), [person('E1', contractor)]))).toEqual(expected(['contractor-expired', 'high']));
    expect(exact(run(owned(), [person('E1', { ...contractor, status: 'terminated' })]))).toEqual(
      expected(['leaver-owned', 'critical'], ['contractor-expired', 'high']),
    );
  });
});

describe('effective status', () => {
  const leaver = [person('E1', { status: 'terminated' as const })];
  const oldUnused = { createdAt: '2024-01-01', lastUsedAt: null };
  it('expiresAt = as-of makes an active credential expired: only expired-not-removed', () => {
    const subject = owned({ ...oldUnused, expiresAt: '2026-11-26' });
    expect(isExpired(subject, AS_OF)).toBe(true);
    expect(exact(run(subject, leaver))).toEqual(expected(['expired-not-removed', 'low']));
  });
  it('expiresAt the day after as-of is not expired', () => {
    expect(isExpired(owned({ expiresAt: '2026-11-27' }), AS_OF)).toBe(false);
    expect(exact(run(owned({ ...oldUnused, expiresAt: '2026-11-27' }), leaver))).toEqual(
      expected(['leaver-owned', 'critical'], ['stale', 'medium'], ['over-age', 'low']),
    );
  });
  it('an inactive credential of a leaver, old and unused, with no owner signal, gets nothing', () => {
    expect(run(owned({ ...oldUnused, status: 'inactive' }), leaver)).toEqual([]);
    expect(run(credential('K1', { ...oldUnused, status: 'inactive' }))).toEqual([]);
  });
  it('an inactive credential past its expiry gets only expired-not-removed, with the day count', () => {
    const [finding] = run(owned({ status: 'inactive', expiresAt: '2026-11-16' }), leaver);
    expect(finding).toEqual({
      uid: findingUid('expired-not-removed', K1),
      rule: 'expired-not-removed',
      severity: 'low',
      credentialUid: K1,
      title: 'Access key K1 of aws/111122223333 expired on 2026-11-16 but is still present',
      evidence: { status: 'inactive', expiresAt: '2026-11-16', daysSinceExpiry: 10, asOf: '2026-11-26' },
    });
  });
});

describe('privileged credentials', () => {
  const privileged = { privileged: true, privilegedReasons: ['AdministratorAccess attached'] };
  it('raise info to low, low to medium, high to critical, and critical stays critical', () => {
    expect(exact(run(owned(privileged), [person('E1', { terminationDate: '2026-12-01' })]))).toEqual(
      expected(['pending-leaver', 'low']),
    );
    expect(exact(run(owned({ ...privileged, status: 'expired' })))).toEqual(
      expected(['expired-not-removed', 'medium']),
    );
    expect(
      exact(run(credential('K1', { ...privileged, createdAt: '2026-01-01', lastUsedAt: '2026-11-20' }))),
    ).toEqual(expected(['owner-unknown', 'critical'], ['over-age', 'medium']));
    expect(exact(run(owned(privileged), [person('E1', { status: 'terminated' })]))).toEqual(
      expected(['leaver-owned', 'critical']),
    );
  });
  it('say why in the evidence only when raised', () => {
    const [raised] = run(owned({ ...privileged, status: 'expired' }));
    expect(raised?.evidence).toMatchObject({
      privileged: true,
      privilegedReasons: ['AdministratorAccess attached'],
      baseSeverity: 'low',
    });
    const [plain] = run(owned({ status: 'expired' }));
    expect(plain?.evidence).not.toHaveProperty('privileged');
  });
});

describe('ownership findings', () => {
  it('a tag naming nobody plus a login naming a leaver: owner-not-in-hr and leaver-owned for the login owner', () => {
    const subject = credential('K1', {
      createdAt: '2026-11-01',
      ownerSignals: [owner('ghost@acme.example', 'tag'), owner('github:e1', 'login')],
    });
    const findings = run(subject, [
      person('E1', { status: 'terminated', terminationDate: '2026-10-01', aliases: ['github:e1'] }),
    ]);
    expect(exact(findings)).toEqual(expected(['leaver-owned', 'critical'], ['owner-not-in-hr', 'high']));
    expect(findings[0]?.title).toBe(
      'Access key K1 of aws/111122223333 is owned by leaver Person E1 (terminated 2026-10-01)',
    );
    expect(findings[1]?.evidence).toEqual({
      unmatched: [{ kind: 'tag', value: 'ghost@acme.example', source: 'test tag' }],
      resolvedOwner: { employeeId: 'E1', email: 'e1@acme.example', name: 'Person E1' },
      createdAt: '2026-11-01',
      ageDays: 25,
      newKeyGraceDays: 7,
    });
  });
  it('an unmatched name-match guess next to a resolved owner raises nothing', () => {
    const subject = owned({
      ownerSignals: [owner('e1@acme.example', 'tag'), owner('svc-ghost', 'name-match')],
    });
    expect(run(subject)).toEqual([]);
  });
  it('only blank signals is owner-unknown', () => {
    expect(exact(run(credential('K1', { ownerSignals: [owner(' ', 'tag')] })))).toEqual(
      expected(['owner-unknown', 'high']),
    );
  });
  it('a key with no creation date gets no new-key grace', () => {
    expect(exact(run(credential('K1', { createdAt: null })))).toEqual(expected(['owner-unknown', 'high']));
  });
  it('newKeyGraceDays follows the setting: 0 means only a key created today waits', () => {
    const settings = { ...DEFAULT_POLICY, newKeyGraceDays: 0 };
    expect(run(credential('K1', { createdAt: '2026-11-26' }), undefined, settings)).toEqual([]);
    expect(exact(run(credential('K1', { createdAt: '2026-11-25' }), undefined, settings))).toEqual(
      expected(['owner-unknown', 'high']),
    );
  });
  it('a conflict still evaluates the winner, and the evidence names the signals that chose them', () => {
    const people = [
      person('A1', { email: 'alice@corp.com', terminationDate: '2026-12-01' }),
      person('B2', { email: 'bob@corp.com', aliases: ['github:bob'] }),
    ];
    const subject = credential('K1', {
      ownerSignals: [owner('ALICE@corp.com', 'tag'), owner('github:bob', 'login')],
    });
    const [finding] = run(subject, people);
    expect(finding).toEqual({
      uid: findingUid('pending-leaver', K1),
      rule: 'pending-leaver',
      severity: 'info',
      credentialUid: K1,
      title: 'Access key K1 of aws/111122223333 is owned by Person A1, who leaves on 2026-12-01 (in 5 days)',
      evidence: {
        owner: { employeeId: 'A1', email: 'alice@corp.com', name: 'Person A1' },
        confidence: 0.57,
        outcome: 'conflict',
        signals: [{ kind: 'tag', value: 'ALICE@corp.com', source: 'test tag' }],
        terminationDate: '2026-12-01',
        daysUntilTermination: 5,
        pendingLeaverDays: 14,
        asOf: '2026-11-26',
      },
    });
  });
});

describe('mover-recertify', () => {
  const mover = (overrides: Partial<Person>) => [
    person('E1', {
      department: 'finance',
      previousDepartment: 'platform',
      transferDate: '2026-01-01',
      ...overrides,
    }),
  ];
  it('fires with the facts as evidence', () => {
    const [finding] = run(owned({ department: 'Platform' }), mover({}));
    expect(exact(finding ? [finding] : [])).toEqual(expected(['mover-recertify', 'medium']));
    expect(finding?.evidence).toMatchObject({
      credentialDepartment: 'Platform',
      ownerDepartment: 'finance',
      transferDate: '2026-01-01',
      daysSinceTransfer: 329,
      moverGraceDays: 30,
    });
  });
  it('does not fire for a person who never transferred, or whose transfer is in the future', () => {
    expect(run(owned({ department: 'platform' }), mover({ transferDate: null }))).toEqual([]);
    expect(run(owned({ department: 'platform' }), mover({ transferDate: '2027-01-01' }))).toEqual([]);
  });
  it('follows moverGraceDays from the settings', () => {
    const settings = { ...DEFAULT_POLICY, moverGraceDays: 5 };
    expect(run(owned({ department: 'platform' }), mover({ transferDate: '2026-11-21' }), settings)).toEqual(
      [],
    );
    expect(
      exact(run(owned({ department: 'platform' }), mover({ transferDate: '2026-11-20' }), settings)),
    ).toEqual(expected(['mover-recertify', 'medium']));
  });
});

describe('stale and over-age', () => {
  it('unknown last use never makes a key stale, even when it is old enough to be over-age', () => {
    expect(exact(run(owned({ createdAt: '2024-01-01', lastUsedAt: null, lastUsedKnown: false })))).toEqual(
      expected(['over-age', 'low']),
    );
  });
  it('staleAfterDays and maxKeyAgeDays follow the settings, a day either side', () => {
    const settings = { ...DEFAULT_POLICY, staleAfterDays: 10, maxKeyAgeDays: 20 };
    const subject = (lastUsedAt: string, createdAt: string) => owned({ lastUsedAt, createdAt });
    expect(run(subject('2026-11-16', '2026-11-06'), undefined, settings)).toEqual([]);
    expect(exact(run(subject('2026-11-15', '2026-11-05'), undefined, settings))).toEqual(
      expected(['stale', 'medium'], ['over-age', 'low']),
    );
  });
});

describe('propagationGapFinding', () => {
  it('is critical with the rule uid, from a uid or a credential', () => {
    expect(propagationGapFinding(K1, { step: 'disable' })).toEqual({
      uid: findingUid('propagation-gap', K1),
      rule: 'propagation-gap',
      severity: 'critical',
      credentialUid: K1,
      title: `Credential ${K1} is still usable after a revocation step reported success`,
      evidence: { step: 'disable' },
    });
    const fromCredential = propagationGapFinding(
      owned({ privileged: true, privilegedReasons: ['admin'] }),
      {},
    );
    expect([fromCredential.uid, fromCredential.severity, fromCredential.title]).toEqual([
      findingUid('propagation-gap', K1),
      'critical',
      'Access key K1 of aws/111122223333 is still usable after a revocation step reported success',
    ]);
  });
});
