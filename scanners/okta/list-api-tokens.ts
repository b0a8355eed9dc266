/**
 * Lists the org's API tokens page by page (GET /api/v1/api-tokens, cursor paged by Okta's `Link`
 * header), each with its creator looked up (creators.ts): one ScanPage per page of tokens. Any
 * failed call ends the part with a page marked partial naming the call: could not look is never
 * nothing there. A cancelled scan, or input to fix (a missing token variable), rethrows instead.
 */
import type { Credential, Principal } from '../../src/core/model.js';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { Creators, type Cursor } from './creators.js';
import { describeOktaError } from './errors.js';
import type { OrgScan } from './org-scan.js';
import { pagesOf } from './paginate.js';
import { apiTokenCredential, userPrincipal } from './transform.js';

export async function* listApiTokens(scan: OrgScan): AsyncGenerator<ScanPage> {
  const { clients, signal, options, asOf } = scan;
  const cursor: Cursor = { operation: 'list api tokens' };
  const seen = new Set<string>();
  try {
    const client = clients.client(signal);
    const creators = new Creators(client, signal, cursor);
    const tokens = pagesOf(await client.apiTokenApi.listApiTokens(), signal);
    for await (const page of tokens) {
      const credentials: Credential[] = [];
      const principals: Principal[] = [];
      for (const token of page) {
        if (!token.id) continue;
        const creator = token.userId ? await creators.of(token.userId) : undefined;
        if (creator && !seen.has(creator.id)) {
          seen.add(creator.id);
          principals.push(userPrincipal(clients.host, creator));
        }
        credentials.push(
          apiTokenCredential(
            { ...token, id: token.id },
            { host: clients.host, creator, privilegedRoles: options.privilegedRoles, asOf },
          ),
        );
      }
      cursor.operation = 'list api tokens';
      yield { credentials, principals };
    }
  } catch (error) {
    const reason = `${cursor.operation} failed: ${describeOktaError(error)}`;
    yield couldNotRead(error, signal, `org ${clients.host} api tokens`, reason);
  }
}
