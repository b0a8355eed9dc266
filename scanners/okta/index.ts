/**
 * okta: API tokens (owner: the creating user, privilege: their admin roles, last use from the
 * token's renewed expiry) and the client secrets and JSON Web Keys of OpenID Connect apps (owners
 * from the app's profile, last use unknown), with exact revocation (delete a token; deactivate,
 * then delete a secret or key) through the official client (@okta/okta-sdk-nodejs).
 */
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { oktaClients } from './clients.js';
import { isTransient } from './errors.js';
import { API_TOKEN_KIND, CLIENT_JWK_KIND, CLIENT_SECRET_KIND, OKTA_CREDENTIAL_KINDS } from './kinds.js';
import { listApiTokens } from './list-api-tokens.js';
import { listApps } from './list-apps.js';
import { type OktaOptions, oktaOptionsSchema } from './options.js';
import type { OrgScan } from './org-scan.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';

/** The admin role, or the OAuth scopes of a service app, that reading needs. */
export const SCAN_PERMISSIONS = [
  'Read-only administrator (or Super/Org administrator) role for the API token’s user; as OAuth scopes: okta.apiTokens.read',
  'okta.users.read (the creators of API tokens: GET /api/v1/users/{id})',
  'okta.roles.read (their admin roles: GET /api/v1/users/{id}/roles)',
  'okta.apps.read (OpenID Connect apps, their client secrets and JSON Web Keys)',
] as const;

export const REVOKE_PERMISSIONS = [
  'okta.apiTokens.manage (DELETE /api/v1/api-tokens/{id}); a Super administrator may revoke any user’s token',
  'okta.apps.manage (deactivate and delete client secrets and JSON Web Keys)',
] as const;

async function* listOkta(scan: OrgScan): AsyncGenerator<ScanPage> {
  const { options, signal } = scan;
  scan.progress?.(`okta: org ${scan.clients.host}`);
  if (options.kinds.includes(API_TOKEN_KIND)) yield* listApiTokens(scan);
  signal.throwIfAborted();
  if (options.kinds.includes(CLIENT_SECRET_KIND) || options.kinds.includes(CLIENT_JWK_KIND))
    yield* listApps(scan);
  // Cancelled after the last page: never end as if the listing were complete.
  signal.throwIfAborted();
}

export const plugin = {
  id: 'okta',
  description:
    'Okta API tokens and OpenID Connect apps’ client secrets and keys, with creators, admin roles and last use (@okta/okta-sdk-nodejs)',
  credentialKinds: OKTA_CREDENTIAL_KINDS,
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: oktaOptionsSchema,
  create(options: OktaOptions, source: PluginSource) {
    let clients: ReturnType<typeof oktaClients> | undefined;
    const clientsFor = (baseDir: string) => {
      clients ??= oktaClients(options, baseDir);
      return clients;
    };
    return {
      list: (context: ScanContext) =>
        listOkta({
          clients: clientsFor(source.baseDir ?? context.baseDir),
          options,
          signal: context.signal,
          asOf: context.asOf,
          progress: context.progress,
        }),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(clientsFor(source.baseDir ?? '.'), credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(
            clientsFor(source.baseDir ?? context.baseDir),
            credential,
            context.signal,
            context.asOf,
          ),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<OktaOptions>;
