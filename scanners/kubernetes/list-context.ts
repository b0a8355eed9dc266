/**
 * Lists one kubeconfig context: its RBAC objects (for privilege), its ServiceAccounts (principals
 * and owner signals), its pods (the workloads using each token), then its legacy token Secrets page
 * by page, each page a ScanPage. Any failed
 * call (403, 401, 5xx, a refused context) ends the context with a page marked partial naming the
 * call: could not look is never nothing there. A cancelled scan rethrows instead.
 */
import type { V1Pod, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { type ContextClients, ContextRefused, callOptions, contextClients } from './clients.js';
import { describeKubernetesError } from './errors.js';
import type { KubernetesOptions } from './options.js';
import { listAll, pagesOf } from './paginate.js';
import { PrivilegeIndex } from './privilege.js';
import {
  type OwnerKeys,
  SERVICE_ACCOUNT_ANNOTATION,
  serviceAccountPrincipal,
  TOKEN_SECRET_TYPE,
  tokenCredential,
} from './transform.js';
import { WorkloadIndex } from './workloads.js';

interface ContextScan {
  kubeconfig: string;
  options: KubernetesOptions;
  signal: AbortSignal;
  progress?: ((message: string) => void) | undefined;
}

/** The call in progress, named for a partial mark. */
interface Cursor {
  operation: string;
}

async function readPrivilege(clients: ContextClients, scan: ContextScan, cursor: Cursor) {
  const { rbac } = clients;
  const { signal } = scan;
  const limit = scan.options.pageSize;
  const options = callOptions(signal);
  cursor.operation = 'list clusterroles';
  const clusterRoles = await listAll((page) => rbac.listClusterRole(page, options), limit, signal);
  cursor.operation = 'list roles';
  const roles = await listAll((page) => rbac.listRoleForAllNamespaces(page, options), limit, signal);
  cursor.operation = 'list clusterrolebindings';
  const clusterRoleBindings = await listAll(
    (page) => rbac.listClusterRoleBinding(page, options),
    limit,
    signal,
  );
  cursor.operation = 'list rolebindings';
  const roleBindings = await listAll(
    (page) => rbac.listRoleBindingForAllNamespaces(page, options),
    limit,
    signal,
  );
  return new PrivilegeIndex({ clusterRoles, roles, clusterRoleBindings, roleBindings });
}

const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

export async function* listContext(scan: ContextScan, context: string): AsyncGenerator<ScanPage> {
  const cursor: Cursor = { operation: 'load the kubeconfig' };
  const { signal, options } = scan;
  const ownerKeys: OwnerKeys = { annotations: options.ownerAnnotations, labels: options.ownerLabels };
  try {
    const clients = contextClients(scan.kubeconfig, context);
    scan.progress?.(`kubernetes: context ${context}`);
    const privilege = await readPrivilege(clients, scan, cursor);
    cursor.operation = 'list serviceaccounts';
    const accounts: V1ServiceAccount[] = await listAll(
      (page) => clients.core.listServiceAccountForAllNamespaces(page, callOptions(signal)),
      options.pageSize,
      signal,
    );
    const byKey = new Map(
      accounts.map((account) => [keyOf(account.metadata?.namespace, account.metadata?.name), account]),
    );
    let principals = accounts.map((account) => serviceAccountPrincipal(context, account));
    cursor.operation = 'list pods';
    const workloads = new WorkloadIndex();
    const podPages = pagesOf<V1Pod>(
      (page) => clients.core.listPodForAllNamespaces(page, callOptions(signal)),
      options.pageSize,
      signal,
    );
    for await (const pods of podPages) workloads.add(pods);
    cursor.operation = 'list secrets';
    const secretPages = pagesOf<V1Secret>(
      (page) =>
        clients.core.listSecretForAllNamespaces(
          { ...page, fieldSelector: `type=${TOKEN_SECRET_TYPE}` },
          callOptions(signal),
        ),
      options.pageSize,
      signal,
    );
    for await (const secrets of secretPages) {
      const credentials = secrets
        .filter((secret) => secret.type === TOKEN_SECRET_TYPE)
        .map((secret) => {
          const namespace = secret.metadata?.namespace;
          const accountName = secret.metadata?.annotations?.[SERVICE_ACCOUNT_ANNOTATION];
          return tokenCredential(context, secret, {
            account: accountName ? byKey.get(keyOf(namespace, accountName)) : undefined,
            mountedBy: workloads.mountedBy(namespace ?? '', secret.metadata?.name ?? ''),
            privilegedReasons: accountName ? privilege.reasonsFor(namespace ?? '', accountName) : [],
            ownerKeys,
          });
        });
      yield { credentials, principals };
      principals = [];
    }
  } catch (error) {
    // A cancelled scan, and a kubeconfig that is not one (input to fix, exit 2), are rethrown.
    const reason =
      error instanceof ContextRefused
        ? error.message
        : `${cursor.operation} failed: ${describeKubernetesError(error)}`;
    yield couldNotRead(error, signal, `context ${context}`, reason);
  }
}
