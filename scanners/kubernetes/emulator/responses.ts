/**
 * Answers as the API server writes them: objects and lists through the client's own
 * ObjectSerializer (wire names such as `continue`, dates as RFC 3339), failures as a v1 Status.
 */
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Pod,
  V1Role,
  V1RoleBinding,
  V1Secret,
  V1ServiceAccount,
  V1Status,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { Paged } from './paging.js';

export interface Answer {
  status: number;
  body: unknown;
}

/** The list kinds the emulator serves, each with its item type and its model names. */
export interface Lists {
  secrets: V1Secret;
  serviceaccounts: V1ServiceAccount;
  pods: V1Pod;
  clusterroles: V1ClusterRole;
  roles: V1Role;
  clusterrolebindings: V1ClusterRoleBinding;
  rolebindings: V1RoleBinding;
}

const MODELS: { [K in keyof Lists]: { list: string; kind: string; apiVersion: string } } = {
  secrets: { list: 'V1SecretList', kind: 'SecretList', apiVersion: 'v1' },
  serviceaccounts: { list: 'V1ServiceAccountList', kind: 'ServiceAccountList', apiVersion: 'v1' },
  pods: { list: 'V1PodList', kind: 'PodList', apiVersion: 'v1' },
  clusterroles: {
    list: 'V1ClusterRoleList',
    kind: 'ClusterRoleList',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
  roles: { list: 'V1RoleList', kind: 'RoleList', apiVersion: 'rbac.authorization.k8s.io/v1' },
  clusterrolebindings: {
    list: 'V1ClusterRoleBindingList',
    kind: 'ClusterRoleBindingList',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
  rolebindings: {
    list: 'V1RoleBindingList',
    kind: 'RoleBindingList',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
};

export const RESOURCE_VERSION = '4711';

export function listAnswer<K extends keyof Lists>(resource: K, paged: Paged<Lists[K]>): Answer {
  const model = MODELS[resource];
  const list = {
    apiVersion: model.apiVersion,
    kind: model.kind,
    metadata: {
      resourceVersion: RESOURCE_VERSION,
      ...(paged.continueToken ? { _continue: paged.continueToken } : {}),
      ...(paged.remainingItemCount !== undefined ? { remainingItemCount: paged.remainingItemCount } : {}),
    },
    items: paged.items,
  };
  return { status: 200, body: ObjectSerializer.serialize(list, model.list, '') };
}

export const secretAnswer = (secret: V1Secret): Answer => ({
  status: 200,
  body: ObjectSerializer.serialize({ apiVersion: 'v1', kind: 'Secret', ...secret }, 'V1Secret', ''),
});

/** The wire form of a Secret, and back: how a patch is applied. */
export const secretToWire = (secret: V1Secret): unknown => ObjectSerializer.serialize(secret, 'V1Secret', '');
export const secretFromWire = (wire: unknown): V1Secret => ObjectSerializer.deserialize(wire, 'V1Secret', '');

export function statusAnswer(
  code: number,
  reason: string,
  message: string,
  details?: V1Status['details'],
): Answer {
  const status: V1Status = {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    code,
    ...(details ? { details } : {}),
  };
  return { status: code, body: ObjectSerializer.serialize(status, 'V1Status', '') };
}

export const notFound = (name: string) =>
  statusAnswer(404, 'NotFound', `secrets "${name}" not found`, { name, kind: 'secrets' });

export const forbidden = (verb: string, resource: string, group: string) =>
  statusAnswer(
    403,
    'Forbidden',
    `${resource} is forbidden: User "system:serviceaccount:nhiscan:scanner" cannot ${verb} resource "${resource}" in API group "${group}" at the cluster scope`,
  );
