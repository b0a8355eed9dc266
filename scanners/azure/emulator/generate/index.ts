/**
 * The Microsoft Entra part of a generated estate: a few tenants of app registrations holding one
 * or two client secrets each, every app with its service principal. What the azure scanner makes
 * of each secret:
 * - owner: the app's one owning user, whose `mail` is the HR email (`owners-api`); an unowned app
 *   has no owner;
 * - the owning user of a leaver or expired contractor is their own account, which the scanner
 *   finds by `mail eq` (the UPN is on the tenant's domain) and lists as a `sign-in-sessions`
 *   person-account record: still enabled, or disabled with sessions never revoked (active:
 *   leaver-access-remains), or disabled and revoked on the day they left (inactive: nothing). Each
 *   such record counts towards the credentials asked for, so the total stays exact;
 * - department: none (the scanner reads none, so no mover-recertify here);
 * - privilege: the service principal holds Graph's Application.ReadWrite.All;
 * - last use: the beta sign-in activity report's lastSignInDateTime for the key id; a secret absent
 *   from it has no recorded sign-in (never used);
 * - expired: endDateTime passed (every secret has an end date). No disabled service principals.
 */
import type { AppRole } from '@microsoft/microsoft-graph-types';
import {
  accountCount,
  accountWeights,
  type BuildContext,
  HEX_DIGITS,
  serialCode,
} from '../../../../src/emulate/generate/context.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving, type Owner } from '../../../../src/emulate/generate/owners.js';
import type { RosterEntry } from '../../../../src/emulate/generate/people.js';
import { drawTimeline } from '../../../../src/emulate/generate/timeline.js';
import type {
  AzureEstate,
  EntraApplicationEstate,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from '../estate.js';

/** The day a leaver's or expired contractor's access ended (their HR date); null for anyone else. */
function endOfAccess(entry: RosterEntry): string | null {
  if (entry.lifecycle === 'leaver') return entry.person.terminationDate;
  if (entry.lifecycle === 'expired-contractor') return entry.person.contractEndDate;
  return null;
}

/** Entra's share of a generated estate's credentials; as the last provider built it takes the rest. */
export const AZURE_SHARE = 0.15;
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const VARIANTS = ['8', '9', 'a', 'b'] as const;
const DOMAINS = ['acme', 'acme-emea', 'acme-apac', 'acme-labs'] as const;
/** Graph application permissions, by their real app role ids. */
const GRAPH_ROLES = {
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Sites.Read.All': '332a536c-c7ef-4017-ab91-336970924f0d',
} as const;
type GraphRole = keyof typeof GRAPH_ROLES;

function graphAppRoles(): AppRole[] {
  return Object.entries(GRAPH_ROLES).map(([value, id]) => ({
    id,
    value,
    displayName: value,
    description: value,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  }));
}

class TenantBuilder {
  readonly tenant: EntraTenantEstate;
  private readonly users = new Map<number, string>();

  private readonly random: BuildContext['random'];
  private readonly facts: BuildContext['facts'];

  constructor(
    context: BuildContext,
    private readonly guid: () => string,
    domain: string,
  ) {
    this.random = context.random;
    this.facts = context.facts;
    this.tenant = {
      tenantId: guid(),
      domain: `${domain}.onmicrosoft.com`,
      client: {
        clientId: guid(),
        clientSecret: `generated-entra-secret-not-real-${context.seed}-${domain}`,
        roles: ['Application.Read.All', 'AuditLog.Read.All', 'User.Read.All'],
      },
      users: [],
      applications: [],
      servicePrincipals: [],
      graphServicePrincipal: { id: guid(), appId: GRAPH_APP_ID, appRoles: graphAppRoles() },
      signInActivities: [],
    };
  }

  /** Whether making this person's user here lists a person-account record (a new leaver's or expired contractor's). */
  addsAccount(entry: RosterEntry): boolean {
    return !this.users.has(entry.index) && endOfAccess(entry) !== null;
  }

  /**
   * The person's user object id in this tenant, created on first use; a leaver's or expired
   * contractor's user is also recorded as the person-account fact the scanner lists.
   */
  userId(owner: Owner & { entry: RosterEntry }): string {
    const { entry } = owner;
    let id = this.users.get(entry.index);
    if (id !== undefined) return id;
    id = this.guid();
    this.users.set(entry.index, id);
    const ended = endOfAccess(entry);
    // Left: still enabled, disabled with sessions never revoked, or disabled and revoked that day.
    const state = ended === null ? 'working' : this.random.weighted([0.3, 0.3, 0.4]);
    this.tenant.users.push({
      id,
      userPrincipalName: `${entry.person.email.split('@')[0]}@${this.tenant.domain}`,
      mail: entry.person.email,
      displayName: entry.person.name,
      accountEnabled: state === 'working' || state === 0,
      ...(state === 2 ? { signInSessionsValidFromDateTime: `${ended}T18:00:00Z` } : {}),
    });
    if (ended !== null)
      this.facts.push({
        uid: `azure:${this.tenant.tenantId}:sign-in-sessions:${id}`,
        provider: 'azure',
        account: this.tenant.tenantId,
        kind: 'sign-in-sessions',
        ownerClass: owner.ownerClass,
        owner: entry,
        timeline: {
          state: state === 2 ? 'inactive' : 'active',
          createdDaysAgo: 1000,
          lastUsedDaysAgo: null,
          expiresInDays: null,
        },
        privileged: false,
        department: null,
        nature: 'person-account',
      });
    return id;
  }

  assignment(servicePrincipalId: string, role: GraphRole, created: string) {
    return {
      id: this.guid(),
      appRoleId: GRAPH_ROLES[role],
      principalId: servicePrincipalId,
      principalType: 'ServicePrincipal',
      resourceId: this.tenant.graphServicePrincipal.id,
      resourceDisplayName: 'Microsoft Graph',
      createdDateTime: created,
    };
  }
}

export function buildAzureEstate(context: BuildContext, credentials: number): AzureEstate {
  const { random, calendar } = context;
  let ids = 0;
  // Random version-4 GUIDs whose last eight digits are a serial number: unique by construction.
  const guid = () =>
    `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.pick(VARIANTS)}${random.hex(3)}-${random.hex(4)}${serialCode(++ids, HEX_DIGITS, 8)}`;
  const tenants = Array.from(
    { length: accountCount(credentials, 47, { min: 1, max: DOMAINS.length }) },
    (_, index) => new TenantBuilder(context, guid, DOMAINS[index]!),
  );
  const weights = accountWeights(tenants.length);
  let serial = 0;
  for (let written = 0; written < credentials; ) {
    const builder = tenants[random.weighted(weights)]!;
    const tenant = builder.tenant;
    let owner: Owner = context.owners.pick({ mover: 0, unowned: 0.03 });
    // The last record asked for cannot be both a secret and a new person-account: leave that app unowned.
    if (owner.entry && credentials - written < 2 && builder.addsAccount(owner.entry))
      owner = { ownerClass: 'unowned', entry: null };
    const accounts = owner.entry && builder.addsAccount(owner.entry) ? 1 : 0;
    const privileged = random.chance(0.05);
    const secretCount = credentials - written - accounts >= 2 && random.chance(0.6) ? 2 : 1;
    const displayName = `${random.pick(PURPOSES)}-${String(++serial).padStart(5, '0')}`;
    const appId = guid();
    const application: EntraApplicationEstate = {
      application: {
        id: guid(),
        appId,
        displayName,
        createdDateTime: '',
        passwordCredentials: [],
        keyCredentials: [],
      },
      owners: owner.entry ? [{ userId: builder.userId({ ...owner, entry: owner.entry }) }] : [],
    };
    let oldest = 0;
    for (let secret = 0; secret < secretCount; secret++) {
      const timeline = drawTimeline(random, {
        canBeInactive: false,
        canExpire: true,
        expiry: 'always',
        minCreatedDaysAgo: createdNotAfterLeaving(owner),
      });
      oldest = Math.max(oldest, timeline.createdDaysAgo);
      const keyId = guid();
      application.application.passwordCredentials.push({
        keyId,
        displayName: `${displayName} secret ${secret + 1}`,
        hint: random.base64(3),
        startDateTime: calendar.ago(timeline.createdDaysAgo, random.int(0, 43_000)),
        endDateTime: calendar.timestamp(timeline.expiresInDays!, 43_200),
        customKeyIdentifier: null,
      });
      if (timeline.lastUsedDaysAgo !== null) {
        tenant.signInActivities.push({
          id: guid(),
          keyId,
          appId,
          keyType: 'clientSecret',
          credentialOrigin: 'application',
          signInActivity: {
            lastSignInDateTime: calendar.ago(timeline.lastUsedDaysAgo, random.int(43_200, 86_399)),
          },
        });
      }
      context.facts.push({
        uid: `azure:${tenant.tenantId}:client-secret:${keyId}`,
        provider: 'azure',
        account: tenant.tenantId,
        kind: 'client-secret',
        ownerClass: owner.ownerClass,
        owner: owner.entry,
        timeline,
        privileged,
        department: null,
      });
    }
    const created = calendar.ago(oldest + random.int(1, 200));
    application.application.createdDateTime = created;
    const servicePrincipalId = guid();
    const servicePrincipal: EntraServicePrincipalEstate = {
      servicePrincipal: {
        id: servicePrincipalId,
        appId,
        displayName,
        accountEnabled: true,
        servicePrincipalType: 'Application',
        passwordCredentials: [],
        keyCredentials: [],
      },
      owners: [],
      appRoleAssignments: privileged
        ? [builder.assignment(servicePrincipalId, 'Application.ReadWrite.All', created)]
        : random.chance(0.4)
          ? [
              builder.assignment(
                servicePrincipalId,
                random.pick(['User.Read.All', 'Sites.Read.All'] as const),
                created,
              ),
            ]
          : [],
    };
    tenant.applications.push(application);
    tenant.servicePrincipals.push(servicePrincipal);
    written += secretCount + accounts;
  }
  return { tenants: tenants.map((builder) => builder.tenant) };
}
