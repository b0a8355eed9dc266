/**
 * inventory-file: credentials of systems with no API, from a hand-kept CSV (DESIGN "Inventory
 * file"). The file is read and validated whole before the first page is returned. Revoking one
 * cannot be done through an API: it becomes a manual task that a person confirms.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Credential } from '../../src/core/model.js';
import type {
  RevokeResult,
  RevokeStep,
  ScanContext,
  ScannerPlugin,
  ScanPage,
} from '../../src/core/plugin.js';
import { type InventoryFileOptions, inventoryFileOptionsSchema } from './options.js';
import { readInventoryFile } from './read-inventory.js';

const PAGE_SIZE = 500;

function manualInstructions(credential: Credential, step: RevokeStep): string {
  const action = step === 'disable' ? 'Disable' : 'Revoke';
  const holder = credential.principalName ? ` held by ${credential.principalName}` : '';
  return `${action} ${credential.kind} ${credential.externalId}${holder} in ${credential.provider}/${credential.account} by hand, then run \`nhiscan queue confirm ID --by WHO --reason TEXT\``;
}

export const plugin: ScannerPlugin<InventoryFileOptions> = {
  id: 'inventory-file',
  description: 'Credentials of systems with no API, from a hand-kept CSV inventory',
  credentialKinds: ['any (declared per row)'],
  permissions: { scan: ['read access to the inventory file'], revoke: [] },
  optionsSchema: inventoryFileOptionsSchema,
  create(options, source) {
    return {
      async *list(context: ScanContext): AsyncIterable<ScanPage> {
        const path = isAbsolute(options.path) ? options.path : resolve(context.baseDir, options.path);
        const inventory = readInventoryFile(path, options.path, source.name);
        for (let start = 0; start < inventory.credentials.length || start === 0; start += PAGE_SIZE) {
          context.signal.throwIfAborted();
          const credentials = inventory.credentials.slice(start, start + PAGE_SIZE);
          const principals = [
            ...new Set(
              credentials.map((credential) => credential.principalUid).filter((uid) => uid !== null),
            ),
          ].map((uid) => inventory.principals.get(uid)!);
          yield { credentials, principals };
          if (credentials.length < PAGE_SIZE) break;
        }
      },
      async revoke(credential: Credential, step: RevokeStep, revokeOptions): Promise<RevokeResult> {
        return {
          outcome: revokeOptions.dryRun ? 'planned' : 'waiting-for-human',
          apiCall: 'manual',
          manualTask: { instructions: manualInstructions(credential, step) },
        };
      },
    };
  },
};
