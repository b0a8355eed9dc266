/**
 * Who is told about a finding (docs/notifications.md "Who is told what"):
 *  - leaver-owned and leaver-access-remains (the leaver's own account) → the leaver's manager (HR
 *    manager_email), or the security contact when HR names no manager;
 *  - leaver-shared-secret → the resolved owner, who rotates it (the security contact for a secret
 *    nobody owns, such as an Actions secret);
 *  - owner-unknown and owner-not-in-hr → the security contact;
 *  - stale, over-age, mover-recertify, contractor-expired → the resolved owner, or the security
 *    contact when no owner resolves. A leaver's credential is not announced to the leaver: its
 *    manager's leaver-owned notice already covers it.
 */
import type { Person } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import type { RecipientRole } from './channels/types.js';
import type { NoticeRule } from './settings.js';

export interface NoticeTarget {
  role: RecipientRole;
  recipient: string;
  ownerEmployeeId: string | null;
  /** For a leaver's credential: the leaver, named in the manager's digest. */
  leaver?: { employeeId: string; name: string; email: string };
  /** Why this recipient, when it is not the obvious one (e.g. "no manager in HR for E1"). */
  note?: string;
}

export interface TargetInput {
  rule: NoticeRule;
  ownerEmployeeId: string | null;
  people: PeopleDirectory;
  securityContact: string;
  /** The credential also has an open leaver-owned finding. */
  leaverOwned: boolean;
}

/** The rules about a leaver's own things, announced to their manager. */
function isLeaverRule(rule: NoticeRule): boolean {
  return rule === 'leaver-owned' || rule === 'leaver-access-remains';
}

function leaverOf(person: Person): NonNullable<NoticeTarget['leaver']> {
  return { employeeId: person.employeeId, name: person.name, email: person.email };
}

export function noticeTarget(input: TargetInput): NoticeTarget | undefined {
  const { rule, ownerEmployeeId, securityContact } = input;
  const owner = ownerEmployeeId ? input.people.byEmployeeId(ownerEmployeeId) : undefined;
  const security = (note?: string): NoticeTarget => ({
    role: 'security',
    recipient: securityContact,
    ownerEmployeeId,
    ...(owner && isLeaverRule(rule) ? { leaver: leaverOf(owner) } : {}),
    ...(note ? { note } : {}),
  });
  if (rule === 'owner-unknown' || rule === 'owner-not-in-hr') return security();
  if (isLeaverRule(rule)) {
    if (!owner) return security(`owner ${ownerEmployeeId ?? 'unknown'} is not in HR`);
    if (!owner.managerEmail) return security(`HR names no manager for ${owner.name} (${owner.employeeId})`);
    return { role: 'manager', recipient: owner.managerEmail, ownerEmployeeId, leaver: leaverOf(owner) };
  }
  if (input.leaverOwned) return undefined;
  if (!owner) return security('no owner resolves from HR');
  return { role: 'owner', recipient: owner.email, ownerEmployeeId };
}

/**
 * What a notice is about: the rule, whose credential it is and who was told. When any of these
 * changes, the earlier notice no longer announces the request, and a new notice starts the clock.
 */
export function reasonKey(
  rule: string,
  target: Pick<NoticeTarget, 'ownerEmployeeId' | 'role' | 'recipient'>,
): string {
  return `${rule}|owner:${target.ownerEmployeeId ?? '-'}|${target.role}:${target.recipient.toLowerCase()}`;
}
