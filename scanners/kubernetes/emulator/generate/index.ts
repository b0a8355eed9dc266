/**
 * The Kubernetes part of a generated estate: a few clusters (one kubeconfig context each) of
 * namespaces holding service accounts, each with one legacy token Secret. What the kubernetes
 * scanner makes of each token:
 * - owner: the `nhiscan.io/owner` annotation (the HR email) on the Secret or on its ServiceAccount;
 *   an unowned token has neither;
 * - department: none (the scanner reads none, so no mover-recertify here);
 * - privilege: a ClusterRoleBinding to cluster-admin, or a RoleBinding to a Role that reads
 *   Secrets; others hold a Role that only manages deployments, or nothing;
 * - last use: the `kubernetes.io/legacy-token-last-used` label; a token without it has unknown last
 *   use (the API server labels only tokens used while tracking is on), so no stale finding;
 * - inactive: the `kubernetes.io/legacy-token-invalid-since` label. Legacy tokens never expire.
 */
import type { V1ClusterRole, V1Role, V1Secret } from '@kubernetes/client-node';
import {
  accountCount,
  accountWeights,
  type BuildContext,
  HEX_DIGITS,
  serialCode,
} from '../../../../src/emulate/generate/context.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving } from '../../../../src/emulate/generate/owners.js';
import { drawTimeline, type Timeline } from '../../../../src/emulate/generate/timeline.js';
import type { EmulatedCluster, KubernetesEstate } from '../estate.js';

/** Kubernetes' share of a generated estate's credentials. */
export const KUBERNETES_SHARE = 0.06;
const CONTEXTS = ['prod-eu', 'prod-us', 'staging'] as const;
const NAMESPACES = ['payments', 'platform', 'data', 'ci', 'monitoring', 'web'] as const;
const OWNER_ANNOTATION = 'nhiscan.io/owner';
const RBAC = 'rbac.authorization.k8s.io';

/** The fake value in every generated token Secret's `data.token` (never read by the scanner). */
const FAKE_TOKEN = Buffer.from('generated-kubernetes-token-not-real').toString('base64');

const CLUSTER_ROLES: V1ClusterRole[] = [
  { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
  {
    metadata: { name: 'view' },
    rules: [{ apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: ['get', 'list'] }],
  },
];

function namespaceRoles(namespace: string): V1Role[] {
  return [
    {
      metadata: { namespace, name: 'secret-reader' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    },
    {
      metadata: { namespace, name: 'deployer' },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch', 'update'] }],
    },
  ];
}

function emptyCluster(context: string, seed: number): EmulatedCluster {
  return {
    context,
    token: `generated-kubernetes-bearer-not-real-${seed}-${context}`,
    secrets: [],
    serviceAccounts: [],
    clusterRoles: CLUSTER_ROLES.map((role) => structuredClone(role)),
    roles: NAMESPACES.flatMap(namespaceRoles),
    clusterRoleBindings: [],
    roleBindings: [],
  };
}

/** The token Secret's labels: when it was last used (day precision), when it was made invalid. */
function tokenLabels(context: BuildContext, timeline: Timeline): Record<string, string> {
  const { calendar, random } = context;
  const labels: Record<string, string> = {};
  if (timeline.lastUsedDaysAgo !== null)
    labels['kubernetes.io/legacy-token-last-used'] = calendar.date(-timeline.lastUsedDaysAgo);
  if (timeline.state === 'inactive') {
    const since = Math.min(timeline.createdDaysAgo, timeline.lastUsedDaysAgo ?? timeline.createdDaysAgo);
    labels['kubernetes.io/legacy-token-invalid-since'] = calendar.date(-random.int(0, since));
  }
  return labels;
}

export function buildKubernetesEstate(context: BuildContext, credentials: number): KubernetesEstate {
  const { random, calendar } = context;
  const clusters = Array.from(
    { length: accountCount(credentials, 40, { min: 1, max: CONTEXTS.length }) },
    (_, index) => emptyCluster(CONTEXTS[index]!, context.seed),
  );
  const weights = accountWeights(clusters.length);
  for (let serial = 1; serial <= credentials; serial++) {
    const cluster = clusters[random.weighted(weights)]!;
    const namespace = random.pick(NAMESPACES);
    const account = `${random.pick(PURPOSES)}-${serialCode(serial, HEX_DIGITS, 5)}`;
    const owner = context.owners.pick({ mover: 0, unowned: 0.03 });
    const timeline = drawTimeline(random, {
      canBeInactive: true,
      canExpire: false,
      expiry: 'never',
      minCreatedDaysAgo: createdNotAfterLeaving(owner),
    });
    const privilege = random.next();
    const privileged = privilege < 0.05;
    const ownerOnSecret = random.chance(0.5);
    const annotation: Record<string, string> = owner.entry
      ? { [OWNER_ANNOTATION]: owner.entry.person.email }
      : {};
    const created = calendar.ago(timeline.createdDaysAgo, random.int(0, 43_000));
    cluster.serviceAccounts.push({
      metadata: {
        namespace,
        name: account,
        uid: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}${serialCode(serial, HEX_DIGITS, 8)}`,
        creationTimestamp: new Date(created),
        ...(ownerOnSecret ? {} : { annotations: annotation }),
      },
    });
    const name = `${account}-token`;
    const labels = tokenLabels(context, timeline);
    const secret: V1Secret = {
      type: 'kubernetes.io/service-account-token',
      metadata: {
        namespace,
        name,
        uid: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}${serialCode(serial, HEX_DIGITS, 8)}`,
        creationTimestamp: new Date(created),
        annotations: { 'kubernetes.io/service-account.name': account, ...(ownerOnSecret ? annotation : {}) },
        ...(Object.keys(labels).length ? { labels } : {}),
      },
      data: { token: FAKE_TOKEN },
    };
    cluster.secrets.push(secret);
    const subjects = [{ kind: 'ServiceAccount', name: account, namespace }];
    if (privileged && random.chance(0.5))
      cluster.clusterRoleBindings.push({
        metadata: { name: `${account}-admin` },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
        subjects,
      });
    else if (privileged || privilege < 0.45)
      cluster.roleBindings.push({
        metadata: { namespace, name: `${account}-binding` },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: privileged ? 'secret-reader' : 'deployer' },
        subjects,
      });
    context.facts.push({
      uid: `kubernetes:${cluster.context}:service-account-token:${namespace}/${name}`,
      provider: 'kubernetes',
      account: cluster.context,
      kind: 'service-account-token',
      ownerClass: owner.ownerClass,
      owner: owner.entry,
      timeline,
      privileged,
      department: null,
      ...(timeline.lastUsedDaysAgo === null ? { lastUseUnknown: true as const } : {}),
    });
  }
  return { clusters };
}
