#!/usr/bin/env node
/**
 * Compiles the CLI (src/, scanners/, reports/: whatever src/cli/main.ts reaches) into dist/ with
 * esbuild: one ESM bundle, dist/main.js, plus a chunk per dynamic import (each command, scanner
 * plugin, report format, the review UI, the emulators), so a command loads only its own code.
 * Runs as `prepare`, so `npm ci` and `npm pack` build; the tests build first too
 * (test/support/build-dist.ts).
 *
 * Invariant: package.json `dependencies` are exactly what dist/ imports at run time; they stay
 * external and load from node_modules as installed. Anything else the sources import (ink, React
 * and their dependencies, devDependencies) is bundled in: importing ink loads 532 files (415 of them
 * es-toolkit, for one `throttle`), which took the review screen about 0.3 s to load; bundled and
 * tree-shaken it takes about 0.1 s. Bundled code gets React's production build.
 *
 * Writes only files whose bytes changed (each to a temporary file, then renamed over, so a reader
 * sees the old file or the new, never half of one) and removes stale ones: a rebuild of unchanged
 * sources touches nothing under a CLI that another process is running from dist/.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]);

/**
 * ink without its React DevTools bridge. With DEV=true (a name many shells set for other reasons)
 * ink imports react-devtools-core (not installed) and ws, and reads its own package.json beside
 * its code, which is not there once bundled: the review screen would fail. The compiled CLI is
 * never debugged through DevTools, so ink's isDev() is false and the bridge is left out.
 */
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(build) {
    const inkFile = (name) => new RegExp(`[\\\\/]node_modules[\\\\/]ink[\\\\/]build[\\\\/]${name}$`);
    build.onLoad({ filter: inkFile('utils\\.js') }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const isDev = "const isDev = () => process.env['DEV'] === 'true';";
      if (!source.includes(isDev)) throw new Error(`ink changed: ${args.path} has no \`${isDev}\``);
      return { contents: source.replace(isDev, 'const isDev = () => false;'), loader: 'js' };
    });
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      inkFile('[^\\\\/]+\\.js').test(args.importer)
        ? { path: 'devtools', namespace: 'ink-devtools' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'ink-devtools' }, () => ({ contents: 'export {};' }));
  },
};

/** Bundled CommonJS (React) calls require() for Node's built-ins: give every chunk one. */
const banner =
  "import { createRequire as __nhiscanCreateRequire } from 'node:module';\nconst require = __nhiscanCreateRequire(import.meta.url);";

/** Builds dist/; returns esbuild's metafile (what each output holds and imports). */
export async function buildDist() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    plugins: [inkWithoutDevtools],
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: banner },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const wanted = new Set(result.outputFiles.map((file) => file.path));
  for (const file of result.outputFiles) {
    let current;
    try {
      current = readFileSync(file.path);
    } catch {
      current = undefined;
    }
    if (current?.equals(file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !wanted.has(path)) rmSync(path);
  }
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const metafile = await buildDist();
  const outputs = Object.keys(metafile.outputs).length;
  const ms = Math.round(performance.now() - started);
  // stderr: `npm pack --json` runs this as prepare, and its stdout must stay JSON.
  console.error(`built ${relative(process.cwd(), outdir) || '.'}/ (${outputs} files) in ${ms} ms`);
}
