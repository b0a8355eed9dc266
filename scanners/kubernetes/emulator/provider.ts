/**
 * The Kubernetes emulator as an emulated provider (src/emulate/emulated-provider.ts): how
 * `nhiscan demo`, `nhiscan emulate` and the benchmarks start it (one https API server for every
 * cluster, told apart by bearer token), the kubeconfig that reaches it (written to a fresh folder,
 * with the emulator's certificate as each cluster's CA), one `kubernetes` source reading every
 * context, its rate-limit settings (rate-limits.ts), and the Kubernetes part of a generated estate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { KubernetesEstate } from './estate.js';
import { buildKubernetesEstate, KUBERNETES_SHARE } from './generate/index.js';
import { type KubernetesRateLimit, kubernetesRateLimits } from './rate-limits.js';

export const emulatedProvider: EmulatedProvider<'kubernetes', KubernetesEstate, KubernetesRateLimit> = {
  id: 'kubernetes',
  async start(estate, options) {
    // The server loads only when started: generating an estate (or listing the commands) needs none.
    const { startKubernetesEmulator } = await import('./server.js');
    const { writeKubeconfig } = await import('./kubeconfig.js');
    const emulator = await startKubernetesEmulator(estate, {
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    const folder = mkdtempSync(join(tmpdir(), 'nhiscan-kubernetes-'));
    const kubeconfig = writeKubeconfig(emulator, folder);
    const contexts = emulator.estate.clusters.map((cluster) => cluster.context);
    // One source (none without clusters): its contexts are read one after the other.
    const sources = contexts.length ? [{ type: 'kubernetes', name: 'kubernetes', kubeconfig, contexts }] : [];
    return {
      sources,
      env: {},
      endpoints: { kubernetes: emulator.endpoint },
      traffic: () => ({ requests: emulator.requestLog.length, throttled: emulator.throttled() }),
      close: async () => {
        await emulator.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
  rateLimits: kubernetesRateLimits,
  generator: {
    share: KUBERNETES_SHARE,
    build: buildKubernetesEstate,
    accounts: (estate) => estate.clusters.length,
  },
};
