/**
 * The estate of the kubernetes scanner tests: cluster `prod` with three legacy token Secrets (an
 * owned cluster-admin token used recently, a token of a role binder with no last-use label, a
 * revoked one of a secret reader) and an unrelated Opaque Secret; cluster `staging` with one plain
 * token. Every token Secret carries the canary token in `data.token`.
 */
import type { V1Secret } from '@kubernetes/client-node';
import {
  type EmulatedCluster,
  type KubernetesEstate,
  TOKEN_CANARY,
} from '../../../scanners/kubernetes/emulator/estate.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

export function tokenSecret(
  namespace: string,
  name: string,
  account: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: {
      namespace,
      name,
      uid: `uid-${namespace}-${name}`,
      creationTimestamp: new Date('2025-03-01T10:00:00Z'),
      annotations: { 'kubernetes.io/service-account.name': account, ...extra.annotations },
      ...(extra.labels ? { labels: extra.labels } : {}),
    },
    data: { token: b64(TOKEN_CANARY), 'ca.crt': b64('fake-ca'), namespace: b64(namespace) },
  };
}

export function prodCluster(): EmulatedCluster {
  return {
    context: 'prod',
    token: 'fake-prod-bearer-token',
    secrets: [
      tokenSecret('ci', 'deployer-token', 'deployer', {
        labels: { 'kubernetes.io/legacy-token-last-used': '2026-11-20' },
        annotations: { 'nhiscan.io/owner': 'carol@example.com' },
      }),
      tokenSecret('ci', 'builder-token', 'builder'),
      tokenSecret('monitoring', 'reader-token', 'reader', {
        labels: {
          'kubernetes.io/legacy-token-last-used': '2026-01-05',
          'kubernetes.io/legacy-token-invalid-since': '2026-06-01',
        },
      }),
      {
        type: 'Opaque',
        metadata: { namespace: 'ci', name: 'app-config', uid: 'uid-ci-app-config' },
        data: { password: b64('not-a-token') },
      },
    ],
    serviceAccounts: [
      {
        metadata: {
          namespace: 'ci',
          name: 'deployer',
          uid: 'sa-ci-deployer',
          annotations: { 'nhiscan.io/owner': 'alice@example.com' },
        },
      },
      { metadata: { namespace: 'ci', name: 'builder', uid: 'sa-ci-builder' } },
      {
        metadata: {
          namespace: 'monitoring',
          name: 'reader',
          uid: 'sa-monitoring-reader',
          labels: { owner: 'bob' },
        },
      },
    ],
    clusterRoles: [
      { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
      {
        metadata: { name: 'rbac-manager' },
        rules: [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            verbs: ['bind', 'escalate'],
          },
        ],
      },
      {
        metadata: { name: 'view-pods' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
    ],
    roles: [
      {
        metadata: { namespace: 'monitoring', name: 'secret-reader' },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      },
    ],
    clusterRoleBindings: [
      {
        metadata: { name: 'deployer-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
      },
      {
        metadata: { name: 'builder-rbac' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rbac-manager' },
        subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }],
      },
      {
        metadata: { name: 'everyone-views-pods' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view-pods' },
        subjects: [{ kind: 'Group', name: 'system:serviceaccounts', apiGroup: 'rbac.authorization.k8s.io' }],
      },
    ],
    roleBindings: [
      {
        metadata: { namespace: 'monitoring', name: 'reader-secrets' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader' }],
      },
    ],
    pods: [
      {
        metadata: {
          namespace: 'ci',
          name: 'deploy-bot-7d9f-x2k4',
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: 'deploy-bot-7d9f',
              uid: 'rs-1',
              controller: true,
            },
          ],
        },
        spec: {
          containers: [{ name: 'bot' }],
          volumes: [{ name: 'token', secret: { secretName: 'deployer-token' } }],
        },
      },
      {
        metadata: { namespace: 'ci', name: 'debug' },
        spec: {
          containers: [
            {
              name: 'shell',
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'deployer-token', key: 'token' } } }],
            },
          ],
        },
      },
      // Same Secret name, another namespace: not a user of ci/deployer-token.
      {
        metadata: { namespace: 'monitoring', name: 'lookalike' },
        spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'deployer-token' } }] }] },
      },
    ],
  };
}

export function stagingCluster(): EmulatedCluster {
  return {
    context: 'staging',
    token: 'fake-staging-bearer-token',
    secrets: [
      tokenSecret('default', 'app-token', 'app', {
        labels: { 'kubernetes.io/legacy-token-last-used': '2026-11-01' },
      }),
    ],
    serviceAccounts: [{ metadata: { namespace: 'default', name: 'app', uid: 'sa-default-app' } }],
    clusterRoles: [],
    roles: [],
    clusterRoleBindings: [],
    roleBindings: [],
  };
}

export const twoClusterEstate = (): KubernetesEstate => ({ clusters: [prodCluster(), stagingCluster()] });
