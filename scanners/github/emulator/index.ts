/** The GitHub REST + GraphQL wire-level emulator: see README.md. */

export { emulatedProvider } from './provider.js';
export { GITHUB_REAL_RATE_LIMIT, githubRateLimits } from './rate-limit-settings.js';
export { startGithubEmulator } from './server.js';
export type {
  FaultRule,
  GithubEmulator,
  GithubEmulatorOptions,
  GithubRateLimit,
  PrimaryRateLimitOptions,
  RequestLogEntry,
  SecondaryRateLimitOptions,
} from './types.js';
