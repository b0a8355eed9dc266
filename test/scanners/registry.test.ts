import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMULATED_PROVIDERS } from '../../scanners/emulators.js';
import { loadPlugin, registeredPluginIds, registerPlugin } from '../../scanners/index.js';

describe('scanner registry', () => {
  it('registers exactly the folders under scanners/', () => {
    const folders = readdirSync('scanners').filter((name) => statSync(join('scanners', name)).isDirectory());
    expect(registeredPluginIds()).toEqual(folders.sort());
  });

  it('loads each plugin lazily, with its declared id, kinds and permissions', async () => {
    for (const id of registeredPluginIds()) {
      const plugin = await loadPlugin(id);
      expect(plugin.id).toBe(id);
      expect(plugin.credentialKinds.length).toBeGreaterThan(0);
      expect(plugin.permissions.scan.length).toBeGreaterThan(0);
    }
  });

  it('refuses a duplicate id and names an unknown one', async () => {
    expect(() => registerPlugin('inventory-file', async () => Promise.reject(new Error('unused')))).toThrow(
      'scanner plugin "inventory-file" is registered twice',
    );
    await expect(loadPlugin('nope')).rejects.toThrow(
      'unknown scanner type "nope"; expected one of: aws, azure, gcp, github, gitlab, inventory-file, kubernetes, okta',
    );
  });
});

describe('emulator registry', () => {
  it('lists exactly the scanners with an emulator/ folder, each under its scanner id', () => {
    const withEmulator = registeredPluginIds().filter((id) => existsSync(join('scanners', id, 'emulator')));
    expect(EMULATED_PROVIDERS.map((provider) => provider.id).sort()).toEqual(withEmulator);
  });

  it('builds and starts in a fixed order, the last provider taking the rest of the credentials', () => {
    expect(EMULATED_PROVIDERS.map((provider) => provider.id)).toEqual([
      'aws',
      'github',
      'gcp',
      'azure',
      'gitlab',
      'okta',
      'kubernetes',
    ]);
    for (const provider of EMULATED_PROVIDERS) {
      expect(provider.generator.share).toBeGreaterThan(0);
      expect(provider.generator.share).toBeLessThan(1);
    }
  });
});
