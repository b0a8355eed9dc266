/**
 * azure: client secrets and certificates of Microsoft Entra applications and service principals,
 * with owners from the owners API, last use from the sign-in activity report (beta), privilege from
 * Graph application permissions, the own Entra users of leavers and expired contractors (a
 * downstream account check), and exact revocation (Graph v1.0 over
 * fetch; tokens from @azure/identity).
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { mergeIterables } from '../../src/core/merge-iterables.js';
import type { Credential, Person } from '../../src/core/model.js';
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { isTransient } from './errors.js';
import { GraphClient } from './graph-client.js';
import { leaverSessions } from './leaver-sessions.js';
import { listTenant } from './list-tenant.js';
import { type AzureOptions, type AzureTenantOptions, azureOptionsSchema, tenantsOf } from './options.js';
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

function graphClient(tenant: AzureTenantOptions, baseDir: string): GraphClient {
  return new GraphClient({
    graphUrl: tenant.graphUrl,
    scope: tenant.graphScope,
    credential: tokenCredential(tenant, baseDir),
    retries: tenant.retries,
    maxRetryAfterSeconds: tenant.maxRetryAfterSeconds,
    requestTimeoutSeconds: tenant.requestTimeoutSeconds,
    ...(tenant.resourceUnitsPer10s > 0 ? { resourceUnitsPer10s: tenant.resourceUnitsPer10s } : {}),
    ...(tenant.requestsPerSecond ? { requestsPerSecond: tenant.requestsPerSecond } : {}),
  });
}

/** A termination scan (ScanContext.focus): only the focused people's Entra users, nothing else. */
async function* listFocused(
  tenant: AzureTenantOptions,
  context: ScanContext,
  focus: readonly Person[],
  signal: AbortSignal,
): AsyncGenerator<ScanPage> {
  const sessions = await leaverSessions(
    graphClient(tenant, context.baseDir),
    tenant.tenantId,
    focus,
    context.asOf,
    signal,
    tenant.concurrency,
  );
  yield { credentials: sessions.credentials, principals: sessions.principals };
  for (const entry of sessions.problems) yield { credentials: [], principals: [], partial: entry };
  signal.throwIfAborted();
}

function listOneTenant(tenant: AzureTenantOptions, context: ScanContext, signal: AbortSignal) {
  return listTenant({
    graph: graphClient(tenant, context.baseDir),
    options: tenant,
    signal,
    asOf: context.asOf,
    ...(context.people ? { people: context.people } : {}),
    ...(context.progress ? { progress: context.progress } : {}),
  });
}

async function* listAzure(options: AzureOptions, context: ScanContext): AsyncGenerator<ScanPage> {
  const { focus } = context;
  if (focus && !options.leaverSessions) return;
  const listings = tenantsOf(options).map(
    (tenant) => (signal: AbortSignal) =>
      focus ? listFocused(tenant, context, focus, signal) : listOneTenant(tenant, context, signal),
  );
  // Each tenant is read before its first page: once cancelled, the pages already read are not
  // handed out, and the listing never ends as if it were complete.
  // A tenant that fails, or a consumer that stops, cancels the tenants still being read.
  const stop = new AbortController();
  const signal = AbortSignal.any([context.signal, stop.signal]);
  // Every request in flight listens on it: as many listeners as the scan's own signal allows.
  setMaxListeners(getMaxListeners(context.signal), signal);
  try {
    const sources = listings.map((listing) => () => listing(signal));
    for await (const page of mergeIterables(sources, options.tenantConcurrency)) {
      context.signal.throwIfAborted();
      yield page;
    }
  } finally {
    stop.abort();
  }
  context.signal.throwIfAborted();
}

const sameTenant = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const plugin = {
  id: 'azure',
  description: 'Microsoft Entra application and service principal secrets and certificates (Microsoft Graph)',
  credentialKinds: AZURE_CREDENTIAL_KINDS,
  personAccountKinds: ['sign-in-sessions'],
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: azureOptionsSchema,
  create(options: AzureOptions, source: PluginSource) {
    const tenants = tenantsOf(options);
    const graphs = new Map<string, GraphClient>();
    /** The Graph client of the credential's tenant (`account`), made once. */
    const graphFor = (credential: Credential) => () => {
      const tenant = tenants.find((candidate) => sameTenant(candidate.tenantId, credential.account));
      if (!tenant)
        throw new Error(
          `azure: ${credential.uid} is of tenant ${credential.account}, which source ${source.name} does not list`,
        );
      let graph = graphs.get(tenant.tenantId);
      if (!graph) {
        graph = graphClient(tenant, source.baseDir ?? '.');
        graphs.set(tenant.tenantId, graph);
      }
      return graph;
    };
    return {
      list: (context) => listAzure(options, context),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(graphFor(credential), credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(graphFor(credential)(), credential, context.signal, context.asOf),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<AzureOptions>;
