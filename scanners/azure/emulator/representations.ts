/**
 * Estate records → Graph's own types. Credentials lose their secret material: a password
 * credential never carries `secretText` (`hint` stays), a key credential never carries `key`.
 * Applications and service principals carry the fields the estate gives; a user answers Graph's
 * default property set unless `$select` asks for others.
 */
import type {
  Application,
  KeyCredential,
  PasswordCredential,
  ServicePrincipal,
  User,
} from '@microsoft/microsoft-graph-types';
import type {
  EntraApplicationEstate,
  EntraOwnerRef,
  EntraServicePrincipalEstate,
  EntraTenantEstate,
} from './estate.js';
import { selected } from './odata.js';
import {
  SERVICE_PRINCIPAL_PROPERTIES,
  type TypeProperties,
  USER_DEFAULT_PROPERTIES,
  USER_PROPERTIES,
} from './properties.js';

/** The tenant that publishes Microsoft's first-party apps (appOwnerOrganizationId of Graph's service principal). */
const MICROSOFT_SERVICES_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export const passwordCredentialOf = ({
  secretText: _secret,
  ...credential
}: PasswordCredential): PasswordCredential => credential;

export const keyCredentialOf = ({ key: _key, ...credential }: KeyCredential): KeyCredential => credential;

export function applicationOf({ application }: EntraApplicationEstate): Application {
  const { id, ...rest } = application;
  return {
    id,
    ...rest,
    passwordCredentials: application.passwordCredentials.map(passwordCredentialOf),
    keyCredentials: application.keyCredentials.map(keyCredentialOf),
  };
}

export function servicePrincipalOf({ servicePrincipal }: EntraServicePrincipalEstate): ServicePrincipal {
  const { id, ...rest } = servicePrincipal;
  return {
    id,
    ...rest,
    passwordCredentials: servicePrincipal.passwordCredentials.map(passwordCredentialOf),
    keyCredentials: servicePrincipal.keyCredentials.map(keyCredentialOf),
  };
}

/** Microsoft Graph's own service principal, as every tenant lists it. */
export function graphServicePrincipalOf(tenant: EntraTenantEstate): ServicePrincipal {
  const graph = tenant.graphServicePrincipal;
  return {
    id: graph.id,
    accountEnabled: true,
    appDisplayName: 'Microsoft Graph',
    appId: graph.appId,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT,
    appRoles: graph.appRoles,
    displayName: 'Microsoft Graph',
    servicePrincipalType: 'Application',
    keyCredentials: [],
    passwordCredentials: [],
  };
}

/** A user with `$select` applied, or Graph's default properties (businessPhones [] when unset). */
export function userOf(user: User, select: readonly string[] | undefined): User {
  const withDefaults: User = { ...user, businessPhones: user.businessPhones ?? [] };
  if (select) return selected(withDefaults, select);
  const picked: Record<string, unknown> = {};
  for (const name of USER_DEFAULT_PROPERTIES) picked[name] = withDefaults[name] ?? null;
  return picked as User;
}

export type Owner =
  | (User & { '@odata.type': '#microsoft.graph.user' })
  | (ServicePrincipal & { '@odata.type': '#microsoft.graph.servicePrincipal' });

/** A user's or service principal's own properties among those selected (a user has no appId). */
const ownSelection = <T extends object>(value: T, select: readonly string[], own: TypeProperties): T =>
  selected(
    value,
    select.filter((name) => own.structural.has(name)),
  );

/** The owner a reference names, shaped as Graph lists it; undefined when the estate lacks it. */
export function ownerOf(
  tenant: EntraTenantEstate,
  ref: EntraOwnerRef,
  select: readonly string[] | undefined,
): Owner | undefined {
  if ('userId' in ref) {
    const user = tenant.users.find((candidate) => candidate.id === ref.userId);
    if (!user) return undefined;
    const withDefaults: User = { ...user, businessPhones: user.businessPhones ?? [] };
    const shaped = select ? ownSelection(withDefaults, select, USER_PROPERTIES) : userOf(user, undefined);
    return { '@odata.type': '#microsoft.graph.user', ...shaped };
  }
  const { servicePrincipalId } = ref;
  const sp = tenant.servicePrincipals.find(
    (candidate) => candidate.servicePrincipal.id === servicePrincipalId,
  );
  const value = sp
    ? servicePrincipalOf(sp)
    : servicePrincipalId === tenant.graphServicePrincipal.id
      ? graphServicePrincipalOf(tenant)
      : undefined;
  if (!value) return undefined;
  const shaped = select ? ownSelection(value, select, SERVICE_PRINCIPAL_PROPERTIES) : value;
  return { '@odata.type': '#microsoft.graph.servicePrincipal', ...shaped };
}
