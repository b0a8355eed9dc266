/**
 * The package as a user gets it, outside the checkout: `npm pack` (which builds dist/ through
 * `prepare`), the tarball's file list, the tarball installed into a fresh prefix with no network
 * (its dependencies from npm's cache at the lockfile's versions; better-sqlite3 built against the
 * local Node headers: about a minute on two cores), then the installed `nhiscan` run from an
 * empty folder.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../support/temporary-directory.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** What the tarball may hold: the compiled CLI, its entry point, the demo estate, the report schema. */
const SHIPPED =
  /^(package\.json|README\.md|LICENSE|bin\/nhiscan\.js|dist\/[\w/-]+\.js|fixtures\/demo\/[\w.-]+|reports\/json\/schema\.json|reports\/ecs\/index-template\.json)$/;

/** The environment without the `npm test` run's own npm_* variables, node first on PATH. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  env.PATH = [dirname(process.execPath), env.PATH].filter(Boolean).join(delimiter);
  return env;
}

describe('the npm package', () => {
  const dir = temporaryDirectory('nhiscan-package-');
  // The folder holds a whole installed package (thousands of files): on a busy machine removing
  // it takes longer than the default hook timeout.
  afterAll(() => dir.remove(), 120_000);

  it('packs only what runs, installs into a fresh prefix and runs --version and demo from another folder', async () => {
    const env = cleanEnv();
    const packed = await run('npm', ['pack', '--pack-destination', dir.path, '--json'], {
      cwd: ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [tarball] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = tarball!.files.map((file) => file.path);
    expect(files.filter((path) => !SHIPPED.test(path))).toEqual([]);
    expect(files.filter((path) => /^(test|bench|src|scanners|scripts)\//.test(path))).toEqual([]);
    expect(
      files.filter((path) => path.startsWith('fixtures/') && !path.startsWith('fixtures/demo/')),
    ).toEqual([]);
    for (const needed of [
      'bin/nhiscan.js',
      'dist/main.js',
      'fixtures/demo/estate.json',
      'fixtures/demo/nhiscan.yaml',
      'reports/ecs/index-template.json',
    ])
      expect(files).toContain(needed);

    // Installed offline, so the test needs no network beyond this machine: the tarball's contents
    // with the repository's lockfile (`npm ci --offline` from the cache `npm ci` filled, the very
    // versions the tests ran against; better-sqlite3 built from source against the local Node
    // headers), then linked into a fresh prefix as `npm install -g` would.
    const unpacked = join(dir.path, 'package');
    await run('tar', ['xzf', join(dir.path, tarball!.filename), '-C', dir.path], { env });
    copyFileSync(join(ROOT, 'package-lock.json'), join(unpacked, 'package-lock.json'));
    // The package's own build scripts need the sources, which it does not ship: dist/ is built.
    await run('npm', ['pkg', 'delete', 'scripts.prepare', 'scripts.prepack', 'scripts.postpack'], {
      cwd: unpacked,
      env,
    });
    await run('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
      cwd: unpacked,
      env: { ...env, npm_config_build_from_source: 'true' },
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const prefix = join(dir.path, 'prefix');
    await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        unpacked,
      ],
      { cwd: dir.path, env, timeout: 120_000 },
    );
    // The compiled CLI needs no TypeScript loader: tsx (a development dependency) is not installed.
    const installed = join(prefix, 'lib', 'node_modules', ...manifest.name.split('/'));
    expect(existsSync(join(installed, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(installed, 'node_modules', 'better-sqlite3'))).toBe(true);

    const elsewhere = join(dir.path, 'elsewhere');
    mkdirSync(elsewhere);
    const nhiscan = join(prefix, 'bin', 'nhiscan');
    const version = await run(nhiscan, ['--version'], { cwd: elsewhere, env });
    expect(version).toEqual({ stdout: `${manifest.version}\n`, stderr: '' });

    const demo = await run(nhiscan, ['demo'], { cwd: elsewhere, env, timeout: 300_000 });
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain('nhiscan scan #1 as of 2026-11-26: complete');
    const out = join(elsewhere, 'nhiscan-demo');
    for (const file of [
      'nhiscan.db',
      'report.json',
      'findings.ocsf.ndjson',
      'findings.ecs.ndjson',
      'findings.sarif',
      'junit.xml',
      'summary.md',
      'notices.txt',
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      tool: { version: string };
      summary: unknown;
    };
    expect(report.tool.version).toBe(manifest.version);
  }, 900_000);
});
