/**
 * azure: client secrets and certificates of Microsoft Entra applications and service principals,
 * with owners from the owners API, last use from the sign-in activity report (beta), privilege from
 * Graph application permissions, the own Entra users of leavers and expired contractors (a
 * downstream account check), and exact revocation (Graph v1.0 over
 * fetch; tokens from @azure/identity).
 */
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { isTransient } from './errors.js';
import { GraphClient } from './graph-client.js';
import { leaverSessions } from './leaver-sessions.js';
import { listTenant } from './list-tenant.js';
import { type AzureOptions, azureOptionsSchema } from './options.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';
import { tokenCredential } from './token-credential.js';
import { AZURE_CREDENTIAL_KINDS } from './transform.js';

export const SCAN_PERMISSIONS = [
  'Microsoft Graph application permission Application.Read.All (applications, service principals, owners, app role assignments)',
  'AuditLog.Read.All (last use: GET /beta/reports/appCredentialSignInActivities)',
  'User.Read.All (leaverSessions: the Entra users of leavers and expired contractors, by UPN and mail: $filter=… in (…))',
] as const;

export const REVOKE_PERMISSIONS = [
  'Application.ReadWrite.All (removePassword, PATCH keyCredentials, PATCH servicePrincipals accountEnabled)',
  'User.EnableDisableAccount.All with User.Read.All, or User.ReadWrite.All (disable: PATCH users/{id} accountEnabled false of a leaver)',
  'User.RevokeSessions.All (revoke-sessions: revokeSignInSessions of a leaver)',
] as const;

function graphClient(options: AzureOptions, baseDir: string): GraphClient {
  return new GraphClient({
    graphUrl: options.graphUrl,
    scope: options.graphScope,
    credential: tokenCredential(options, baseDir),
    retries: options.retries,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    requestTimeoutSeconds: options.requestTimeoutSeconds,
    ...(options.requestsPerSecond ? { requestsPerSecond: options.requestsPerSecond } : {}),
  });
}

/** A termination scan (ScanContext.focus): only the focused people's Entra users, nothing else. */
async function* listFocused(options: AzureOptions, context: ScanContext): AsyncGenerator<ScanPage> {
  if (!options.leaverSessions || !context.focus) return;
  const tenant = options.tenantId;
  const sessions = await leaverSessions(
    graphClient(options, context.baseDir),
    tenant,
    context.focus,
    context.asOf,
    context.signal,
    options.concurrency,
  );
  yield { credentials: sessions.credentials, principals: sessions.principals };
  for (const entry of sessions.problems) yield { credentials: [], principals: [], partial: entry };
  context.signal.throwIfAborted();
}

async function* listAzure(options: AzureOptions, context: ScanContext): AsyncGenerator<ScanPage> {
  if (context.focus) {
    yield* listFocused(options, context);
    return;
  }
  const pages = listTenant({
    graph: graphClient(options, context.baseDir),
    options,
    signal: context.signal,
    asOf: context.asOf,
    ...(context.people ? { people: context.people } : {}),
    ...(context.progress ? { progress: context.progress } : {}),
  });
  // The tenant is read before its first page: once cancelled, the pages already read are not
  // handed out, and the listing never ends as if it were complete.
  for await (const page of pages) {
    context.signal.throwIfAborted();
    yield page;
  }
  context.signal.throwIfAborted();
}

export const plugin = {
  id: 'azure',
  description: 'Microsoft Entra application and service principal secrets and certificates (Microsoft Graph)',
  credentialKinds: AZURE_CREDENTIAL_KINDS,
  personAccountKinds: ['sign-in-sessions'],
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: azureOptionsSchema,
  create(options: AzureOptions, source: PluginSource) {
    let graph: GraphClient | undefined;
    const graphFor = () => {
      graph ??= graphClient(options, source.baseDir ?? '.');
      return graph;
    };
    return {
      list: (context) => listAzure(options, context),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(graphFor, credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(graphFor(), credential, context.signal, context.asOf),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<AzureOptions>;
