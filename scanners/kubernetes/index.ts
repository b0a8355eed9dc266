/**
 * kubernetes: legacy service-account token Secrets of every configured kubeconfig context, with
 * last use from the API server's tracking label, owners from configured annotations and labels,
 * privilege from the RBAC bindings naming their service account, and exact revocation (label
 * invalid, then delete) through the official client (@kubernetes/client-node).
 */
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { type ContextClients, contextClients, kubeconfigPath } from './clients.js';
import { isTransient } from './errors.js';
import { listContext } from './list-context.js';
import { type KubernetesOptions, kubernetesOptionsSchema } from './options.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';
import { KUBERNETES_CREDENTIAL_KINDS } from './transform.js';

export const SCAN_PERMISSIONS = [
  'list secrets (all namespaces; only type kubernetes.io/service-account-token is requested)',
  'list serviceaccounts (all namespaces)',
  'list pods (all namespaces; the workloads that mount or read each token Secret)',
  'list clusterroles, roles, clusterrolebindings, rolebindings (rbac.authorization.k8s.io; privilege)',
] as const;

export const REVOKE_PERMISSIONS = [
  'patch secrets (label kubernetes.io/legacy-token-invalid-since)',
  'delete secrets',
  'get secrets (verify)',
] as const;

async function* listKubernetes(
  options: KubernetesOptions,
  source: PluginSource,
  context: ScanContext,
): AsyncGenerator<ScanPage> {
  const kubeconfig = kubeconfigPath(options, source.baseDir ?? context.baseDir);
  const scan = { kubeconfig, options, signal: context.signal, progress: context.progress };
  for (const name of options.contexts) {
    context.signal.throwIfAborted();
    yield* listContext(scan, name);
  }
  // Cancelled after the last page: never end as if the listing were complete.
  context.signal.throwIfAborted();
}

export const plugin = {
  id: 'kubernetes',
  description:
    'Kubernetes legacy service-account token Secrets, with last use, owners and RBAC privilege (@kubernetes/client-node)',
  credentialKinds: KUBERNETES_CREDENTIAL_KINDS,
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: kubernetesOptionsSchema,
  create(options: KubernetesOptions, source: PluginSource) {
    const clients = new Map<string, ContextClients>();
    const clientsFor = (name: string) => {
      let found = clients.get(name);
      if (!found) {
        found = contextClients(kubeconfigPath(options, source.baseDir ?? '.'), name);
        clients.set(name, found);
      }
      return found;
    };
    return {
      list: (context) => listKubernetes(options, source, context),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(clientsFor, credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(clientsFor(credential.account), credential, context.signal),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<KubernetesOptions>;
