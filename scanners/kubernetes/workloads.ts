/**
 * Which workloads use a legacy token Secret: the pods that mount it as a volume (plain or
 * projected) or read it into their environment (`secretKeyRef`, `envFrom`), named by the
 * controller that owns them (a ReplicaSet, a Job…) or as the pod itself. Revoking the token breaks
 * them, so the reviewer sees them (attribute `mountedBy`). Pure: pods are listed by list-context.ts.
 * A pod's service account alone does not count: since Kubernetes 1.24 pods get bound, projected
 * tokens, never the legacy Secret, unless they reference it.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';

/** At most this many workloads are named on one credential; the rest are counted. */
const NAMED_WORKLOADS = 10;

function envSecretNames(containers: readonly V1Container[] | undefined): string[] {
  const names: string[] = [];
  for (const container of containers ?? []) {
    for (const variable of container.env ?? []) {
      const name = variable.valueFrom?.secretKeyRef?.name;
      if (name) names.push(name);
    }
    for (const source of container.envFrom ?? [])
      if (source.secretRef?.name) names.push(source.secretRef.name);
  }
  return names;
}

/** Every Secret name the pod references. */
function secretNames(pod: V1Pod): Set<string> {
  const names = new Set<string>();
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.secret?.secretName) names.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? [])
      if (source.secret?.name) names.add(source.secret.name);
  }
  for (const name of [...envSecretNames(pod.spec?.containers), ...envSecretNames(pod.spec?.initContainers)])
    names.add(name);
  return names;
}

/** `ReplicaSet web-7d9f`, or `Pod web-0` for a pod no controller owns. */
function workloadOf(pod: V1Pod): string {
  const owner =
    pod.metadata?.ownerReferences?.find((reference) => reference.controller) ??
    pod.metadata?.ownerReferences?.[0];
  return owner ? `${owner.kind} ${owner.name}` : `Pod ${pod.metadata?.name ?? ''}`;
}

export class WorkloadIndex {
  /** Workloads by `namespace/secret`, each named once. */
  private readonly bySecret = new Map<string, Set<string>>();

  /** Indexes one page of pods (pages are added as they arrive, never held). */
  add(pods: readonly V1Pod[]): void {
    for (const pod of pods) {
      const namespace = pod.metadata?.namespace ?? '';
      for (const name of secretNames(pod)) {
        const key = `${namespace}/${name}`;
        let workloads = this.bySecret.get(key);
        if (!workloads) {
          workloads = new Set();
          this.bySecret.set(key, workloads);
        }
        workloads.add(workloadOf(pod));
      }
    }
  }

  /** `ReplicaSet web-7d9f, Pod debug (+3 more)`, sorted; undefined when nothing uses the Secret. */
  mountedBy(namespace: string, secret: string): string | undefined {
    const workloads = [...(this.bySecret.get(`${namespace}/${secret}`) ?? [])].sort();
    if (workloads.length === 0) return undefined;
    const named = workloads.slice(0, NAMED_WORKLOADS).join(', ');
    const more = workloads.length - NAMED_WORKLOADS;
    return more > 0 ? `${named} (+${more} more)` : named;
  }
}
