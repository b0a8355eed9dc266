/**
 * Explicit registry of scanner plugins, loaded lazily so that a scan of one provider never
 * imports another provider's SDK. A test asserts these ids equal the folders under scanners/.
 */
import type { ScannerPlugin } from './plugin.js';

type PluginLoader = () => Promise<ScannerPlugin<unknown>>;

const loaders = new Map<string, PluginLoader>();

export function registerPlugin(id: string, load: PluginLoader): void {
  if (loaders.has(id)) throw new Error(`scanner plugin ${JSON.stringify(id)} is registered twice`);
  loaders.set(id, load);
}

registerPlugin('aws', async () => (await import('../../scanners/aws/index.js')).plugin);
registerPlugin('azure', async () => (await import('../../scanners/azure/index.js')).plugin);
registerPlugin('gcp', async () => (await import('../../scanners/gcp/index.js')).plugin);
registerPlugin('github', async () => (await import('../../scanners/github/index.js')).plugin);
registerPlugin('inventory-file', async () => (await import('../../scanners/inventory-file/index.js')).plugin);

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
