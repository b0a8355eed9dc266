/**
 * The installed package's folder: where package.json and the demo estate are, whether nhiscan runs
 * from its TypeScript sources (src/…), from the compiled bundle (dist/…) or from a global install.
 * Files shipped beside the code are found from here, never from the current folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The nearest folder at or above this module that holds a package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return dir;
}

/** A path inside the package, e.g. `packagePath('fixtures', 'demo', 'estate.json')`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/** The package's package.json, parsed. */
export function packageJson(): { name: string; version: string } {
  return JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { name: string; version: string };
}
