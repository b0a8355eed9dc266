/**
 * Revokes exactly the legacy token Secret named, and re-reads it for verification.
 * - disable: merge-patch the label `kubernetes.io/legacy-token-invalid-since=<today>` onto the
 *   Secret: the API server rejects the token from then on (1.29+), and removing the label undoes it;
 * - delete: delete the Secret (irreversible: the token is gone with it).
 * 404 means already revoked. A dry run makes no call and only names the exact one.
 */
import { PatchStrategy } from '@kubernetes/client-node';
import { isoDay } from '../../src/core/dates.js';
import type { Credential } from '../../src/core/model.js';
import type { RevokeOptions, RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import { type ContextClients, callOptions } from './clients.js';
import { describeKubernetesError, isConflict, isNotFound, kubernetesFailure } from './errors.js';
import { INVALID_SINCE_LABEL, TOKEN_KIND } from './transform.js';

/**
 * The Secret a credential names: its `externalId` is `namespace/name`, its account the context, and
 * the Secret's own uid (attributes.uid) is sent as a precondition, so a Secret re-created under the
 * same name is never patched or deleted in its place (the API server answers 409 Conflict).
 */
function secretOf(credential: Credential): {
  namespace: string;
  name: string;
  uid: string | undefined;
} {
  const [namespace, name, ...rest] = credential.externalId.split('/');
  if (credential.kind !== TOKEN_KIND || !namespace || !name || rest.length > 0)
    throw new Error(`kubernetes: ${credential.uid} is not a service account token this plugin listed`);
  return { namespace, name, uid: credential.attributes?.uid };
}

export const revocationSteps = (_credential: Credential): RevokeStep[] => ['disable', 'delete'];

interface Call {
  apiCall: string;
  send(clients: ContextClients, signal: AbortSignal): Promise<unknown>;
}

function plan(credential: Credential, step: RevokeStep, today: string): Call {
  const { namespace, name, uid } = secretOf(credential);
  const path = `/api/v1/namespaces/${namespace}/secrets/${name}`;
  const precondition = uid ? ` (uid ${uid})` : '';
  switch (step) {
    case 'disable':
      return {
        apiCall: `PATCH ${path}${precondition} (${PatchStrategy.MergePatch}) metadata.labels.${INVALID_SINCE_LABEL}=${today}`,
        send: (clients, signal) =>
          clients.core.patchNamespacedSecret(
            {
              namespace,
              name,
              body: { metadata: { ...(uid ? { uid } : {}), labels: { [INVALID_SINCE_LABEL]: today } } },
            },
            callOptions(signal, PatchStrategy.MergePatch),
          ),
      };
    case 'delete':
      return {
        apiCall: `DELETE ${path}${precondition}`,
        send: (clients, signal) =>
          clients.core.deleteNamespacedSecret(
            { namespace, name, ...(uid ? { body: { preconditions: { uid } } } : {}) },
            callOptions(signal),
          ),
      };
    default:
      throw new Error(`kubernetes: step ${step} is not supported; use disable or delete`);
  }
}

export async function revokeCredential(
  clientsFor: (context: string) => ContextClients,
  credential: Credential,
  step: RevokeStep,
  options: RevokeOptions,
): Promise<RevokeResult> {
  // The day the executor acts on (its clock), so a dry run and --apply name the same label value.
  const call = plan(credential, step, isoDay(options.now ?? new Date()));
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await call.send(clientsFor(credential.account), options.signal);
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNotFound(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: '404 NotFound' };
    // The uid precondition failed: the name now holds another Secret; this token's is gone.
    if (isConflict(error))
      return {
        outcome: 'already-revoked',
        apiCall: call.apiCall,
        detail: `409 Conflict: the name now holds another Secret (${describeKubernetesError(error)})`,
      };
    throw kubernetesFailure(call.apiCall, credential.account, error);
  }
}

/** Re-reads the Secret: usable while it (the same uid) exists without the invalid-since label. */
export async function verifyCredential(
  clients: ContextClients,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const { namespace, name, uid } = secretOf(credential);
  try {
    const secret = await clients.core.readNamespacedSecret({ namespace, name }, callOptions(signal));
    if (uid && secret.metadata?.uid !== uid)
      return {
        usable: false,
        exists: false,
        detail: `the name now holds another Secret (uid ${secret.metadata?.uid ?? 'none'}, not ${uid})`,
      };
    const invalidSince = secret.metadata?.labels?.[INVALID_SINCE_LABEL];
    if (invalidSince)
      return { usable: false, exists: true, detail: `labelled ${INVALID_SINCE_LABEL}=${invalidSince}` };
    return { usable: true, exists: true, detail: `the Secret exists without ${INVALID_SINCE_LABEL}` };
  } catch (error) {
    if (isNotFound(error)) return { usable: false, exists: false, detail: '404 NotFound' };
    return {
      usable: 'unknown',
      exists: 'unknown',
      detail: `re-read failed: ${describeKubernetesError(error)}`,
    };
  }
}
