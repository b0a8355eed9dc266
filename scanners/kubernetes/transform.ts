/**
 * Pure payload → model transforms: a ServiceAccount becomes a Principal, each legacy token Secret
 * a Credential. Only names, uids, dates and labels are read: the Secret's `data` (the token) is
 * never touched, so it cannot reach a Credential.
 */
import type { V1ObjectMeta, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';

export const TOKEN_KIND = 'service-account-token';
export const KUBERNETES_CREDENTIAL_KINDS = [TOKEN_KIND] as const;

export const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
/** Set by the API server (1.26+) to the day a legacy token was last used. */
const LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';
/** The API server rejects a legacy token carrying this label (1.29+); the cleaner sets it too. */
export const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';
export const SERVICE_ACCOUNT_ANNOTATION = 'kubernetes.io/service-account.name';

export const NO_LAST_USED_REASON = `the Secret has no ${LAST_USED_LABEL} label: the API server sets it only once the token is used while tracking is on (Kubernetes 1.26+), so last use is unknown`;

export interface OwnerKeys {
  annotations: readonly string[];
  labels: readonly string[];
}

const credentialUid = (context: string, namespace: string, name: string) =>
  `kubernetes:${context}:${TOKEN_KIND}:${namespace}/${name}`;

const principalUid = (context: string, namespace: string, name: string) =>
  `kubernetes:${context}:service-account:${namespace}/${name}`;

/** Owner signals from the configured annotations, then labels, of one object. */
function ownerSignals(metadata: V1ObjectMeta | undefined, object: string, keys: OwnerKeys): OwnerSignal[] {
  const signals: OwnerSignal[] = [];
  for (const key of keys.annotations) {
    const value = metadata?.annotations?.[key]?.trim();
    if (value) signals.push({ kind: 'tag', value, source: `annotation ${key} on ${object}` });
  }
  for (const key of keys.labels) {
    const value = metadata?.labels?.[key]?.trim();
    if (value) signals.push({ kind: 'tag', value, source: `label ${key} on ${object}` });
  }
  return signals;
}

export function serviceAccountPrincipal(context: string, account: V1ServiceAccount): Principal {
  const namespace = account.metadata?.namespace ?? '';
  const name = account.metadata?.name ?? '';
  return {
    uid: principalUid(context, namespace, name),
    provider: 'kubernetes',
    account: context,
    kind: 'service-account',
    name: `${namespace}/${name}`,
    ...(account.metadata?.uid ? { tags: { uid: account.metadata.uid } } : {}),
  };
}

const isoOf = (value: Date | string | undefined): string | null =>
  value === undefined ? null : value instanceof Date ? value.toISOString() : value;

interface TokenFacts {
  /** The Secret's ServiceAccount, when it was listed. */
  account: V1ServiceAccount | undefined;
  /** The workloads that use the Secret (workloads.ts); absent when none does. */
  mountedBy: string | undefined;
  privilegedReasons: readonly string[];
  ownerKeys: OwnerKeys;
}

export function tokenCredential(context: string, secret: V1Secret, facts: TokenFacts): Credential {
  const metadata = secret.metadata;
  const namespace = metadata?.namespace ?? '';
  const name = metadata?.name ?? '';
  const accountName = metadata?.annotations?.[SERVICE_ACCOUNT_ANNOTATION] ?? null;
  const lastUsed = metadata?.labels?.[LAST_USED_LABEL];
  const invalidSince = metadata?.labels?.[INVALID_SINCE_LABEL];
  const ownerSignalsOf = [
    ...ownerSignals(metadata, `Secret ${namespace}/${name}`, facts.ownerKeys),
    ...(accountName
      ? ownerSignals(facts.account?.metadata, `ServiceAccount ${namespace}/${accountName}`, facts.ownerKeys)
      : []),
  ];
  const attributes: Record<string, string> = {};
  if (metadata?.uid) attributes.uid = metadata.uid;
  if (invalidSince) attributes[INVALID_SINCE_LABEL] = invalidSince;
  if (facts.mountedBy) attributes.mountedBy = facts.mountedBy;
  return {
    uid: credentialUid(context, namespace, name),
    provider: 'kubernetes',
    account: context,
    kind: TOKEN_KIND,
    externalId: `${namespace}/${name}`,
    principalUid: accountName ? principalUid(context, namespace, accountName) : null,
    principalName: accountName ? `${namespace}/${accountName}` : null,
    status: invalidSince ? 'inactive' : 'active',
    createdAt: isoOf(metadata?.creationTimestamp),
    // A legacy token has no expiry.
    expiresAt: null,
    lastUsedAt: lastUsed ?? null,
    lastUsedKnown: lastUsed !== undefined,
    ...(lastUsed === undefined ? { lastUsedUnknownReason: NO_LAST_USED_REASON } : {}),
    privileged: facts.privilegedReasons.length > 0,
    privilegedReasons: [...facts.privilegedReasons],
    department: null,
    ownerSignals: ownerSignalsOf,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}
