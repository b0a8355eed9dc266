/**
 * For each leaver in HR with a `upn:` alias: read that Entra user. An enabled user of someone who
 * has left can still sign in; it is listed as a `sign-in-sessions` credential owned by the leaver,
 * so policy raises leaver-owned and the queue offers revokeSignInSessions (always with approval).
 * A user that no longer exists (404) is nothing to do; any other failure is a partial mark.
 */
import type { Credential, Person, Principal } from '../../src/core/model.js';
import { isLeaver } from '../../src/core/people.js';
import type { PartialMark } from '../../src/core/plugin.js';
import { describeError, isGraphStatus } from './errors.js';
import type { GraphClient } from './graph-client.js';
import { type LeaverUser, sessionsCredential } from './transform.js';

const UPN_PREFIX = 'upn:';

export async function leaverSessions(
  graph: GraphClient,
  tenantId: string,
  people: readonly Person[],
  asOf: Date,
  signal: AbortSignal,
): Promise<{ credentials: Credential[]; principals: Principal[]; problems: PartialMark[] }> {
  const credentials: Credential[] = [];
  const principals: Principal[] = [];
  const problems: PartialMark[] = [];
  for (const person of people) {
    if (!isLeaver(person, asOf)) continue;
    for (const alias of person.aliases) {
      if (!alias.toLowerCase().startsWith(UPN_PREFIX)) continue;
      const upn = alias.slice(UPN_PREFIX.length);
      try {
        const user = await graph.request<LeaverUser>('GET', `users/${encodeURIComponent(upn)}`, {
          query: { $select: 'id,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime' },
          signal,
        });
        if (!user) continue;
        const credential = sessionsCredential(tenantId, user, alias, person.terminationDate);
        credentials.push(credential);
        principals.push({
          uid: credential.principalUid!,
          provider: 'azure',
          account: tenantId,
          kind: 'user',
          name: user.userPrincipalName,
          tags: {
            accountEnabled: String(user.accountEnabled),
            ...(user.signInSessionsValidFromDateTime
              ? { signInSessionsValidFrom: user.signInSessionsValidFromDateTime }
              : {}),
          },
        });
      } catch (error) {
        if (signal.aborted) throw error;
        if (isGraphStatus(error, 404)) continue;
        problems.push({ scope: `tenant ${tenantId} user ${upn}`, reason: describeError(error) });
      }
    }
  }
  return { credentials, principals, problems };
}
