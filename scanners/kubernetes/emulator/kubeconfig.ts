/**
 * Writes a kubeconfig for the emulator: one cluster, user and context per emulated cluster, each
 * cluster the emulator's https endpoint with its certificate as the CA, each user its fake bearer
 * token. JSON is valid YAML, so the client reads it as any kubeconfig.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesEmulator } from './server.js';

export interface KubeconfigExtra {
  /** A context whose cluster is another server (e.g. plain http off loopback). */
  context: string;
  server: string;
  token: string;
}

export function writeKubeconfig(
  emulator: KubernetesEmulator,
  directory: string,
  extra: readonly KubeconfigExtra[] = [],
): string {
  const ca = Buffer.from(emulator.certificate.certPem).toString('base64');
  const entries = [
    ...emulator.estate.clusters.map((cluster) => ({
      context: cluster.context,
      cluster: { server: emulator.endpoint, 'certificate-authority-data': ca },
      token: cluster.token,
    })),
    ...extra.map((entry) => ({
      context: entry.context,
      cluster: { server: entry.server, 'insecure-skip-tls-verify': true },
      token: entry.token,
    })),
  ];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map((entry) => ({ name: entry.context, cluster: entry.cluster })),
    users: entries.map((entry) => ({ name: entry.context, user: { token: entry.token } })),
    contexts: entries.map((entry) => ({
      name: entry.context,
      context: { cluster: entry.context, user: entry.context },
    })),
    'current-context': entries[0]?.context ?? '',
  };
  const path = join(directory, 'kubeconfig');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
