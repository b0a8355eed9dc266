/** The GitHub REST + GraphQL wire-level emulator: see README.md. */

export { emulatedProvider } from './provider.js';
export { startGithubEmulator } from './server.js';
export type {
  FaultRule,
  GithubEmulator,
  GithubEmulatorOptions,
  PrimaryRateLimitOptions,
  RequestLogEntry,
  SecondaryRateLimitOptions,
} from './types.js';
