/**
 * The leaver-reach rules at their boundaries (docs/rules.md): leaver-access-remains on a person's
 * own account (and no other rule on it), leaver-shared-secret on a secret a leaver co-owned or could
 * read, rotated on or after the day they left. As-of is fixed; the thresholds are the defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/config-types.js';
import { toDate } from '../../src/core/dates.js';
import type { Credential, Finding, Person } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { resolveOwner } from '../../src/correlate/index.js';
import { evaluate, presentFinding } from '../../src/policy/index.js';
import { credential, owner, person } from '../support/builders.js';

const AS_OF = '2026-11-26';

function evaluated(subject: Credential, people: Person[]): Finding[] {
  const directory = buildPeopleDirectory(people);
  // As users see them: evaluate stores day counts as placeholders, counted when shown.
  return evaluate(subject, resolveOwner(subject, directory), directory, DEFAULT_POLICY, toDate(AS_OF)).map(
    (finding) => presentFinding(finding, toDate(AS_OF)),
  );
}
const rules = (subject: Credential, people: Person[]) =>
  evaluated(subject, people).map((finding) => `${finding.rule}:${finding.severity}`);

const CAROL_LEFT = person('E2', {
  name: 'Carol Lee',
  email: 'carol.lee@acme.example',
  terminationDate: '2026-10-01',
});
const ALICE = person('E1', { name: 'Alice Ng', email: 'alice@acme.example' });

const membership = (overrides: Partial<Credential> = {}) =>
  credential('carol', {
    uid: 'github:acme:org-membership:carol',
    provider: 'github',
    account: 'acme',
    kind: 'org-membership',
    nature: 'person-account',
    createdAt: '2019-01-01',
    lastUsedAt: null,
    lastUsedKnown: false,
    principalName: 'carol-gh',
    ownerSignals: [owner('carol.lee@acme.example', 'saml-identity')],
    attributes: { role: 'member' },
    ...overrides,
  });

describe('leaver-access-remains', () => {
  it('fires on an active person account of a leaver, and no other rule (not stale, over-age, owner rules)', () => {
    const findings = evaluated(membership(), [CAROL_LEFT]);
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.title])).toEqual([
      [
        'leaver-access-remains',
        'critical',
        'Org membership carol-gh of github/acme still gives access to leaver Carol Lee (left 2026-10-01)',
      ],
    ]);
    expect(findings[0]!.evidence).toMatchObject({
      owner: { employeeId: 'E2', email: 'carol.lee@acme.example', name: 'Carol Lee' },
      terminationDate: '2026-10-01',
      account: 'carol-gh',
      access: { role: 'member' },
      asOf: AS_OF,
    });
  });

  it('fires for an expired contractor, with the contract end date', () => {
    const contractor = person('E3', {
      email: 'carol.lee@acme.example',
      workerType: 'contractor',
      contractEndDate: '2026-11-20',
    });
    const findings = evaluated(membership(), [contractor]);
    expect(findings.map((finding) => finding.rule)).toEqual(['leaver-access-remains']);
    expect(findings[0]!.evidence).toMatchObject({ contractEndDate: '2026-11-20' });
  });

  it('gives nothing on an active person, an inactive account, or an owner nobody resolves', () => {
    expect(rules(membership(), [person('E2', { email: 'carol.lee@acme.example' })])).toEqual([]);
    expect(rules(membership({ status: 'inactive' }), [CAROL_LEFT])).toEqual([]);
    expect(rules(membership(), [ALICE])).toEqual([]);
  });

  it('is one level above critical for nobody: a privileged (owner) account stays critical', () => {
    expect(
      rules(membership({ privileged: true, privilegedReasons: ['organization owner'] }), [CAROL_LEFT]),
    ).toEqual(['leaver-access-remains:critical']);
  });
});

describe('leaver-shared-secret', () => {
  const coOwned = (createdAt: string) =>
    credential('K1', {
      createdAt,
      privileged: true,
      privilegedReasons: ['AdministratorAccess'],
      ownerSignals: [owner('alice@acme.example'), owner('carol.lee@acme.example')],
    });

  it('fires on a co-owned key created before a co-owner left, whoever the resolved owner is', () => {
    const findings = evaluated(coOwned('2026-05-01'), [ALICE, CAROL_LEFT]);
    expect(findings.map((finding) => `${finding.rule}:${finding.severity}`)).toEqual([
      'leaver-shared-secret:critical',
      'over-age:medium',
    ]);
    expect(findings[0]!.title).toBe(
      'Access key K1 of aws/111122223333 could be read by Carol Lee (left 2026-10-01), who left; its value was last set 2026-05-01: rotate it',
    );
    expect(findings[0]!.evidence).toMatchObject({
      leavers: [{ employeeId: 'E2', leftOn: '2026-10-01', via: 'co-owner' }],
      valueSetAt: '2026-05-01',
      owner: { employeeId: 'E1' },
    });
  });

  it('does not fire once the value was set on or after the day they left', () => {
    expect(rules(coOwned('2026-10-01'), [ALICE, CAROL_LEFT])).toEqual([]);
    expect(rules(coOwned('2026-09-30'), [ALICE, CAROL_LEFT])).toEqual(['leaver-shared-secret:critical']);
  });

  it('leaves a leaver-owned credential to leaver-owned (revoke, not rotate)', () => {
    const carolsOwn = credential('K2', {
      ownerSignals: [owner('carol.lee@acme.example')],
      createdAt: '2026-05-01',
    });
    expect(rules(carolsOwn, [CAROL_LEFT])).toEqual(['leaver-owned:critical', 'over-age:low']);
  });

  const actionsSecret = (valueSetAt: string, readers = ['github:carol-gh']) =>
    credential('DEPLOY_TOKEN', {
      uid: 'github:acme/api:actions-secret:DEPLOY_TOKEN',
      provider: 'github',
      account: 'acme',
      kind: 'actions-secret',
      nature: 'shared-secret',
      createdAt: '2024-01-01',
      valueSetAt,
      lastUsedAt: null,
      lastUsedKnown: false,
      ownerSignals: [],
      readers: readers.map((value) => ({ kind: 'login' as const, value, source: 'write on acme/api' })),
    });
  const carolWithLogin = { ...CAROL_LEFT, aliases: ['github:carol-gh'] };

  it('fires on an Actions secret a leaver could read and that was last set before they left; no owner rules', () => {
    const findings = evaluated(actionsSecret('2026-06-01T10:00:00Z'), [ALICE, carolWithLogin]);
    expect(findings.map((finding) => `${finding.rule}:${finding.severity}`)).toEqual([
      'leaver-shared-secret:high',
      'over-age:low',
    ]);
    expect(findings[0]!.evidence).toMatchObject({
      leavers: [{ employeeId: 'E2', via: 'reader', source: 'write on acme/api' }],
      valueSetAt: '2026-06-01T10:00:00Z',
    });
  });

  it('does not fire when the readers are all active people, or the value was set after', () => {
    expect(
      rules(actionsSecret('2026-06-01T10:00:00Z', ['alice@acme.example']), [ALICE, carolWithLogin]),
    ).toEqual(['over-age:low']);
    expect(rules(actionsSecret('2026-10-02T08:00:00Z'), [ALICE, carolWithLogin])).toEqual([]);
  });
});
