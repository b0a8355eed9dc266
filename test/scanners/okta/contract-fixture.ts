/**
 * The okta plugin's contract fixture (test/scanners/contract-support.ts): the org of the scanner
 * tests, its API tokens two a page and its apps two a page; denied, the same org whose token may not
 * read apps (403 E0000006). An API token's last use comes with the token itself (its renewed
 * expiry), and Okta records none for client secrets and keys: nothing separate can fail. The
 * fixture starts the emulator directly, for its page size and its denied org.
 */
import type { ContractFixture } from '../contract-support.js';
import { oktaEstate } from './estate.js';
import { startOkta } from './start.js';

export const contractFixture: ContractFixture = {
  start: () => startOkta(oktaEstate()),
  startDenied: () => startOkta({ ...oktaEstate(), denied: ['apps'] }),
  denied: { partialScope: 'org 127.0.0.1 apps' },
  lastUseUnreadable: 'with-the-credential',
};
