/** The Okta Management API wire-level emulator: see README.md. */

export { EMULATED_OKTA_HOST, type OktaEstate } from './estate.js';
export { emulatedProvider, OKTA_TOKEN_VARIABLE } from './provider.js';
export { OKTA_REAL_RATE_LIMIT, oktaRateLimits } from './rate-limit-settings.js';
export { startOktaEmulator } from './server.js';
export type { OktaEmulator, OktaEmulatorOptions, OktaRequestLogEntry } from './types.js';
