/**
 * The downstream account check: an IAM user that maps to a leaver or an expired contractor is listed
 * as an `iam-user` person-account record, active while it has a console password (login profile) or
 * an active access key. The record is built from what the account scan already read for every user
 * (GetAccountAuthorizationDetails, GetLoginProfile, ListAccessKeys, the credential report): no call
 * of its own.
 *
 * A user maps to a person by, in this order:
 * 1. an owner tag (the source's `ownerTagKeys`, in order) whose value names the person in HR
 *    exactly as correlation resolves it (email, alias, employee id, sub-address, unique name), and
 *    only when the user has a console password: a user tagged with its owner that nobody signs in
 *    as is a service user, whose keys are already the leaver's credentials (leaver-owned), not the
 *    person's own account;
 * 2. its user name naming the person the same way (their email, or a plain-username or email alias);
 * 3. its user name equal to the local part of the person's email, when no HR identifier names
 *    anyone with that user name and no other person's email has that local part.
 * Only the HR record that holds the person's email counts: a rehire's earlier record is not a leaver.
 */
import type { UserDetail } from '@aws-sdk/client-iam';
import type { Credential, Person } from '../../src/core/model.js';
import { buildPeopleDirectory, hasLeft, normalizeIdentifier } from '../../src/core/people.js';
import type { PartialMark } from '../../src/core/plugin.js';
import { awsCredentialUid, type UserContext, userDepartment } from './transform.js';

export interface LeaverMatch {
  person: Person;
  /** How the user was tied to the person: `tag owner`, `user name (email local part)`… */
  matchedBy: string;
}

export interface LeaverIndex {
  match(user: UserDetail, ownerTagKeys: readonly string[]): LeaverMatch | undefined;
}

/** What the account scan read about one user: its credentials, and the calls that failed. */
export interface UserReads {
  credentials: readonly Credential[];
  /** Operations (`iam.GetLoginProfile`, `iam.ListAccessKeys`…) that could not be read. */
  failed: readonly string[];
}

const localPart = (email: string) => normalizeIdentifier(email).split('@')[0] ?? '';

/** The matcher for this scan's leavers and expired contractors; undefined when there are none. */
export function leaverIndex(people: readonly Person[] | undefined, asOf: Date): LeaverIndex | undefined {
  if (!people) return undefined;
  const directory = buildPeopleDirectory(people);
  const isGone = (person: Person) =>
    hasLeft(person, asOf) && directory.lookup(person.email)?.person === person;
  if (!people.some(isGone)) return undefined;
  // A local part held by two humans names neither (null).
  const byLocalPart = new Map<string, Person | null>();
  for (const person of people) {
    const key = localPart(person.email);
    const held = byLocalPart.get(key);
    if (held === undefined) byLocalPart.set(key, person);
    else if (held !== null && !directory.sameHuman(held, person)) byLocalPart.set(key, null);
  }
  const resolveGone = (identifier: string, how: string): LeaverMatch | 'someone' | undefined => {
    const resolution = directory.resolve(identifier);
    if (resolution.kind === 'nobody') return undefined;
    if (resolution.kind === 'person' && isGone(resolution.person))
      return { person: resolution.person, matchedBy: `${how} (${resolution.matchedBy})` };
    return 'someone';
  };
  return {
    match(user, ownerTagKeys) {
      for (const key of ownerTagKeys) {
        const tag = user.Tags?.find((candidate) => candidate.Key?.toLowerCase() === key.toLowerCase());
        const value = tag?.Value?.trim();
        if (!value) continue;
        const found = resolveGone(value, `tag ${tag!.Key}`);
        if (found && found !== 'someone') return found;
      }
      const name = user.UserName ?? '';
      if (!name) return undefined;
      const byName = resolveGone(name, 'user name');
      if (byName) return byName === 'someone' ? undefined : byName;
      const person = byLocalPart.get(normalizeIdentifier(name));
      return person && isGone(person) ? { person, matchedBy: 'user name (email local part)' } : undefined;
    },
  };
}

const UNKNOWN_USE =
  'an IAM user is used through its console password and each access key; PasswordLastUsed covers the password only (each key has its own record)';

/**
 * The person-account record of a matched user, or, when neither a password nor an active key was
 * seen and a read failed, a partial mark: could not look is never "no access left".
 */
export function leaverUserRecord(
  context: UserContext,
  match: LeaverMatch,
  reads: UserReads,
): { credential: Credential } | { problem: PartialMark } | undefined {
  const userName = context.user.UserName ?? '';
  const password = reads.credentials.find((credential) => credential.kind === 'console-password');
  const passwordUnread = !password && reads.failed.includes('iam.GetLoginProfile');
  if (match.matchedBy.startsWith('tag ') && !password && !passwordUnread) return undefined;
  const keysUnread = reads.failed.includes('iam.ListAccessKeys');
  const activeKeys = reads.credentials
    .filter((credential) => credential.kind === 'access-key' && credential.status === 'active')
    .map((credential) => credential.externalId);
  const active = password !== undefined || activeKeys.length > 0;
  if (!active && (passwordUnread || keysUnread)) {
    const unread = [passwordUnread ? 'iam.GetLoginProfile' : '', keysUnread ? 'iam.ListAccessKeys' : '']
      .filter(Boolean)
      .join(' and ');
    return {
      problem: {
        scope: `account ${context.accountId} user ${userName} (IAM user of ${match.person.email})`,
        reason: `could not tell whether it still gives access: ${unread} failed`,
      },
    };
  }
  const passwordLastUsed = password?.lastUsedKnown ? password.lastUsedAt : null;
  const where = `aws:${context.accountId}:user/${userName}`;
  return {
    credential: {
      uid: awsCredentialUid(context.accountId, 'iam-user', userName),
      provider: 'aws',
      account: context.accountId,
      kind: 'iam-user',
      externalId: userName,
      principalUid: where,
      principalName: userName,
      status: active ? 'active' : 'inactive',
      createdAt: context.user.CreateDate?.toISOString() ?? null,
      expiresAt: null,
      lastUsedAt: passwordLastUsed,
      lastUsedKnown: false,
      lastUsedUnknownReason: UNKNOWN_USE,
      privileged: context.privilegedReasons.length > 0,
      privilegedReasons: context.privilegedReasons,
      department: userDepartment(context),
      ownerSignals: [{ kind: 'login', value: match.person.email, source: `${where} ${match.matchedBy}` }],
      attributes: {
        consolePassword: password ? 'yes' : passwordUnread ? 'unknown' : 'no',
        activeAccessKeys: keysUnread
          ? activeKeys.length > 0
            ? `at least ${activeKeys.length}`
            : 'unknown'
          : String(activeKeys.length),
        activeAccessKeyIds: activeKeys.join(' '),
        ...(passwordLastUsed ? { passwordLastUsed } : {}),
        matchedBy: match.matchedBy,
      },
      nature: 'person-account',
    },
  };
}
