/**
 * The kubernetes plugin's contract fixture (test/scanners/contract-support.ts): the two-cluster
 * estate of the scanner tests, listed two objects a page; denied, a third context whose identity
 * the API server answers 403 Forbidden. Last use is a label of the token Secret itself, read in the
 * same answer: nothing separate can fail.
 */
import type { ContractFixture } from '../contract-support.js';
import { prodCluster, stagingCluster, twoClusterEstate } from './estate.js';
import { startKubernetes } from './start.js';

export const contractFixture: ContractFixture = {
  start: () => startKubernetes(twoClusterEstate()),
  startDenied: () =>
    startKubernetes({
      clusters: [
        prodCluster(),
        { ...stagingCluster(), context: 'locked', token: 'fake-locked-bearer-token', forbidden: true },
        stagingCluster(),
      ],
    }),
  denied: { partialScope: 'context locked' },
  lastUseUnreadable: 'with-the-credential',
};
