/**
 * Lists one tenant: Graph's app roles (to name permissions), last use (beta report), applications
 * and service principals with their password and key credentials, the owners of each that holds
 * credentials, and the Graph permissions of the service principals involved; and the Entra users
 * of leavers and expired contractors. Reads that do not depend on each other run at once (all
 * through the tenant's one Graph client and pacer). Anything that cannot be read becomes a partial
 * mark naming the scope.
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
import type { AzureTenantOptions } from './options.js';
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
  options: AzureTenantOptions;
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

/** A read that may fail: its value, or the error (a cancelled scan is thrown, never kept). */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(read: Promise<T>, signal: AbortSignal): Promise<Outcome<T>> =>
  read.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => {
      if (signal.aborted) throw error;
      return { ok: false as const, error };
    },
  );

export async function* listTenant(scan: TenantScan): AsyncGenerator<ScanPage> {
  const { graph, options, signal } = scan;
  const tenant = options.tenantId;
  const problem = (scope: string, error: unknown): PartialMark => ({
    scope: `tenant ${tenant} ${scope}`,
    reason: describeError(error),
  });

  // Independent reads run at once (each request still waits on the tenant's pacer); the leavers'
  // users too, reported after the credentials as before.
  const sessions =
    options.leaverSessions && scan.people
      ? settle(leaverSessions(graph, tenant, scan.people, scan.asOf, signal, options.concurrency), signal)
      : undefined;
  // Awaited below; until then a rejection (a cancelled scan) must not go unhandled.
  sessions?.catch(() => undefined);
  const [graphSp, lastUseRead, applicationsRead, servicePrincipalsRead] = await Promise.all([
    settle(
      graph.request<ServicePrincipal>('GET', `servicePrincipals(appId='${GRAPH_APP_ID}')`, {
        query: { $select: 'id,appRoles' },
        signal,
      }),
      signal,
    ),
    options.lastUse ? readLastUse(graph, tenant, signal) : undefined,
    settle(listHolders(scan, 'application'), signal),
    settle(listHolders(scan, 'service-principal'), signal),
  ]);

  let permissions: GraphPermissions | undefined;
  if (graphSp.ok) permissions = graphPermissions(graphSp.value ?? {});
  else
    yield { credentials: [], principals: [], partial: problem('Microsoft Graph app roles', graphSp.error) };

  let lastUse: TenantLastUse = {
    known: false,
    reason: 'last use not read: lastUse is false in the source options',
  };
  if (lastUseRead) {
    lastUse = lastUseRead.lastUse;
    if (lastUseRead.partial) yield { credentials: [], principals: [], partial: lastUseRead.partial };
  }

  let applications: Listed[] = [];
  if (applicationsRead.ok) applications = applicationsRead.value;
  else yield { credentials: [], principals: [], partial: problem('applications', applicationsRead.error) };
  let servicePrincipals: Listed[] = [];
  if (servicePrincipalsRead.ok)
    servicePrincipals = servicePrincipalsRead.value.filter(
      // A managed identity's certificates are Azure's to rotate: nobody holds them.
      (holder) => holder.servicePrincipalType !== 'ManagedIdentity',
    );
  else
    yield {
      credentials: [],
      principals: [],
      partial: problem('service principals', servicePrincipalsRead.error),
    };

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
  const holders = [...applications, ...servicePrincipals].filter(holdsCredentials);
  const relevantSps = new Set<Listed>();
  for (const holder of holders) {
    const sp = spByAppId.get(holder.appId);
    if (sp) relevantSps.add(sp);
  }
  const labelOf = (holder: Listed) =>
    `${holder.type === 'application' ? 'application' : 'service principal'} ${holder.displayName} (${holder.appId})`;
  // Role assignments and owners are independent reads: one queue of `concurrency` for both.
  const privilegeByAppId = new Map<string, string[]>();
  const ownersOf = new Map<Listed, DirectoryOwner[] | undefined>();
  await Promise.all([
    ...[...relevantSps].map((sp) =>
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
    ...holders.map((holder) =>
      limit(async () => {
        const collection = holder.type === 'application' ? 'applications' : 'servicePrincipals';
        ownersOf.set(
          holder,
          await read<DirectoryOwner>(
            `${labelOf(holder)} owners`,
            `${collection}/${holder.id}/owners`,
            'id,userPrincipalName,mail',
          ),
        );
      }),
    ),
  ]);

  const credentials: Credential[] = [];
  const principals: Principal[] = [];
  for (const holder of holders) {
    const label = labelOf(holder);
    const sp = spByAppId.get(holder.appId);
    const facts = {
      privilegedReasons: privilegeByAppId.get(holder.appId) ?? [],
      ownerSignals: ownerSignals(ownersOf.get(holder) ?? [], label, directory),
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
  }
  credentials.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  for (let start = 0; start < credentials.length; start += CREDENTIALS_PER_PAGE) {
    const page = credentials.slice(start, start + CREDENTIALS_PER_PAGE);
    const uids = new Set(page.map((credential) => credential.principalUid));
    yield { credentials: page, principals: principals.filter((principal) => uids.has(principal.uid)) };
  }
  for (const entry of problems) yield { credentials: [], principals: [], partial: entry };

  if (sessions) {
    const found = await sessions;
    // leaverSessions turns every failed lookup into a problem: only a bug rejects it.
    if (!found.ok) throw found.error;
    yield { credentials: found.value.credentials, principals: found.value.principals };
    for (const entry of found.value.problems) yield { credentials: [], principals: [], partial: entry };
  }
}
