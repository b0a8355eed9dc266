/**
 * Owner evidence for a service account. GCP records no creator on a key, so ownership is assembled:
 * - `declared`: the description convention (`owner: EMAIL` by default, configurable);
 * - `iam-binding`: people granted an owner role (serviceAccountKeyAdmin, serviceAccountUser…) on
 *   the service account itself, who can act as it: lower confidence;
 * - `name-match`: the account id (the email's local part) as a guess against HR aliases.
 */
import type { OwnerSignal } from '../../src/core/model.js';
import type { GcpServiceAccount, GcpServiceAccountPolicy } from './emulator/estate.js';

export interface OwnerConventions {
  descriptionPattern: RegExp;
  ownerRoles: readonly string[];
}

export function ownerConventions(options: {
  ownerDescriptionPattern: string;
  ownerRoles: readonly string[];
}) {
  return {
    descriptionPattern: new RegExp(options.ownerDescriptionPattern, 'i'),
    ownerRoles: options.ownerRoles,
  } satisfies OwnerConventions;
}

/** `user:EMAIL` or a deleted account's `deleted:user:EMAIL?uid=N`; groups and service accounts are no person. */
function personOf(member: string): { email: string; deleted: boolean } | undefined {
  if (member.startsWith('user:')) return { email: member.slice('user:'.length), deleted: false };
  if (member.startsWith('deleted:user:')) {
    const email = member.slice('deleted:user:'.length).split('?')[0]!;
    return { email, deleted: true };
  }
  return undefined;
}

function descriptionOwner(account: GcpServiceAccount, pattern: RegExp): string | undefined {
  const match = pattern.exec(account.description ?? '');
  return match?.slice(1).find((group) => group !== undefined && group !== '');
}

function bindingSignals(
  email: string,
  policy: GcpServiceAccountPolicy | undefined,
  roles: readonly string[],
): OwnerSignal[] {
  const rolesByPerson = new Map<string, string[]>();
  // Configured role order first (key admins before users), then member order within a binding.
  for (const role of roles) {
    for (const binding of policy?.bindings ?? []) {
      if (binding.role !== role) continue;
      const conditional = binding.condition ? ' (conditional)' : '';
      for (const member of binding.members ?? []) {
        const person = personOf(member);
        if (!person) continue;
        const key = person.email.toLowerCase();
        const note = `${role}${conditional}${person.deleted ? ', deleted Google account' : ''}`;
        const notes = rolesByPerson.get(key);
        if (notes) notes.push(note);
        else rolesByPerson.set(key, [note]);
      }
    }
  }
  return [...rolesByPerson].map(([person, notes]) => ({
    kind: 'iam-binding' as const,
    value: person,
    source: `IAM policy of service account ${email}: ${notes.join('; ')}`,
  }));
}

export function ownerSignals(
  account: GcpServiceAccount & { email: string },
  policy: GcpServiceAccountPolicy | undefined,
  conventions: OwnerConventions,
): OwnerSignal[] {
  const signals: OwnerSignal[] = [];
  const declared = descriptionOwner(account, conventions.descriptionPattern);
  if (declared)
    signals.push({
      kind: 'declared',
      value: declared,
      source: `description of service account ${account.email}`,
    });
  signals.push(...bindingSignals(account.email, policy, conventions.ownerRoles));
  const accountId = account.email.split('@')[0];
  if (accountId)
    signals.push({
      kind: 'name-match',
      value: accountId,
      source: `account id of service account ${account.email}`,
    });
  return signals;
}
