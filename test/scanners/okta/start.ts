/** Starts the Okta emulator with its CA written to a fresh folder, as a contract source. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OktaEstate } from '../../../scanners/okta/emulator/estate.js';
import { OKTA_REAL_RATE_LIMIT } from '../../../scanners/okta/emulator/rate-limit-settings.js';
import { startOktaEmulator } from '../../../scanners/okta/emulator/server.js';
import type { OktaEmulator, OktaEmulatorOptions } from '../../../scanners/okta/emulator/types.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import type { ContractSource } from '../contract-support.js';

export const TOKEN_VARIABLE = 'NHISCAN_TEST_OKTA_TOKEN';

export interface StartedOkta extends ContractSource {
  emulator: OktaEmulator;
  caFile: string;
}

export async function startOkta(
  estate: OktaEstate,
  options: Record<string, unknown> = {},
  emulatorOptions: Omit<OktaEmulatorOptions, 'estate'> = {},
): Promise<StartedOkta> {
  // Okta's own limits, so every scan reads its X-Rate-Limit headers; two tokens a page.
  const emulator = await startOktaEmulator({
    apiTokenPageSize: 2,
    rateLimit: OKTA_REAL_RATE_LIMIT,
    ...emulatorOptions,
    estate,
  });
  const dir = temporaryDirectory('nhiscan-okta-');
  const caFile = join(dir.path, 'okta-ca.pem');
  writeFileSync(caFile, emulator.caCertificatePem);
  return {
    emulator,
    caFile,
    options: { orgUrl: emulator.orgUrl, token: `env:${TOKEN_VARIABLE}`, caFile, pageSize: 2, ...options },
    env: { [TOKEN_VARIABLE]: estate.token },
    baseDir: dir.path,
    requests: () => emulator.requestLog.length,
    close: async () => {
      await emulator.close();
      dir.remove();
    },
  };
}
