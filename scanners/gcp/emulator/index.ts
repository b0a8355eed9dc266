/** The GCP IAM / Resource Manager / Policy Analyzer wire-level emulator: see README.md. */

export { emulatedProvider } from './provider.js';
export { type GcpQuotas, type GcpRateLimit, REAL_GCP_QUOTAS } from './quotas.js';
export { startGcpEmulator } from './server.js';
export type {
  GcpEmulator,
  GcpEmulatorOptions,
  GcpOperation,
  GcpRequestLogEntry,
  GcpService,
} from './types.js';
