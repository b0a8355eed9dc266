/** The AWS IAM/STS/Organizations wire-level emulator: see README.md. */
export { IAM_ACTION_NAMES } from './iam/index.js';
export { emulatedProvider } from './provider.js';
export { startAwsEmulator } from './server.js';
export { STS_ACTION_NAMES } from './sts.js';
export type { AwsEmulator, AwsEmulatorOptions, AwsService, RequestLogEntry } from './types.js';
