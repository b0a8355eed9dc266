/** The GCP IAM / Resource Manager / Policy Analyzer wire-level emulator: see README.md. */

export { emulatedProvider } from './provider.js';
export { startGcpEmulator } from './server.js';
export type {
  GcpEmulator,
  GcpEmulatorOptions,
  GcpOperation,
  GcpRequestLogEntry,
  GcpService,
} from './types.js';
