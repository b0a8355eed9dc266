/**
 * Pure payload → model transforms: an application or service principal becomes a Principal, each
 * of its password credentials (client secrets) and key credentials (certificates) a Credential
 * (a leaver's own Entra user is user-account.ts). Only ids, hints, dates and descriptive fields are
 * kept: never `secretText` or a certificate's `key`.
 */
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';
import type { EntraKeyCredential, EntraPasswordCredential } from './emulator/estate.js';
import { TOKEN_SIGNING_ATTRIBUTE } from './token-signing.js';

/**
 * The attribute that marks a client secret or certificate of an app whose service principal signs
 * users in with SAML (`preferredSingleSignOnMode: saml`): disabling that service principal would
 * stop single sign-on for every user of the app, so the credential is only ever removed by itself.
 */
export const SAML_SINGLE_SIGN_ON_ATTRIBUTE = 'preferredSingleSignOnMode';

export const AZURE_CREDENTIAL_KINDS = ['client-secret', 'certificate', 'sign-in-sessions'] as const;
export type AzureCredentialKind = (typeof AZURE_CREDENTIAL_KINDS)[number];
export type HolderType = 'application' | 'service-principal';

export interface Holder {
  type: HolderType;
  /** The directory object id. */
  id: string;
  appId: string;
  displayName: string;
  /** Service principals only: accountEnabled false means no credential of it can sign in. */
  accountEnabled?: boolean;
  /** Service principals only: `Application`, `ManagedIdentity`, `Legacy`, `SocialIdp`. */
  servicePrincipalType?: string | null;
  /** Service principals only: `saml`, `password`, `oidc`, `notSupported` or null. */
  preferredSingleSignOnMode?: string | null;
}

export function principalUid(tenantId: string, holder: Pick<Holder, 'type' | 'appId'>): string {
  return `azure:${tenantId}:${holder.type}:${holder.appId}`;
}

/** Reads back the holder a credential's principalUid names: `azure:TENANT:application|service-principal:APPID`. */
export function parseHolder(uid: string | null): Pick<Holder, 'type' | 'appId'> | undefined {
  const match = /^azure:[^:]+:(application|service-principal):([^:]+)$/.exec(uid ?? '');
  return match ? { type: match[1] as HolderType, appId: match[2]! } : undefined;
}

/**
 * The holder as a Principal. A service principal is tagged with its type, and `accountEnabled:
 * false` when disabled; an application whose service principal in this tenant is disabled
 * (`appDisabled`) with `servicePrincipalAccountEnabled: false`: why its credentials are inactive.
 */
export function holderPrincipal(tenantId: string, holder: Holder, appDisabled = false): Principal {
  return {
    uid: principalUid(tenantId, holder),
    provider: 'azure',
    account: tenantId,
    kind: holder.type,
    name: holder.displayName,
    tags: {
      appId: holder.appId,
      objectId: holder.id,
      ...(holder.servicePrincipalType ? { servicePrincipalType: holder.servicePrincipalType } : {}),
      ...(holder.accountEnabled === false ? { accountEnabled: 'false' } : {}),
      ...(appDisabled ? { servicePrincipalAccountEnabled: 'false' } : {}),
    },
  };
}

export interface CredentialFacts {
  lastUse: { known: true; at: string | null } | { known: false; reason: string };
  privilegedReasons: readonly string[];
  ownerSignals: OwnerSignal[];
  asOf: Date;
}

function status(holder: Holder, expiresAt: string | null, asOf: Date, appDisabled: boolean) {
  if (expiresAt && new Date(expiresAt) <= asOf) return 'expired' as const;
  // A secret of an app whose service principal is disabled cannot sign in to this tenant.
  if (holder.accountEnabled === false || appDisabled) return 'inactive' as const;
  return 'active' as const;
}

/**
 * What Graph says about the credential beyond the model's fields, under Graph's own names: its
 * `displayName`, and a certificate's `type` and `usage`, each only when present; and
 * `samlTokenSigning: true` for the certificate of a SAML token-signing certificate, and
 * `preferredSingleSignOnMode: saml` for a credential of an app whose service principal uses SAML
 * single sign-on.
 */
export function credentialAttributes(
  credential: EntraPasswordCredential | EntraKeyCredential,
  tokenSigning = false,
  samlSingleSignOn = false,
): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  if (credential.displayName) attributes.displayName = credential.displayName;
  if ('type' in credential && credential.type) attributes.type = credential.type;
  if ('usage' in credential && credential.usage) attributes.usage = credential.usage;
  if (tokenSigning) attributes[TOKEN_SIGNING_ATTRIBUTE] = 'true';
  if (samlSingleSignOn) attributes[SAML_SINGLE_SIGN_ON_ATTRIBUTE] = 'saml';
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

export function keyCredential(
  tenantId: string,
  holder: Holder,
  credential: EntraPasswordCredential | EntraKeyCredential,
  kind: 'client-secret' | 'certificate',
  facts: CredentialFacts & { appDisabled: boolean; tokenSigning?: boolean; samlSingleSignOn?: boolean },
): Credential {
  const expiresAt = credential.endDateTime ?? null;
  const hint =
    kind === 'client-secret'
      ? (credential as EntraPasswordCredential).hint
      : (credential as EntraKeyCredential).customKeyIdentifier;
  const attributes = credentialAttributes(
    credential,
    facts.tokenSigning === true,
    facts.samlSingleSignOn === true,
  );
  return {
    uid: `azure:${tenantId}:${kind}:${credential.keyId}`,
    provider: 'azure',
    account: tenantId,
    kind,
    externalId: credential.keyId,
    principalUid: principalUid(tenantId, holder),
    principalName: holder.displayName,
    status: status(holder, expiresAt, facts.asOf, facts.appDisabled),
    createdAt: credential.startDateTime ?? null,
    expiresAt,
    lastUsedAt: facts.lastUse.known ? facts.lastUse.at : null,
    lastUsedKnown: facts.lastUse.known,
    ...(facts.lastUse.known ? {} : { lastUsedUnknownReason: facts.lastUse.reason }),
    privileged: facts.privilegedReasons.length > 0,
    privilegedReasons: [...facts.privilegedReasons],
    department: null,
    ownerSignals: facts.ownerSignals,
    ...(hint ? { hint: hint.slice(-8) } : {}),
    ...(attributes ? { attributes } : {}),
  };
}
