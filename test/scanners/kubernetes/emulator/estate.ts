/**
 * What the Kubernetes emulator serves: clusters, each reached through one kubeconfig context by
 * its own bearer token. Objects are typed with the client's own models (V1Secret…), so a drift of
 * @kubernetes/client-node's shapes fails to compile here.
 */
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Role,
  V1RoleBinding,
  V1Secret,
  V1ServiceAccount,
} from '@kubernetes/client-node';

export interface EmulatedCluster {
  /** The kubeconfig context (and cluster and user) name. */
  context: string;
  /** The bearer token of the context's user (fake). */
  token: string;
  /** Every request answers 403 Forbidden, as for an identity with no RBAC grants. */
  forbidden?: boolean;
  secrets: V1Secret[];
  serviceAccounts: V1ServiceAccount[];
  clusterRoles: V1ClusterRole[];
  roles: V1Role[];
  clusterRoleBindings: V1ClusterRoleBinding[];
  roleBindings: V1RoleBinding[];
}

export interface KubernetesEstate {
  clusters: EmulatedCluster[];
}

/** The fake token every emulated token Secret carries in `data.token`: it must never leave the client. */
export const TOKEN_CANARY = 'canary-kubernetes-legacy-token-value';
