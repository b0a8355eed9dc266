/**
 * Lists one tenant: Graph's app roles (to name permissions), last use (beta report), applications
 * and service principals with their password and key credentials, the owners of each that holds
 * credentials, and the Graph permissions of the service principals involved; then the Entra users
 * of leavers and expired contractors. Anything that cannot be read becomes a partial mark naming the scope.
 */
import type { Application, AppRoleAssignment, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import pLimit from 'p-limit';
import type { Credential, Person, Principal } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import type { PartialMark, ScanPage } from '../../src/core/plugin.js';
import type { EntraKeyCredential, EntraPasswordCredential } from './emulator/estate.js';
import { describeError } from './errors.js';
import type { GraphClient } from './graph-client.js';
import { readLastUse, type TenantLastUse, trustLastUse } from './last-use.js';
import { leaverSessions } from './leaver-sessions.js';
import type { AzureOptions } from './options.js';
import { type DirectoryOwner, ownerSignals } from './owners.js';
import { GRAPH_APP_ID, type GraphPermissions, graphPermissions, privilegeReasons } from './privilege.js';
import {
  isTokenSigningCertificate,
  isTokenSigningPassword,
  TOKEN_SIGNING_LAST_USE,
  type TokenSigningParts,
  tokenSigningParts,
} from './token-signing.js';
import { type Holder, holderPrincipal, keyCredential } from './transform.js';

const CREDENTIALS_PER_PAGE = 500;

export interface TenantScan {
  graph: GraphClient;
  options: AzureOptions;
  signal: AbortSignal;
  asOf: Date;
  people?: readonly Person[];
  progress?: (message: string) => void;
}

interface Listed extends Holder {
  passwordCredentials: EntraPasswordCredential[];
  keyCredentials: EntraKeyCredential[];
  tokenSigning: TokenSigningParts;
}

const APP_SELECT = 'id,appId,displayName,passwordCredentials,keyCredentials';
const SP_SELECT =
  'id,appId,displayName,servicePrincipalType,accountEnabled,preferredSingleSignOnMode,passwordCredentials,keyCredentials';

/**
 * The secrets listed: not the password that opens a SAML token-signing key (it is part of that
 * certificate, whose `Verify` half is listed instead).
 */
const secretsOf = (holder: Listed) =>
  holder.passwordCredentials.filter((password) => !isTokenSigningPassword(holder.tokenSigning, password));
/** A `Sign` key (the private half of a SAML token-signing certificate) is never listed: Entra holds it. */
const certificatesOf = (holder: Listed) => holder.keyCredentials.filter((key) => key.usage !== 'Sign');
const holdsCredentials = (holder: Listed) => secretsOf(holder).length + certificatesOf(holder).length > 0;

async function listHolders(scan: TenantScan, type: Holder['type']): Promise<Listed[]> {
  const path = type === 'application' ? 'applications' : 'servicePrincipals';
  const select = type === 'application' ? APP_SELECT : SP_SELECT;
  const holders: Listed[] = [];
  for await (const page of scan.graph.pages<Application & ServicePrincipal>(path, {
    query: { $select: select, $top: String(scan.options.pageSize) },
    signal: scan.signal,
  })) {
    for (const item of page) {
      if (!item.id || !item.appId) continue;
      const credentials = {
        passwordCredentials: (item.passwordCredentials ?? []) as EntraPasswordCredential[],
        keyCredentials: (item.keyCredentials ?? []) as EntraKeyCredential[],
      };
      holders.push({
        type,
        id: item.id,
        appId: item.appId,
        displayName: item.displayName ?? item.appId,
        ...(type === 'service-principal'
          ? {
              accountEnabled: item.accountEnabled !== false,
              servicePrincipalType: item.servicePrincipalType ?? null,
              preferredSingleSignOnMode: item.preferredSingleSignOnMode ?? null,
            }
          : {}),
        ...credentials,
        tokenSigning: tokenSigningParts(credentials),
      });
    }
    scan.progress?.(`azure: ${holders.length} ${path}`);
  }
  return holders;
}

export async function* listTenant(scan: TenantScan): AsyncGenerator<ScanPage> {
  const { graph, options, signal } = scan;
  const tenant = options.tenantId;
  const problem = (scope: string, error: unknown): PartialMark => ({
    scope: `tenant ${tenant} ${scope}`,
    reason: describeError(error),
  });

  let permissions: GraphPermissions | undefined;
  try {
    const graphSp = await graph.request<ServicePrincipal>(
      'GET',
      `servicePrincipals(appId='${GRAPH_APP_ID}')`,
      {
        query: { $select: 'id,appRoles' },
        signal,
      },
    );
    permissions = graphPermissions(graphSp ?? {});
  } catch (error) {
    if (signal.aborted) throw error;
    yield { credentials: [], principals: [], partial: problem('Microsoft Graph app roles', error) };
  }

  let lastUse: TenantLastUse = {
    known: false,
    reason: 'last use not read: lastUse is false in the source options',
  };
  if (options.lastUse) {
    const read = await readLastUse(graph, tenant, signal);
    lastUse = read.lastUse;
    if (read.partial) yield { credentials: [], principals: [], partial: read.partial };
  }

  let applications: Listed[];
  let servicePrincipals: Listed[];
  try {
    applications = await listHolders(scan, 'application');
  } catch (error) {
    if (signal.aborted) throw error;
    yield { credentials: [], principals: [], partial: problem('applications', error) };
    applications = [];
  }
  try {
    servicePrincipals = (await listHolders(scan, 'service-principal')).filter(
      // A managed identity's certificates are Azure's to rotate: nobody holds them.
      (holder) => holder.servicePrincipalType !== 'ManagedIdentity',
    );
  } catch (error) {
    if (signal.aborted) throw error;
    yield { credentials: [], principals: [], partial: problem('service principals', error) };
    servicePrincipals = [];
  }

  // An empty or out-of-date report says nothing about credentials the tenant does hold.
  const held = [...applications, ...servicePrincipals].reduce(
    (count, holder) => count + secretsOf(holder).length + certificatesOf(holder).length,
    0,
  );
  lastUse = trustLastUse(lastUse, tenant, held, scan.asOf);

  const spByAppId = new Map(servicePrincipals.map((holder) => [holder.appId, holder]));
  const directory = scan.people ? buildPeopleDirectory(scan.people) : undefined;
  const limit = pLimit(options.concurrency);
  const problems: PartialMark[] = [];
  const read = async <T>(scope: string, path: string, select?: string): Promise<T[] | undefined> => {
    try {
      return await graph.all<T>(path, { query: select ? { $select: select } : {}, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      problems.push(problem(scope, error));
      return undefined;
    }
  };

  // Privilege comes from the service principal of the app, whichever object holds the credential.
  const relevantSps = new Set<Listed>();
  for (const holder of [...applications, ...servicePrincipals]) {
    if (!holdsCredentials(holder)) continue;
    const sp = spByAppId.get(holder.appId);
    if (sp) relevantSps.add(sp);
  }
  const privilegeByAppId = new Map<string, string[]>();
  await Promise.all(
    [...relevantSps].map((sp) =>
      limit(async () => {
        if (!permissions) {
          privilegeByAppId.set(sp.appId, ['privilege unknown: Microsoft Graph app roles could not be read']);
          return;
        }
        const assignments = await read<AppRoleAssignment>(
          `service principal ${sp.displayName} (${sp.appId}) app role assignments`,
          `servicePrincipals/${sp.id}/appRoleAssignments`,
        );
        privilegeByAppId.set(
          sp.appId,
          assignments
            ? privilegeReasons(assignments, permissions, options.privilegedPermissions)
            : [`privilege unknown: the app role assignments of ${sp.displayName} could not be read`],
        );
      }),
    ),
  );

  const credentials: Credential[] = [];
  const principals: Principal[] = [];
  await Promise.all(
    [...applications, ...servicePrincipals].filter(holdsCredentials).map((holder) =>
      limit(async () => {
        const collection = holder.type === 'application' ? 'applications' : 'servicePrincipals';
        const label = `${holder.type === 'application' ? 'application' : 'service principal'} ${holder.displayName} (${holder.appId})`;
        const owners = await read<DirectoryOwner>(
          `${label} owners`,
          `${collection}/${holder.id}/owners`,
          'id,userPrincipalName,mail',
        );
        const sp = spByAppId.get(holder.appId);
        const facts = {
          privilegedReasons: privilegeByAppId.get(holder.appId) ?? [],
          ownerSignals: ownerSignals(owners ?? [], label, directory),
          asOf: scan.asOf,
          appDisabled: holder.type === 'application' && sp?.accountEnabled === false,
        };
        const lastUseOf = (keyId: string) =>
          lastUse.known ? { known: true as const, at: lastUse.byKeyId.get(keyId) ?? null } : lastUse;
        principals.push(holderPrincipal(tenant, holder, facts.appDisabled));
        // Its service principal signs users in with SAML: disabling it would stop their single sign-on.
        const samlSingleSignOn = sp?.preferredSingleSignOnMode?.toLowerCase() === 'saml';
        for (const secret of secretsOf(holder))
          credentials.push(
            keyCredential(tenant, holder, secret, 'client-secret', {
              ...facts,
              lastUse: lastUseOf(secret.keyId),
              samlSingleSignOn,
            }),
          );
        for (const certificate of certificatesOf(holder)) {
          const tokenSigning = isTokenSigningCertificate(holder.tokenSigning, certificate);
          credentials.push(
            keyCredential(tenant, holder, certificate, 'certificate', {
              ...facts,
              lastUse: tokenSigning
                ? { known: false, reason: TOKEN_SIGNING_LAST_USE }
                : lastUseOf(certificate.keyId),
              tokenSigning,
              // A SAML token-signing certificate is already marked as such; any other one is removed by itself.
              samlSingleSignOn: samlSingleSignOn && !tokenSigning,
            }),
          );
        }
      }),
    ),
  );
  credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  for (let start = 0; start < credentials.length; start += CREDENTIALS_PER_PAGE) {
    const page = credentials.slice(start, start + CREDENTIALS_PER_PAGE);
    const uids = new Set(page.map((credential) => credential.principalUid));
    yield { credentials: page, principals: principals.filter((principal) => uids.has(principal.uid)) };
  }
  for (const entry of problems) yield { credentials: [], principals: [], partial: entry };

  if (options.leaverSessions && scan.people) {
    const sessions = await leaverSessions(graph, tenant, scan.people, scan.asOf, signal, options.concurrency);
    yield { credentials: sessions.credentials, principals: sessions.principals };
    for (const entry of sessions.problems) yield { credentials: [], principals: [], partial: entry };
  }
}
