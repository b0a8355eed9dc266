/**
 * The Microsoft Entra part of a generated estate: a few tenants of app registrations holding one
 * or two client secrets each, every app with its service principal. What the azure scanner makes
 * of each secret:
 * - owner: the app's one owning user, whose `mail` is the HR email (`owners-api`); an unowned app
 *   has no owner. No HR record carries a `upn:` alias, so the scanner reads no leaver's Entra user
 *   and lists no `sign-in-sessions` credential;
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
import { createdNotAfterLeaving } from '../../../../src/emulate/generate/owners.js';
import type { RosterEntry } from '../../../../src/emulate/generate/people.js';
import { drawTimeline } from '../../../../src/emulate/generate/timeline.js';
import type {
  AzureEstate,
  EntraApplicationEstate,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from '../estate.js';

/** Entra's share of a generated estate's credentials; as the last provider built it takes the rest. */
export const AZURE_SHARE = 0.2;
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

  constructor(
    context: BuildContext,
    private readonly guid: () => string,
    domain: string,
  ) {
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

  /** The person's user object id in this tenant (created on first use; a leaver's is disabled). */
  userId(entry: RosterEntry): string {
    let id = this.users.get(entry.index);
    if (id === undefined) {
      id = this.guid();
      this.users.set(entry.index, id);
      this.tenant.users.push({
        id,
        userPrincipalName: `${entry.person.email.split('@')[0]}@${this.tenant.domain}`,
        mail: entry.person.email,
        displayName: entry.person.name,
        accountEnabled: entry.lifecycle !== 'leaver',
      });
    }
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
    const owner = context.owners.pick({ mover: 0, unowned: 0.03 });
    const privileged = random.chance(0.05);
    const secretCount = credentials - written >= 2 && random.chance(0.6) ? 2 : 1;
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
      owners: owner.entry ? [{ userId: builder.userId(owner.entry) }] : [],
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
    written += secretCount;
  }
  return { tenants: tenants.map((builder) => builder.tenant) };
}
