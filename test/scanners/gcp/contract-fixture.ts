/**
 * The gcp plugin's contract fixture (test/scanners/contract-support.ts): the two-project estate of
 * the scanner tests; denied, the source also names a project the caller may not see, which Google
 * answers with 403 PERMISSION_DENIED.
 */
import { type ContractFixture, startEmulated } from '../contract-support.js';
import { twoProjectEstate } from './estate.js';

export const contractFixture: ContractFixture = {
  start: () => startEmulated('gcp', twoProjectEstate()),
  startDenied: () =>
    startEmulated('gcp', twoProjectEstate(), (options) => ({
      ...options,
      projects: ['acme-prod', 'acme-hidden', 'acme-dev'],
    })),
  denied: { partialScope: 'project acme-hidden' },
  lastUseUnreadable: () => {
    const estate = twoProjectEstate();
    for (const project of estate.projects) project.policyAnalyzer = 'service-disabled';
    return startEmulated('gcp', estate);
  },
};
