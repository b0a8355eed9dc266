/**
 * The GitLab emulator as an emulated provider (src/emulate/emulated-provider.ts): how
 * `nhiscan demo`, `nhiscan emulate` and the benchmarks start it and point one `gitlab` source at it
 * (its top-level groups, and instance-wide PATs when the estate's token is an administrator's), its
 * rate-limit settings, and the GitLab part of a generated estate.
 */
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { GitlabEstate } from './estate.js';
import { buildGitlabEstate, GITLAB_SHARE } from './generate/index.js';
import { gitlabRateLimits } from './rate-limit-settings.js';
import type { GitlabRateLimit } from './types.js';

export const GITLAB_TOKEN_ENV = 'NHISCAN_EMULATED_GITLAB_TOKEN';

export const emulatedProvider: EmulatedProvider<'gitlab', GitlabEstate, GitlabRateLimit> = {
  id: 'gitlab',
  async start(estate, options) {
    // The server loads only when started: generating an estate needs none.
    const { startGitlabEmulator } = await import('./server.js');
    const gitlab = await startGitlabEmulator({
      estate,
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    return {
      sources: [
        {
          type: 'gitlab',
          name: 'gitlab',
          host: gitlab.endpoint,
          token: `env:${GITLAB_TOKEN_ENV}`,
          groups: estate.groups
            .filter((entry) => entry.group.parent_id === null)
            .map((entry) => entry.group.full_path),
          instance: estate.admin,
        },
      ],
      env: { [GITLAB_TOKEN_ENV]: estate.token },
      endpoints: { gitlab: gitlab.endpoint },
      traffic: () => ({
        requests: gitlab.requestLog.length,
        throttled: gitlab.throttledCount,
        byScope: gitlab.usage(),
      }),
      close: () => gitlab.close(),
    };
  },
  generator: {
    share: GITLAB_SHARE,
    build: buildGitlabEstate,
    accounts: (estate) =>
      estate.groups.filter((entry) => entry.group.parent_id === null).length + (estate.admin ? 1 : 0),
  },
  rateLimits: gitlabRateLimits,
};
