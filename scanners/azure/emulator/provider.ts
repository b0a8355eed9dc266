/**
 * The Microsoft Entra emulator as an emulated provider (src/emulate/emulated-provider.ts): how
 * `nhiscan demo`, `nhiscan emulate` and the benchmarks start it (Graph, then the token endpoint)
 * and point one `azure` source at it (all its tenants, read in parallel), its rate-limit settings
 * (rate-limits.ts), and the Entra part of a generated estate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { AzureEstate } from './estate.js';
import { AZURE_SHARE, buildAzureEstate } from './generate/index.js';
import { graphRateLimits } from './rate-limits.js';
import type { GraphRateLimit } from './types.js';

export const emulatedProvider: EmulatedProvider<'azure', AzureEstate, GraphRateLimit> = {
  id: 'azure',
  async start(estate, options) {
    // The servers load only when started: generating an estate (or listing the commands) needs none.
    const { startAzureEmulator } = await import('./server.js');
    const azure = await startAzureEmulator({
      estate,
      graphPort: options.port(),
      tokenPort: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    // The token endpoint's certificate is made at start-up: the sources trust it through a CA file.
    const folder = mkdtempSync(join(tmpdir(), 'nhiscan-entra-'));
    const caFile = join(folder, 'authority-ca.pem');
    writeFileSync(caFile, azure.caCertificatePem);
    const env: Record<string, string> = {};
    const tenants = estate.tenants.map((tenant, index) => {
      const variable = `NHISCAN_EMULATED_ENTRA_SECRET_${index + 1}`;
      env[variable] = tenant.client.clientSecret;
      return {
        tenantId: tenant.tenantId,
        credentials: { clientId: tenant.client.clientId, clientSecret: `env:${variable}` },
      };
    });
    // One source (none without tenants): its tenants are read in parallel, each paced on its own.
    const sources = tenants.slice(0, 1).map(() => ({
      type: 'azure',
      name: 'entra',
      ...(tenants.length === 1 ? tenants[0] : { tenants }),
      graphUrl: azure.graphEndpoint,
      authorityHost: azure.authorityHost,
      authorityCaFile: caFile,
    }));
    return {
      sources,
      env,
      endpoints: { azure: azure.graphEndpoint, entraAuthority: azure.authorityHost },
      // Graph requests: the token endpoint is not rate limited (a token lasts the whole scan).
      traffic: () => ({
        requests: azure.requestLog.filter((entry) => entry.server === 'graph').length,
        throttled: azure.throttledCount,
        byScope: azure.usage(),
      }),
      close: async () => {
        await azure.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
  rateLimits: graphRateLimits,
  generator: {
    share: AZURE_SHARE,
    build: buildAzureEstate,
    accounts: (estate) => estate.tenants.length,
  },
};
