/**
 * The downstream account check: for each leaver and each expired contractor in HR, their own Entra
 * users (found by `upn:` alias, userPrincipalName or mail: find-user.ts), each listed as a
 * `person-account` record (user-account.ts), so policy raises leaver-access-remains while the
 * account is enabled or its sessions predate the person's leaving. Nobody else is looked up. A
 * person with no user in the tenant lists nothing; a failed lookup is a partial mark naming them.
 */
import type { Credential, Person, Principal } from '../../src/core/model.js';
import { hasLeft } from '../../src/core/people.js';
import type { PartialMark } from '../../src/core/plugin.js';
import { describeError } from './errors.js';
import { findUsersOfPeople } from './find-user.js';
import type { GraphClient } from './graph-client.js';
import { userAccountCredential, userPrincipal } from './user-account.js';

export async function leaverSessions(
  graph: GraphClient,
  tenantId: string,
  people: readonly Person[],
  asOf: Date,
  signal: AbortSignal,
  /** Lookups in flight at once (the source's `concurrency`); each person's stay in order. */
  concurrency = 1,
): Promise<{ credentials: Credential[]; principals: Principal[]; problems: PartialMark[] }> {
  const credentials: Credential[] = [];
  const principals: Principal[] = [];
  const problems: PartialMark[] = [];
  const departed = people.filter((person) => hasLeft(person, asOf));
  // Looked up in batches, recorded in HR order: the listing does not depend on answer timing.
  const lookups = await findUsersOfPeople(graph, departed, signal, concurrency);
  for (const [index, person] of departed.entries()) {
    const lookup = lookups[index]!;
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
