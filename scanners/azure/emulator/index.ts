/** The Microsoft Entra wire-level emulator (token endpoint + Microsoft Graph): see README.md. */

export { emulatedProvider } from './provider.js';
export { startAzureEmulator } from './server.js';
export type {
  AzureEmulator,
  AzureEmulatorOptions,
  AzureOperation,
  AzureRequestLogEntry,
  AzureServer,
  GraphOperation,
  GraphVersion,
  TokenOperation,
} from './types.js';
