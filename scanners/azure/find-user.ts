/**
 * Finds the Entra users of one HR person, in this order:
 * 1. each `upn:` alias, read as `users/{upn}` (every one: each names an account, e.g. a separate
 *    admin account);
 * 2. only when no alias found one: the person's email, then each plain email alias, each tried as a
 *    userPrincipalName (`users/{email}`), then as `$filter=mail eq '{email}'` (a default query in
 *    Graph: no ConsistencyLevel header). The first that finds a user ends the search.
 * `otherMails` and `proxyAddresses` are not searched: they hold addresses a person may share or
 * that are not theirs alone, and a wrong match would disable someone else's account.
 * 404 from `users/{upn}` is "no such user"; any other failure ends the search for this person and
 * is returned, never read as "no user".
 */
import type { Person } from '../../src/core/model.js';
import { isGraphStatus } from './errors.js';
import type { GraphClient } from './graph-client.js';

export type UserMatch = 'upn-alias' | 'userPrincipalName' | 'mail';

export interface EntraUser {
  id: string;
  userPrincipalName: string;
  mail?: string | null;
  /** Absent or null: not said, taken as enabled (unknown is never "no access"). */
  accountEnabled?: boolean | null;
  signInSessionsValidFromDateTime?: string | null;
  createdDateTime?: string | null;
}

export interface FoundUser {
  user: EntraUser;
  matchedBy: UserMatch;
  /** The HR identifier that found it: the `upn:` alias as HR writes it, or the email. */
  identifier: string;
}

export type UserLookup = { ok: true; found: FoundUser[] } | { ok: false; identifier: string; error: unknown };

const UPN_PREFIX = 'upn:';
const USER_SELECT =
  'id,userPrincipalName,mail,accountEnabled,signInSessionsValidFromDateTime,createdDateTime';

/** A plain email alias: holds `@` and no `kind:` prefix (`github:`, `upn:`…). */
const isPlainEmail = (alias: string) => alias.includes('@') && !/^[a-z][a-z0-9-]*:/i.test(alias);

/** The person's email, then each plain email alias, once each (case-insensitively). */
function emailsOf(person: Person): string[] {
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const email of [person.email, ...person.aliases.filter(isPlainEmail)]) {
    const key = email.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    emails.push(email.trim());
  }
  return emails;
}

/** An OData string literal: a quote inside is doubled. */
const odataString = (value: string) => `'${value.replaceAll("'", "''")}'`;

export async function findUsers(
  graph: GraphClient,
  person: Person,
  signal: AbortSignal,
): Promise<UserLookup> {
  const byUpn = async (upn: string) => {
    try {
      return await graph.request<EntraUser>('GET', `users/${encodeURIComponent(upn)}`, {
        query: { $select: USER_SELECT },
        signal,
      });
    } catch (error) {
      if (isGraphStatus(error, 404)) return undefined;
      throw error;
    }
  };
  const found: FoundUser[] = [];
  const add = (user: EntraUser | undefined, matchedBy: UserMatch, identifier: string) => {
    if (user?.id && !found.some((entry) => entry.user.id === user.id))
      found.push({ user, matchedBy, identifier });
  };
  let identifier = '';
  try {
    for (const alias of person.aliases) {
      if (!alias.toLowerCase().startsWith(UPN_PREFIX)) continue;
      identifier = alias;
      add(await byUpn(alias.slice(UPN_PREFIX.length)), 'upn-alias', alias);
    }
    if (found.length > 0) return { ok: true, found };
    for (const email of emailsOf(person)) {
      identifier = email;
      add(await byUpn(email), 'userPrincipalName', email);
      if (found.length > 0) break;
      const byMail = await graph.all<EntraUser>('users', {
        query: { $filter: `mail eq ${odataString(email)}`, $select: USER_SELECT },
        signal,
      });
      for (const user of byMail) add(user, 'mail', email);
      if (found.length > 0) break;
    }
    return { ok: true, found };
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, identifier, error };
  }
}
