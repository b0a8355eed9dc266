/**
 * The github plugin's contract fixture (test/scanners/contract-support.ts): the two organizations
 * of the scanner tests; denied, every REST call about organization beta answers 403 (an emulator
 * fault: a GitHub estate has no per-organization permissions).
 */
import { startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import { type ContractFixture, startEmulated } from '../contract-support.js';
import { TOKEN, TOKEN_ENV, twoOrgEstate } from './estate.js';

export const contractFixture: ContractFixture = {
  start: () => startEmulated('github', twoOrgEstate()),
  async startDenied() {
    const estate = twoOrgEstate();
    const github = await startGithubEmulator({
      estate,
      faults: [{ path: /^\/orgs\/beta\//, status: 403, times: Number.POSITIVE_INFINITY }],
    });
    return {
      options: {
        orgs: estate.orgs.map((org) => org.login),
        baseUrl: github.endpoint,
        auth: { token: `env:${TOKEN_ENV}` },
      },
      env: { [TOKEN_ENV]: TOKEN },
      baseDir: '.',
      requests: () => github.requestLog.length,
      close: () => github.close(),
    };
  },
  denied: { partialScope: 'org beta' },
  lastUseUnreadable: 'with-the-credential',
};
