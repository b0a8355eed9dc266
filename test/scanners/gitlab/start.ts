/** Starts the GitLab emulator as a contract source, with the scanner's options pointing at it. */
import {
  type GitlabEmulator,
  type GitlabEmulatorOptions,
  startGitlabEmulator,
} from '../../../scanners/gitlab/emulator/index.js';
import type { ContractSource } from '../contract-support.js';
import { gitlabEstate, TOKEN, TOKEN_ENV } from './estate.js';

export interface StartedGitlab extends ContractSource {
  emulator: GitlabEmulator;
}

export async function startGitlab(
  emulatorOptions: Partial<GitlabEmulatorOptions> = {},
  options: Record<string, unknown> = {},
): Promise<StartedGitlab> {
  const emulator = await startGitlabEmulator({ estate: gitlabEstate(), ...emulatorOptions });
  return {
    emulator,
    options: {
      host: emulator.endpoint,
      token: `env:${TOKEN_ENV}`,
      groups: ['acme', 'beta'],
      instance: true,
      perPage: 1,
      ...options,
    },
    env: { [TOKEN_ENV]: TOKEN },
    baseDir: '.',
    requests: () => emulator.requestLog.length,
    close: () => emulator.close(),
  };
}
