/**
 * Who is told about the leaver-reach rules (docs/notifications.md "Who is told what"): a leaver's
 * own account (leaver-access-remains) goes to their manager like their credentials, a week ahead;
 * a secret to rotate (leaver-shared-secret) goes to its owner, who rotates it, or to the security
 * contact when nobody owns it (an Actions secret).
 */
import { describe, expect, it } from 'vitest';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { noticeTarget } from '../../src/notify/recipients.js';
import { noticeDaysFor, notificationsSchema } from '../../src/notify/settings.js';
import { person } from '../support/builders.js';

const people = buildPeopleDirectory([
  person('E1', { name: 'Ann', email: 'ann@acme.example', managerEmail: 'max@acme.example' }),
  person('E2', {
    name: 'Carol',
    email: 'carol@acme.example',
    status: 'terminated',
    terminationDate: '2026-10-01',
    managerEmail: 'max@acme.example',
  }),
]);
const base = { people, securityContact: 'security@acme.example', leaverOwned: false };

describe('notices for the leaver-reach rules', () => {
  it('tells the leaver’s manager about their own account, naming the leaver', () => {
    expect(noticeTarget({ ...base, rule: 'leaver-access-remains', ownerEmployeeId: 'E2' })).toEqual({
      role: 'manager',
      recipient: 'max@acme.example',
      ownerEmployeeId: 'E2',
      leaver: { employeeId: 'E2', name: 'Carol', email: 'carol@acme.example' },
    });
  });

  it('tells the owner to rotate a secret a leaver could read, or security when nobody owns it', () => {
    expect(noticeTarget({ ...base, rule: 'leaver-shared-secret', ownerEmployeeId: 'E1' })).toEqual({
      role: 'owner',
      recipient: 'ann@acme.example',
      ownerEmployeeId: 'E1',
    });
    expect(noticeTarget({ ...base, rule: 'leaver-shared-secret', ownerEmployeeId: null })).toMatchObject({
      role: 'security',
      recipient: 'security@acme.example',
    });
  });

  it('gives a leaver’s account a week, like their credentials, and a rotation the usual period', () => {
    const settings = notificationsSchema.parse({
      securityContact: 'security@acme.example',
      channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/notices' }],
    });
    expect(noticeDaysFor(settings, 'leaver-access-remains')).toBe(7);
    expect(noticeDaysFor(settings, 'leaver-shared-secret')).toBe(14);
  });
});
