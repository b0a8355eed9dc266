/**
 * The inventory-file plugin's contract fixture (test/scanners/contract-support.ts). The plugin has
 * no emulator: its provider is a CSV file in a temporary folder, 501 rows (two pages). Its
 * "requests" are changes to that file, which nothing the plugin does may make. Denied, the source
 * names a file that cannot be read (here, one that is not there): the plugin reads its input whole
 * or not at all, so that is an InputError that discards the run, never an empty listing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_SIZE } from '../../../scanners/inventory-file/index.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import type { ContractFixture, ContractSource } from '../contract-support.js';

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department';

function row(n: number): string {
  return `jenkins,ci.acme.example,api-token,jk-${String(n).padStart(4, '0')},svc-${n % 7},ann@acme.example,2026-01-01,2026-11-01,,active,false,platform`;
}

function fileSource(file: string | undefined): ContractSource {
  const dir = temporaryDirectory();
  const path = join(dir.path, 'inventory.csv');
  const rows = Array.from({ length: PAGE_SIZE + 1 }, (_, index) => row(index + 1));
  writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
  const original = readFileSync(path);
  return {
    options: { path: file ?? 'inventory.csv' },
    env: {},
    baseDir: dir.path,
    requests: () => (readFileSync(path).equals(original) ? 0 : 1),
    close: async () => dir.remove(),
  };
}

export const contractFixture: ContractFixture = {
  start: async () => fileSource(undefined),
  startDenied: async () => fileSource('not-there.csv'),
  denied: 'input-error',
  lastUseUnreadable: 'with-the-credential',
};
