/**
 * The GitHub emulator as an emulated provider (src/emulate/emulated-provider.ts): how
 * `nhiscan demo`, `nhiscan emulate` and the benchmarks start it and point a `github` source at it,
 * and the GitHub part of a generated estate.
 */
import type { EmulatedProvider } from '../../../src/emulate/emulated-provider.js';
import type { GithubEstate } from './estate.js';
import { buildGithubEstate, GITHUB_SHARE } from './generate/index.js';
import { githubRateLimits } from './rate-limit-settings.js';
import type { GithubRateLimit } from './types.js';

export const emulatedProvider: EmulatedProvider<'github', GithubEstate, GithubRateLimit> = {
  id: 'github',
  async start(estate, options) {
    // The servers load only when started: generating an estate (or listing the commands) needs none.
    const { startGithubEmulator } = await import('./server.js');
    const { secondary, ...primary } = options.rateLimit ?? { limit: 5000 };
    const github = await startGithubEmulator({
      estate,
      port: options.port(),
      latencyMs: options.latencyMs,
      ...(options.rateLimit ? { rateLimit: primary } : {}),
      ...(secondary ? { secondaryRateLimit: secondary } : {}),
    });
    return {
      sources: [
        {
          type: 'github',
          name: 'github',
          orgs: estate.orgs.map((org) => org.login),
          baseUrl: github.endpoint,
          auth: { token: 'env:NHISCAN_EMULATED_GITHUB_TOKEN' },
        },
      ],
      env: { NHISCAN_EMULATED_GITHUB_TOKEN: estate.token },
      endpoints: { github: github.endpoint },
      traffic: () => ({
        requests: github.requestLog.length,
        throttled: github.throttledCount,
        byScope: github.usage(),
      }),
      close: () => github.close(),
    };
  },
  generator: {
    share: GITHUB_SHARE,
    build: buildGithubEstate,
    accounts: (estate) => estate.orgs.length,
  },
  rateLimits: githubRateLimits,
};
