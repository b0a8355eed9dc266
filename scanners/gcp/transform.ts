/**
 * Pure payload → model transforms: a service account becomes a Principal, each of its user-managed
 * keys a Credential. Only ids, times and IAM's descriptive key fields are kept: never key material.
 */
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';
import type { GcpServiceAccount, GcpServiceAccountKey } from './emulator/estate.js';

/** A key of a service account, and a leaver's own `user:` binding on a project (leaver-bindings.ts). */
export const GCP_CREDENTIAL_KINDS = ['service-account-key', 'iam-binding'] as const;

/** Google writes a key made without an expiry as valid before 9999-12-31T23:59:59Z. */
const NO_EXPIRY_YEAR = '9999';

export type ListedServiceAccount = GcpServiceAccount & { email: string };

export function credentialUid(project: string, keyId: string): string {
  return `gcp:${project}:service-account-key:${keyId}`;
}

export function principalUid(project: string, email: string): string {
  return `gcp:${project}:service-account:${email.toLowerCase()}`;
}

/** The key id: the last segment of `projects/{project}/serviceAccounts/{email}/keys/{keyId}`. */
export function keyIdOf(key: GcpServiceAccountKey): string {
  return (key.name ?? '').split('/').at(-1) ?? '';
}

export function serviceAccountPrincipal(project: string, account: ListedServiceAccount): Principal {
  const tags: Record<string, string> = {};
  if (account.displayName) tags.displayName = account.displayName;
  if (account.uniqueId) tags.uniqueId = account.uniqueId;
  if (account.description) tags.description = account.description;
  if (account.disabled) tags.disabled = 'true';
  return {
    uid: principalUid(project, account.email),
    provider: 'gcp',
    account: project,
    kind: 'service-account',
    name: account.email,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

/** What was learnt about last use for the whole project. */
export type LastUse =
  | { known: true; byKeyId: ReadonlyMap<string, string> }
  | { known: false; reason: string };

export interface KeyFacts {
  lastUse: LastUse;
  privilegedReasons: readonly string[];
  ownerSignals: OwnerSignal[];
  asOf: Date;
}

function statusOf(
  account: ListedServiceAccount,
  key: GcpServiceAccountKey,
  expiresAt: string | null,
  asOf: Date,
) {
  if (expiresAt && new Date(expiresAt) <= asOf) return 'expired' as const;
  // A key of a disabled service account cannot authenticate until the account is enabled again.
  if (key.disabled || account.disabled) return 'inactive' as const;
  return 'active' as const;
}

/**
 * What IAM says about the key beyond the model's fields, under IAM's own names: `keyOrigin`,
 * `keyType`, `disabled` (`true`/`false`), `disableReason` when given, and the account's
 * `displayName` as `serviceAccountDisplayName`.
 */
export function keyAttributes(
  account: ListedServiceAccount,
  key: GcpServiceAccountKey,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (key.keyOrigin) attributes.keyOrigin = key.keyOrigin;
  if (key.keyType) attributes.keyType = key.keyType;
  attributes.disabled = key.disabled ? 'true' : 'false';
  if (key.disableReason) attributes.disableReason = key.disableReason;
  if (account.displayName) attributes.serviceAccountDisplayName = account.displayName;
  return attributes;
}

export function keyCredential(
  project: string,
  account: ListedServiceAccount,
  key: GcpServiceAccountKey,
  facts: KeyFacts,
): Credential {
  const keyId = keyIdOf(key);
  const validBefore = key.validBeforeTime ?? null;
  const expiresAt = validBefore && !validBefore.startsWith(NO_EXPIRY_YEAR) ? validBefore : null;
  const lastUse = facts.lastUse;
  return {
    uid: credentialUid(project, keyId),
    provider: 'gcp',
    account: project,
    kind: 'service-account-key',
    externalId: keyId,
    principalUid: principalUid(project, account.email),
    principalName: account.email,
    status: statusOf(account, key, expiresAt, facts.asOf),
    createdAt: key.validAfterTime ?? null,
    expiresAt,
    lastUsedAt: lastUse.known ? (lastUse.byKeyId.get(keyId) ?? null) : null,
    lastUsedKnown: lastUse.known,
    ...(lastUse.known ? {} : { lastUsedUnknownReason: lastUse.reason }),
    privileged: facts.privilegedReasons.length > 0,
    privilegedReasons: [...facts.privilegedReasons],
    department: null,
    ownerSignals: facts.ownerSignals,
    hint: keyId.slice(-8),
    attributes: keyAttributes(account, key),
  };
}
