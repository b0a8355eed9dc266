/**
 * inventory-file: credentials of systems with no API, from a hand-kept CSV
 * (docs/inventory-format.md). The file is read and validated whole before the first page is
 * returned, so pages are never partial: the scan either sees the whole file or fails with an
 * InputError. Revoking one cannot be done through an API: its revoker has one step, `manual`, a
 * task that a person does and confirms, and no `verify` (there is no provider to re-read; the
 * next scan of the file shows whether the row is gone).
 */
import { resolve } from 'node:path';
import type { Credential, Principal } from '../../src/core/model.js';
import type {
  PluginSource,
  RevokeOptions,
  RevokeResult,
  RevokeStep,
  ScanContext,
  ScannerPlugin,
  ScanPage,
} from '../../src/core/plugin.js';
import { readInventoryFile } from './inventory.js';
import { type InventoryFileOptions, inventoryFileOptionsSchema } from './options.js';

export const PAGE_SIZE = 500;

const VERB: Record<RevokeStep, string> = {
  disable: 'Disable',
  delete: 'Revoke',
  'disable-principal': 'Disable the principal holding',
  'revoke-sessions': 'End the sessions of',
  manual: 'Revoke',
};

/** What a person has to do. `ID` stays a placeholder: the plugin does not know the request id, the queue shows it. */
export function manualInstructions(credential: Credential, step: RevokeStep): string {
  const holder = credential.principalName ? ` for ${credential.principalName}` : '';
  return `${VERB[step]} ${credential.kind} ${credential.externalId}${holder} in ${credential.provider}/${credential.account} by hand, then run \`nhiscan queue confirm ID --by WHO --reason TEXT\``;
}

function* pages(credentials: readonly Credential[], principals: ReadonlyMap<string, Principal>) {
  for (let start = 0; start === 0 || start < credentials.length; start += PAGE_SIZE) {
    const page = credentials.slice(start, start + PAGE_SIZE);
    const uids = new Set(page.flatMap((credential) => credential.principalUid ?? []));
    yield { credentials: page, principals: [...uids].map((uid) => principals.get(uid)!) } satisfies ScanPage;
  }
}

export const plugin = {
  id: 'inventory-file',
  description: 'Credentials of systems with no API, from a hand-kept CSV inventory',
  credentialKinds: ['any (declared per row)'],
  permissions: { scan: ['read access to the inventory file'], revoke: [] },
  optionsSchema: inventoryFileOptionsSchema,
  create(options: InventoryFileOptions, source: PluginSource) {
    return {
      async *list(context: ScanContext): AsyncIterable<ScanPage> {
        context.signal.throwIfAborted();
        const inventory = await readInventoryFile(
          resolve(context.baseDir, options.path),
          { file: options.path, sourceName: source.name },
          context.signal,
        );
        context.progress?.(`${source.name}: ${inventory.credentials.length} credentials in ${options.path}`);
        for (const page of pages(inventory.credentials, inventory.principals)) {
          context.signal.throwIfAborted();
          yield page;
        }
        // Cancelled after the last page: never end as if the listing were complete.
        context.signal.throwIfAborted();
      },
      revoker: {
        steps: (_credential: Credential): RevokeStep[] => ['manual'],
        async revoke(credential: Credential, step: RevokeStep, revokeOptions: RevokeOptions) {
          revokeOptions.signal.throwIfAborted();
          const result: RevokeResult = {
            outcome: revokeOptions.dryRun ? 'planned' : 'waiting-for-human',
            apiCall: 'manual',
            manualTask: { instructions: manualInstructions(credential, step) },
          };
          return result;
        },
        // A task for a person calls no provider: nothing fails for a while and then passes.
        isTransient: (_error: unknown) => false,
      },
    };
  },
} satisfies ScannerPlugin<InventoryFileOptions>;
