/**
 * The gitlab plugin's contract fixture (test/scanners/contract-support.ts): the estate of the
 * scanner tests listed one item a page; denied, every call about group beta (by path or id 20)
 * answers 403. Last use of tokens comes in the same answer as the token; deploy keys, deploy tokens
 * and variables have none, and say so. The fixture starts the emulator directly, for its page
 * size and its denied group.
 */
import type { ContractFixture } from '../contract-support.js';
import { startGitlab } from './start.js';

export const contractFixture: ContractFixture = {
  start: () => startGitlab(),
  startDenied: () =>
    startGitlab({
      faults: [{ path: /\/groups\/(beta|20)(\/|$)/, status: 403, times: Number.POSITIVE_INFINITY }],
    }),
  denied: { partialScope: 'group beta' },
  lastUseUnreadable: 'with-the-credential',
};
