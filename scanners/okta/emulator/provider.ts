/**
 * The Okta emulator as an emulated provider (src/emulate/emulated-provider.ts): how `nhiscan demo`,
 * `nhiscan emulate` and the benchmarks start it and point one `okta` source at it (its certificate
 * written to a CA file the source trusts), its rate-limit settings, and the Okta part of a
 * generated estate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { OktaEstate } from './estate.js';
import { buildOktaEstate, OKTA_SHARE } from './generate/index.js';
import type { OktaRateLimit } from './rate-limit.js';
import { oktaRateLimits } from './rate-limit-settings.js';

export const OKTA_TOKEN_VARIABLE = 'NHISCAN_EMULATED_OKTA_TOKEN';

export const emulatedProvider: EmulatedProvider<'okta', OktaEstate, OktaRateLimit> = {
  id: 'okta',
  async start(estate, options) {
    // The server loads only when started: generating an estate (or listing the commands) needs none.
    const { startOktaEmulator } = await import('./server.js');
    const okta = await startOktaEmulator({
      estate,
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    // The certificate is made at start-up: the source trusts it through a CA file.
    const folder = mkdtempSync(join(tmpdir(), 'nhiscan-okta-'));
    const caFile = join(folder, 'okta-ca.pem');
    writeFileSync(caFile, okta.caCertificatePem);
    return {
      sources: [
        { type: 'okta', name: 'okta', orgUrl: okta.orgUrl, token: `env:${OKTA_TOKEN_VARIABLE}`, caFile },
      ],
      env: { [OKTA_TOKEN_VARIABLE]: estate.token },
      endpoints: { okta: okta.orgUrl },
      traffic: () => ({
        requests: okta.requestLog.length,
        throttled: okta.throttledCount,
        byScope: okta.usage(),
      }),
      close: async () => {
        await okta.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
  rateLimits: oktaRateLimits,
  generator: {
    share: OKTA_SHARE,
    build: buildOktaEstate,
    // One org: the emulator serves one org per server, and a source reads one org.
    accounts: () => 1,
  },
};
