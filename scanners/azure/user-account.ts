/**
 * A leaver's (or expired contractor's) own Entra user as a `person-account` record, kind
 * `sign-in-sessions` (the kind and uid of earlier versions, kept so stored inventories carry on):
 * the access is the account (while `accountEnabled`) and its sign-in sessions (refresh tokens and
 * session cookies issued before `signInSessionsValidFromDateTime` are invalid). It is active while
 * the account is enabled, or while its sessions are valid from before the person left (no
 * revocation since then); else inactive. Pure: no Graph call.
 */
import type { Credential, Person, Principal } from '../../src/core/model.js';
import type { EntraUser, FoundUser } from './find-user.js';

export const USER_ACCOUNT_KIND = 'sign-in-sessions';

/** The day the person's access should have ended: the termination date, else the contract end. */
export const accessEndOf = (person: Person): string | null =>
  person.terminationDate ?? person.contractEndDate;

export const isEnabled = (user: Pick<EntraUser, 'accountEnabled'>) => user.accountEnabled !== false;

/**
 * Whether sessions valid from `validFrom` include some issued before `end`. Unknown either way
 * (no validity date, no end date) counts as yes: it is never read as "revoked".
 */
export function sessionsPredate(validFrom: string | null | undefined, end: string | null): boolean {
  if (!validFrom || !end) return true;
  const from = Date.parse(validFrom);
  const ended = Date.parse(end);
  return Number.isNaN(from) || Number.isNaN(ended) || from < ended;
}

export function userPrincipal(tenantId: string, user: EntraUser): Principal {
  return {
    uid: `azure:${tenantId}:user:${user.id}`,
    provider: 'azure',
    account: tenantId,
    kind: 'user',
    name: user.userPrincipalName,
    tags: {
      accountEnabled: String(isEnabled(user)),
      ...(user.signInSessionsValidFromDateTime
        ? { signInSessionsValidFrom: user.signInSessionsValidFromDateTime }
        : {}),
    },
  };
}

export function userAccountCredential(tenantId: string, found: FoundUser, person: Person): Credential {
  const { user, matchedBy, identifier } = found;
  const enabled = isEnabled(user);
  const validFrom = user.signInSessionsValidFromDateTime ?? null;
  const end = accessEndOf(person);
  const sessionsLive = sessionsPredate(validFrom, end);
  return {
    uid: `azure:${tenantId}:${USER_ACCOUNT_KIND}:${user.id}`,
    provider: 'azure',
    account: tenantId,
    kind: USER_ACCOUNT_KIND,
    externalId: user.id,
    principalUid: `azure:${tenantId}:user:${user.id}`,
    principalName: user.userPrincipalName,
    status: enabled || sessionsLive ? 'active' : 'inactive',
    createdAt: user.createdDateTime ?? null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: `user sign-ins are not read; the account is ${enabled ? 'enabled' : 'disabled'}, its sessions valid from ${validFrom ?? 'its creation'}`,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [{ kind: 'login', value: identifier, source: `Entra user ${user.userPrincipalName}` }],
    attributes: {
      accountEnabled: String(enabled),
      ...(validFrom ? { signInSessionsValidFromDateTime: validFrom } : {}),
      matchedBy,
      ...(end ? { accessEndedOn: end } : {}),
    },
    nature: 'person-account',
  };
}
