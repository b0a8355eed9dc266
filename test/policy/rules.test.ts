/**
 * Every rule of docs/rules.md at its boundaries: a day either side of each threshold, with the
 * exact findings (rule, severity) that result. As-of is fixed; the thresholds are the defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type PolicySettings } from '../../src/core/config-types.js';
import { toDate } from '../../src/core/dates.js';
import type { Credential, Person } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { resolveOwner } from '../../src/correlate/index.js';
import { evaluate, findingUid } from '../../src/policy/index.js';
import { credential, owner, person } from '../support/builders.js';

const AS_OF = '2026-11-26';

function findingsOf(
  subject: Credential,
  people: Person[] = [person('E1')],
  asOf = AS_OF,
  settings: PolicySettings = DEFAULT_POLICY,
): string[] {
  const directory = buildPeopleDirectory(people);
  const resolution = resolveOwner(subject, directory);
  return evaluate(subject, resolution, directory, settings, toDate(asOf)).map(
    (f) => `${f.rule}:${f.severity}`,
  );
}

const owned = (overrides: Partial<Credential> = {}) =>
  credential('K1', { ownerSignals: [owner('e1@acme.example')], ...overrides });

describe('a healthy credential', () => {
  it('has no findings', () => {
    expect(findingsOf(owned())).toEqual([]);
  });
});

describe('leaver-owned', () => {
  it('fires on the termination date and after, not the day before', () => {
    const leaving = (date: string) => [person('E1', { terminationDate: date })];
    expect(findingsOf(owned(), leaving('2026-11-27'))).toEqual(['pending-leaver:info']);
    expect(findingsOf(owned(), leaving('2026-11-26'))).toEqual(['leaver-owned:critical']);
    expect(findingsOf(owned(), leaving('2026-11-25'))).toEqual(['leaver-owned:critical']);
  });

  it('fires for status terminated whatever the date says', () => {
    expect(findingsOf(owned(), [person('E1', { status: 'terminated' })])).toEqual(['leaver-owned:critical']);
  });

  it('does not fire for an inactive credential', () => {
    expect(findingsOf(owned({ status: 'inactive' }), [person('E1', { status: 'terminated' })])).toEqual([]);
  });

  it('does not fire for a rehired person (old terminated record, new active one with the same email)', () => {
    const people = [
      person('E1', { status: 'terminated', hireDate: '2018-01-01', terminationDate: '2023-06-30' }),
      person('E9', { email: 'e1@acme.example', hireDate: '2026-03-01' }),
    ];
    expect(findingsOf(owned(), people)).toEqual([]);
    const directory = buildPeopleDirectory(people);
    expect(resolveOwner(owned(), directory).ownerEmployeeId).toBe('E9');
  });
});

describe('contractor-expired', () => {
  const contractor = (end: string) => [person('E1', { workerType: 'contractor', contractEndDate: end })];
  it('fires on the contract end date and after, not the day before', () => {
    expect(findingsOf(owned(), contractor('2026-11-27'))).toEqual([]);
    expect(findingsOf(owned(), contractor('2026-11-26'))).toEqual(['contractor-expired:high']);
    expect(findingsOf(owned(), contractor('2026-11-25'))).toEqual(['contractor-expired:high']);
  });
  it('does not fire for an employee with a contract end date', () => {
    expect(findingsOf(owned(), [person('E1', { contractEndDate: '2026-01-01' })])).toEqual([]);
  });
  it('fires with leaver-owned for a terminated contractor', () => {
    expect(
      findingsOf(owned(), [
        person('E1', { workerType: 'contractor', contractEndDate: '2026-10-31', status: 'terminated' }),
      ]),
    ).toEqual(['leaver-owned:critical', 'contractor-expired:high']);
  });
});

describe('owner-not-in-hr and owner-unknown', () => {
  it('owner-not-in-hr when a declared owner matches nobody', () => {
    expect(
      findingsOf(credential('K1', { ownerSignals: [owner('ghost@acme.example')], createdAt: '2026-11-01' })),
    ).toEqual(['owner-not-in-hr:high']);
  });
  it('owner-not-in-hr even when a lower-priority signal names someone', () => {
    const subject = credential('K1', {
      ownerSignals: [owner('ghost@acme.example', 'tag'), owner('github:e1', 'login')],
    });
    expect(findingsOf(subject, [person('E1', { aliases: ['github:e1'] })])).toEqual(['owner-not-in-hr:high']);
  });
  it('owner-unknown when there is no signal at all', () => {
    expect(findingsOf(credential('K1'))).toEqual(['owner-unknown:high']);
  });
  it('owner-unknown when only name-match guesses exist and none matched', () => {
    expect(findingsOf(credential('K1', { ownerSignals: [owner('svc-deploy', 'name-match')] }))).toEqual([
      'owner-unknown:high',
    ]);
  });
  it('no owner finding for a key inside newKeyGraceDays (7): created 7 days ago no, 8 days ago yes', () => {
    expect(findingsOf(credential('K1', { createdAt: '2026-11-19' }))).toEqual([]);
    expect(findingsOf(credential('K1', { createdAt: '2026-11-18' }))).toEqual(['owner-unknown:high']);
    expect(
      findingsOf(credential('K1', { createdAt: '2026-11-19', ownerSignals: [owner('ghost@x.example')] })),
    ).toEqual([]);
    expect(
      findingsOf(credential('K1', { createdAt: '2026-11-18', ownerSignals: [owner('ghost@x.example')] })),
    ).toEqual(['owner-not-in-hr:high']);
  });
});

describe('mover-recertify', () => {
  const mover = (transferDate: string) => [
    person('E1', { department: 'finance', previousDepartment: 'platform', transferDate }),
  ];
  it('fires when the transfer is more than moverGraceDays (30) ago and the departments differ', () => {
    expect(findingsOf(owned({ department: 'platform' }), mover('2026-10-27'))).toEqual([]); // 30 days
    expect(findingsOf(owned({ department: 'platform' }), mover('2026-10-26'))).toEqual([
      'mover-recertify:medium',
    ]); // 31 days
  });
  it('does not fire when the credential belongs to the new department (case-insensitive)', () => {
    expect(findingsOf(owned({ department: 'Finance' }), mover('2026-01-01'))).toEqual([]);
  });
  it('does not fire without a department on the credential', () => {
    expect(findingsOf(owned({ department: null }), mover('2026-01-01'))).toEqual([]);
  });
});

describe('stale', () => {
  it('fires when the known last use is more than staleAfterDays (90) ago', () => {
    const noAgeLimit = { ...DEFAULT_POLICY, maxKeyAgeDays: 365 };
    expect(
      findingsOf(owned({ createdAt: '2026-08-01', lastUsedAt: '2026-08-28' }), undefined, AS_OF, noAgeLimit),
    ).toEqual([]); // 90 days
    expect(
      findingsOf(owned({ createdAt: '2026-08-01', lastUsedAt: '2026-08-27' }), undefined, AS_OF, noAgeLimit),
    ).toEqual(['stale:medium']); // 91 days
  });
  it('fires for a never-used key created more than 90 days ago', () => {
    expect(findingsOf(owned({ createdAt: '2026-08-28', lastUsedAt: null }))).toEqual([]);
    expect(
      findingsOf(owned({ createdAt: '2026-08-27', lastUsedAt: null }), undefined, AS_OF, {
        ...DEFAULT_POLICY,
        maxKeyAgeDays: 365,
      }),
    ).toEqual(['stale:medium']);
  });
  it('never fires when last use is unknown: unknown is not unused', () => {
    expect(
      findingsOf(
        owned({ createdAt: '2026-08-27', lastUsedAt: null, lastUsedKnown: false }),
        undefined,
        AS_OF,
        {
          ...DEFAULT_POLICY,
          maxKeyAgeDays: 365,
        },
      ),
    ).toEqual([]);
  });
});

describe('over-age', () => {
  it('fires when created more than maxKeyAgeDays (90) ago', () => {
    expect(findingsOf(owned({ createdAt: '2026-08-28' }))).toEqual([]);
    expect(findingsOf(owned({ createdAt: '2026-08-27' }))).toEqual(['over-age:low']);
  });
  it('does not fire without a creation date', () => {
    expect(findingsOf(owned({ createdAt: null }))).toEqual([]);
  });
});

describe('expired-not-removed', () => {
  it('fires on the expiry date and after, whatever the status says, and alone', () => {
    expect(findingsOf(owned({ expiresAt: '2026-11-27' }))).toEqual([]);
    expect(findingsOf(owned({ expiresAt: '2026-11-26' }), [person('E1', { status: 'terminated' })])).toEqual([
      'expired-not-removed:low',
    ]);
    expect(findingsOf(owned({ expiresAt: '2026-11-25', status: 'inactive' }))).toEqual([
      'expired-not-removed:low',
    ]);
  });
  it('fires for status expired', () => {
    expect(findingsOf(owned({ status: 'expired' }))).toEqual(['expired-not-removed:low']);
  });
});

describe('pending-leaver', () => {
  const leavingOn = (date: string) => [person('E1', { terminationDate: date })];
  it('fires when the termination date is within pendingLeaverDays (14) after as-of', () => {
    expect(findingsOf(owned(), leavingOn('2026-12-10'))).toEqual(['pending-leaver:info']); // 14 days
    expect(findingsOf(owned(), leavingOn('2026-12-11'))).toEqual([]); // 15 days
    expect(findingsOf(owned(), leavingOn('2026-11-27'))).toEqual(['pending-leaver:info']); // 1 day
  });
});

describe('privileged credentials', () => {
  it('raise every finding one level, critical stays critical, with the reason as evidence', () => {
    const privileged = owned({
      privileged: true,
      privilegedReasons: ['AdministratorAccess attached'],
      createdAt: '2025-01-01',
      lastUsedAt: '2025-02-01',
    });
    expect(findingsOf(privileged, [person('E1', { status: 'terminated' })])).toEqual([
      'leaver-owned:critical',
      'stale:high',
      'over-age:medium',
    ]);
    const directory = buildPeopleDirectory([person('E1')]);
    const [finding] = evaluate(
      privileged,
      resolveOwner(privileged, directory),
      directory,
      DEFAULT_POLICY,
      toDate(AS_OF),
    );
    expect(finding?.evidence).toMatchObject({
      privileged: true,
      privilegedReasons: ['AdministratorAccess attached'],
      baseSeverity: 'medium',
    });
  });
});

describe('several findings and stable uids', () => {
  it('gives a leaver-owned, stale, over-age key all three, with uids from (rule, credential)', () => {
    const subject = owned({ createdAt: '2024-11-01', lastUsedAt: null });
    const directory = buildPeopleDirectory([person('E1', { status: 'terminated' })]);
    const first = evaluate(
      subject,
      resolveOwner(subject, directory),
      directory,
      DEFAULT_POLICY,
      toDate(AS_OF),
    );
    const again = evaluate(
      subject,
      resolveOwner(subject, directory),
      directory,
      DEFAULT_POLICY,
      toDate(AS_OF),
    );
    expect(first.map((f) => [f.rule, f.uid])).toEqual([
      ['leaver-owned', findingUid('leaver-owned', subject.uid)],
      ['stale', findingUid('stale', subject.uid)],
      ['over-age', findingUid('over-age', subject.uid)],
    ]);
    expect(again).toEqual(first);
    expect(findingUid('stale', subject.uid)).toMatch(/^nhi-[0-9a-f]{24}$/);
    expect(findingUid('stale', subject.uid)).not.toBe(findingUid('over-age', subject.uid));
  });
});
