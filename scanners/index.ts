/**
 * Explicit registry of scanner plugins, loaded lazily so that a scan of one provider never
 * imports another provider's SDK. A test asserts these ids equal the folders under scanners/, and
 * test/scanners/contract.test.ts runs the plugin contract over every id registered here (each with
 * its test/scanners/<id>/contract-fixture.ts).
 */
import type { ScannerPlugin } from '../src/core/plugin.js';

/** Loads one plugin; its options type is its own, the registry holds them all as `unknown`. */
type PluginLoader<Options = unknown> = () => Promise<ScannerPlugin<Options>>;

const loaders = new Map<string, PluginLoader>();

export function registerPlugin<Options>(id: string, load: PluginLoader<Options>): void {
  if (loaders.has(id)) throw new Error(`scanner plugin ${JSON.stringify(id)} is registered twice`);
  // Held as `unknown` options: src/config/load.ts parses a source's options with the plugin's own
  // schema before anything calls its `create`.
  loaders.set(id, load);
}

registerPlugin('aws', async () => (await import('./aws/index.js')).plugin);
registerPlugin('azure', async () => (await import('./azure/index.js')).plugin);
registerPlugin('gcp', async () => (await import('./gcp/index.js')).plugin);
registerPlugin('github', async () => (await import('./github/index.js')).plugin);
registerPlugin('gitlab', async () => (await import('./gitlab/index.js')).plugin);
registerPlugin('inventory-file', async () => (await import('./inventory-file/index.js')).plugin);
registerPlugin('kubernetes', async () => (await import('./kubernetes/index.js')).plugin);
registerPlugin('okta', async () => (await import('./okta/index.js')).plugin);

export function registeredPluginIds(): string[] {
  return [...loaders.keys()].sort();
}

export async function loadPlugin(id: string): Promise<ScannerPlugin<unknown>> {
  const load = loaders.get(id);
  if (!load) {
    throw new Error(
      `unknown scanner type ${JSON.stringify(id)}; expected one of: ${registeredPluginIds().join(', ')}`,
    );
  }
  const plugin = await load();
  if (plugin.id !== id) throw new Error(`scanner plugin registered as ${id} declares id ${plugin.id}`);
  return plugin;
}
