/**
 * The GCP emulator as an emulated provider (src/emulate/emulated-provider.ts): how `nhiscan demo`,
 * `nhiscan emulate` and the benchmarks start it and point a `gcp` source at it, and the GCP part of
 * a generated estate.
 */
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { GcpEstate } from './estate.js';
import { buildGcpEstate, GCP_SHARE } from './generate/index.js';
import type { GcpRateLimit } from './quotas.js';
import { GCP_RATE_LIMITS } from './rate-limit-settings.js';

export const emulatedProvider: EmulatedProvider<'gcp', GcpEstate, GcpRateLimit> = {
  id: 'gcp',
  async start(estate, options) {
    // The servers load only when started: generating an estate (or listing the commands) needs none.
    const { startGcpEmulator } = await import('./server.js');
    const gcp = await startGcpEmulator({
      estate,
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    return {
      sources: [
        {
          type: 'gcp',
          name: 'gcp',
          projects: estate.projects.map((project) => project.projectId),
          rootUrl: gcp.endpoint,
          credentials: { accessToken: 'env:NHISCAN_EMULATED_GCP_TOKEN' },
        },
      ],
      env: { NHISCAN_EMULATED_GCP_TOKEN: estate.token },
      endpoints: { gcp: gcp.endpoint },
      traffic: () => ({
        requests: gcp.requestLog.length,
        throttled: gcp.throttledCount,
        byScope: gcp.usage(),
      }),
      close: () => gcp.close(),
    };
  },
  generator: {
    share: GCP_SHARE,
    build: buildGcpEstate,
    accounts: (estate) => estate.projects.length,
  },
  rateLimits: GCP_RATE_LIMITS,
};
