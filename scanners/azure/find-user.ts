/**
 * Finds the Entra users of HR people, for each person in this order:
 * 1. each `upn:` alias, read as `users/{upn}` (every one: each names an account, e.g. a separate
 *    admin account);
 * 2. only when no alias found one: the person's email, then each plain email alias, each asked as a
 *    userPrincipalName, then as a mail (`$filter=userPrincipalName in (…)`, `mail in (…)`: default
 *    queries in Graph, no ConsistencyLevel header; `in` takes 15 values). The first that finds a
 *    user ends the search.
 * `otherMails` and `proxyAddresses` are not searched: they hold addresses a person may share or
 * that are not theirs alone, and a wrong match would disable someone else's account.
 * 404 from `users/{upn}` is "no such user"; any other failure ends the search for this person and
 * is returned, never read as "no user".
 */
import pLimit from 'p-limit';
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

/** Graph's limit on the values of one `in` filter. */
const IN_VALUES = 15;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * The Entra users of each person, in the order above, for many people at once: the `upn:` aliases
 * one call each (`concurrency` people at a time), then the emails in rounds (every person's first
 * email, then the second…), each round asked as `userPrincipalName in (…)` and then, for those
 * still not found, `mail in (…)`, 15 values a call. A call that fails is a failed lookup for every
 * person it asked about, never "no user". The result is in the order of `people`.
 */
export async function findUsersOfPeople(
  graph: GraphClient,
  people: readonly Person[],
  signal: AbortSignal,
  concurrency: number,
): Promise<UserLookup[]> {
  const limit = pLimit(concurrency);
  const failed: (UserLookup | undefined)[] = people.map(() => undefined);
  const found: FoundUser[][] = people.map(() => []);
  const add = (index: number, user: EntraUser | undefined, matchedBy: UserMatch, identifier: string) => {
    if (user?.id && !found[index]!.some((entry) => entry.user.id === user.id))
      found[index]!.push({ user, matchedBy, identifier });
  };
  const fail = (index: number, identifier: string, error: unknown) => {
    if (signal.aborted) throw error;
    failed[index] = { ok: false, identifier, error };
  };
  const open = (index: number) => failed[index] === undefined && found[index]!.length === 0;

  await Promise.all(
    people.map((person, index) =>
      limit(async () => {
        let identifier = '';
        try {
          for (const alias of person.aliases) {
            if (!alias.toLowerCase().startsWith(UPN_PREFIX)) continue;
            identifier = alias;
            add(index, await userByUpn(graph, alias.slice(UPN_PREFIX.length), signal), 'upn-alias', alias);
          }
        } catch (error) {
          fail(index, identifier, error);
        }
      }),
    ),
  );

  const emails = people.map(emailsOf);
  for (let round = 0; ; round++) {
    const asked = people.map((_, index) => index).filter((index) => open(index) && emails[index]![round]);
    if (asked.length === 0) break;
    for (const property of ['userPrincipalName', 'mail'] as const) {
      const batches = chunks(
        asked.filter((index) => open(index)),
        IN_VALUES,
      );
      await Promise.all(
        batches.map((batch) =>
          limit(async () => {
            const values = batch.map((index) => emails[index]![round]!);
            try {
              const users = await graph.all<EntraUser>('users', {
                query: {
                  $filter: `${property} in (${values.map(odataString).join(', ')})`,
                  $select: USER_SELECT,
                },
                signal,
              });
              for (const [position, index] of batch.entries()) {
                const email = values[position]!.toLowerCase();
                for (const user of users)
                  if (user[property]?.toLowerCase() === email) add(index, user, property, values[position]!);
              }
            } catch (error) {
              for (const [position, index] of batch.entries()) fail(index, values[position]!, error);
            }
          }),
        ),
      );
    }
  }
  return people.map((_, index) => failed[index] ?? { ok: true, found: found[index]! });
}

async function userByUpn(
  graph: GraphClient,
  upn: string,
  signal: AbortSignal,
): Promise<EntraUser | undefined> {
  try {
    return await graph.request<EntraUser>('GET', `users/${encodeURIComponent(upn)}`, {
      query: { $select: USER_SELECT },
      signal,
    });
  } catch (error) {
    if (isGraphStatus(error, 404)) return undefined;
    throw error;
  }
}
