/**
 * Lists the org's OpenID Connect apps page by page (GET /api/v1/apps?filter=name eq "oidc_client",
 * cursor paged), and for each its client secrets (GET …/credentials/secrets) and JSON Web Keys
 * (GET …/credentials/jwks), as configured by `kinds`: one ScanPage per page of apps. Owners come
 * from the configured keys of each app's `profile`. Any failed call ends the part with a page
 * marked partial naming the call; a cancelled scan or input to fix rethrows instead.
 */
import type { Application } from '@okta/okta-sdk-nodejs';
import type { Credential } from '../../src/core/model.js';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import type { Cursor } from './creators.js';
import { describeOktaError } from './errors.js';
import { CLIENT_JWK_KIND, CLIENT_SECRET_KIND } from './kinds.js';
import type { OrgScan } from './org-scan.js';
import { listAll, pagesOf } from './paginate.js';
import {
  appOwnerSignals,
  appPrincipal,
  clientJwkCredential,
  clientSecretCredential,
  type ListedKey,
} from './transform.js';

export const OIDC_APPS_FILTER = 'name eq "oidc_client"';

type ListedApp = Application & { id: string };
type Client = ReturnType<OrgScan['clients']['client']>;

async function appCredentials(scan: OrgScan, client: Client, app: ListedApp, cursor: Cursor) {
  const { signal, options } = scan;
  const facts = {
    host: scan.clients.host,
    app,
    ownerSignals: appOwnerSignals(app, options.ownerProfileKeys),
  };
  const credentials: Credential[] = [];
  const keysApi = client.applicationSSOPublicKeysApi;
  if (options.kinds.includes(CLIENT_SECRET_KIND)) {
    cursor.operation = `list client secrets of app ${app.id}`;
    const secrets = await listAll(await keysApi.listOAuth2ClientSecrets({ appId: app.id }), signal);
    for (const secret of secrets)
      if (secret.id) credentials.push(clientSecretCredential(facts, { ...secret, id: secret.id }));
  }
  if (options.kinds.includes(CLIENT_JWK_KIND)) {
    cursor.operation = `list json web keys of app ${app.id}`;
    signal.throwIfAborted();
    const listed = await keysApi.listJwk({ appId: app.id });
    for (const key of (listed.keys ?? []) as ListedKey[])
      if (key.id) credentials.push(clientJwkCredential(facts, { ...key, id: key.id }));
  }
  return credentials;
}

export async function* listApps(scan: OrgScan): AsyncGenerator<ScanPage> {
  const { clients, signal, options } = scan;
  const cursor: Cursor = { operation: 'list apps' };
  try {
    const client = clients.client(signal);
    const apps = await client.applicationApi.listApplications({
      limit: options.pageSize,
      filter: OIDC_APPS_FILTER,
    });
    for await (const page of pagesOf(apps, signal)) {
      const credentials: Credential[] = [];
      const listed = page.filter((app): app is ListedApp => typeof app.id === 'string');
      for (const app of listed) credentials.push(...(await appCredentials(scan, client, app, cursor)));
      cursor.operation = 'list apps';
      yield { credentials, principals: listed.map((app) => appPrincipal(clients.host, app)) };
    }
  } catch (error) {
    const reason = `${cursor.operation} failed: ${describeOktaError(error)}`;
    yield couldNotRead(error, signal, `org ${clients.host} apps`, reason);
  }
}
