/** Starts the Kubernetes emulator with a kubeconfig for it in a fresh folder, as a contract source. */

import type { KubernetesEstate } from '../../../scanners/kubernetes/emulator/estate.js';
import { type KubeconfigExtra, writeKubeconfig } from '../../../scanners/kubernetes/emulator/kubeconfig.js';
import {
  type KubernetesEmulator,
  startKubernetesEmulator,
} from '../../../scanners/kubernetes/emulator/server.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import type { ContractSource } from '../contract-support.js';

export interface StartedKubernetes extends ContractSource {
  emulator: KubernetesEmulator;
  kubeconfig: string;
}

export async function startKubernetes(
  estate: KubernetesEstate,
  options: Record<string, unknown> = {},
  /** Further contexts, e.g. one to another server (they are not read unless `contexts` names them). */
  extra: (emulator: KubernetesEmulator) => readonly KubeconfigExtra[] = () => [],
): Promise<StartedKubernetes> {
  const emulator = await startKubernetesEmulator(estate);
  const dir = temporaryDirectory('nhiscan-kubernetes-');
  const kubeconfig = writeKubeconfig(emulator, dir.path, extra(emulator));
  return {
    emulator,
    kubeconfig,
    options: {
      kubeconfig,
      contexts: estate.clusters.map((cluster) => cluster.context),
      pageSize: 2,
      ...options,
    },
    env: {},
    baseDir: dir.path,
    requests: () => emulator.requestLog.length,
    close: async () => {
      await emulator.close();
      dir.remove();
    },
  };
}
