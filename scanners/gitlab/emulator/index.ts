/** The GitLab REST (API v4) wire-level emulator: see README.md. */

export { emulatedProvider, GITLAB_TOKEN_ENV } from './provider.js';
export { GITLAB_REAL_RATE_LIMIT, gitlabRateLimits } from './rate-limit-settings.js';
export { startGitlabEmulator } from './server.js';
export type {
  FaultRule,
  GitlabEmulator,
  GitlabEmulatorOptions,
  GitlabRateLimit,
  RequestLogEntry,
} from './types.js';
