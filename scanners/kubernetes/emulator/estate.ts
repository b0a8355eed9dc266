/**
 * What the Kubernetes emulator serves: clusters, each reached through one kubeconfig context by
 * its own bearer token. Objects are typed with the client's own models (V1Secret…), so a drift of
 * @kubernetes/client-node's shapes fails to compile here. An estate file holds the same objects as
 * JSON (dates as strings): `normalizeEstate` reads them back through the client's ObjectSerializer.
 */
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Pod,
  V1Role,
  V1RoleBinding,
  V1Secret,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';

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
  /** The cluster's pods (only what says which Secrets they use matters); none when absent. */
  pods?: V1Pod[];
}

export interface KubernetesEstate {
  clusters: EmulatedCluster[];
}

/** The fake token every emulated token Secret carries in `data.token`: it must never leave the client. */
export const TOKEN_CANARY = 'canary-kubernetes-legacy-token-value';

/** One object as the client's model, whether given as a model or as its JSON (an estate file's). */
const asModel = <T>(object: T, model: string): T =>
  ObjectSerializer.deserialize(ObjectSerializer.serialize(object, model, ''), model, '') as T;

/**
 * The estate with every object as the client's model: dates as Date, whether the estate was built
 * in memory or read from JSON. A copy: serving it (revocations) never changes the given estate.
 */
export function normalizeEstate(estate: KubernetesEstate): KubernetesEstate {
  return {
    clusters: estate.clusters.map((cluster) => ({
      ...cluster,
      secrets: cluster.secrets.map((secret) => asModel(secret, 'V1Secret')),
      serviceAccounts: cluster.serviceAccounts.map((account) => asModel(account, 'V1ServiceAccount')),
      clusterRoles: cluster.clusterRoles.map((role) => asModel(role, 'V1ClusterRole')),
      roles: cluster.roles.map((role) => asModel(role, 'V1Role')),
      clusterRoleBindings: cluster.clusterRoleBindings.map((binding) =>
        asModel(binding, 'V1ClusterRoleBinding'),
      ),
      roleBindings: cluster.roleBindings.map((binding) => asModel(binding, 'V1RoleBinding')),
      pods: (cluster.pods ?? []).map((pod) => asModel(pod, 'V1Pod')),
    })),
  };
}
