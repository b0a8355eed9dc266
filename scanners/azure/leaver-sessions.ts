/**
 * The downstream account check: for each leaver and each expired contractor in HR, their own Entra
 * users (found by `upn:` alias, userPrincipalName or mail: find-user.ts), each listed as a
 * `person-account` record (user-account.ts), so policy raises leaver-access-remains while the
 * account is enabled or its sessions predate the person's leaving. Nobody else is looked up. A
 * person with no user in the tenant lists nothing; a failed lookup is a partial mark naming them.
 */
import type { Credential, Person, Principal } from '../../src/core/model.js';
import { isContractorExpired, isLeaver } from '../../src/core/people.js';
import type { PartialMark } from '../../src/core/plugin.js';
import { describeError } from './errors.js';
import { findUsers } from './find-user.js';
import type { GraphClient } from './graph-client.js';
import { userAccountCredential, userPrincipal } from './user-account.js';

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
    if (!isLeaver(person, asOf) && !isContractorExpired(person, asOf)) continue;
    const lookup = await findUsers(graph, person, signal);
    if (!lookup.ok) {
      problems.push({
        scope: `tenant ${tenantId} user ${lookup.identifier} (Entra user of ${person.email})`,
        reason: describeError(lookup.error),
      });
      continue;
    }
    for (const found of lookup.found) {
      credentials.push(userAccountCredential(tenantId, found, person));
      principals.push(userPrincipal(tenantId, found.user));
    }
  }
  return { credentials, principals, problems };
}
