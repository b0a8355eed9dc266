/**
 * The compiled build (scripts/build.mjs → dist/): what it imports at run time, and that each
 * command loads only what it uses. bin/nhiscan.js runs dist/ in a child process here, with a
 * loader hook (test/support/record-imports.mjs) listing every package the command imported.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDist } from '../../scripts/build.mjs';
import { openDatabase } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'nhiscan.js');
const RECORDER = pathToFileURL(join(ROOT, 'test', 'support', 'record-imports.mjs')).href;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

/** The package a bare specifier names: `@aws-sdk/client-iam/x` → `@aws-sdk/client-iam`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));

/** The SDKs, the terminal UI and the mailer: only the commands that use them may load them. */
const HEAVY =
  /^(@aws-sdk|@smithy|@azure|@googleapis|google-auth-library|googleapis-common|@octokit|@kubernetes|ink|react|nodemailer|selfsigned|tsx)(\/|$)/;

const dir = temporaryDirectory();
afterAll(() => dir.remove());

/** Runs `nhiscan ARGS` from dist/; returns its result and the packages it imported. */
function run(args: string[]) {
  const file = join(dir.path, `imports-${args.join('-')}.txt`);
  const result = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...args], {
    cwd: dir.path,
    encoding: 'utf8',
    env: { ...process.env, NHISCAN_RECORD_IMPORTS: file },
  });
  let recorded = '';
  try {
    recorded = readFileSync(file, 'utf8');
  } catch {}
  const packages = [...new Set(recorded.split('\n').filter(Boolean))]
    .filter((specifier) => !isBuiltin(specifier))
    .map(packageOf);
  return { ...result, packages: [...new Set(packages)].sort() };
}

describe('the compiled build', () => {
  it('imports at run time only the package.json dependencies and Node built-ins; ink and React are bundled', async () => {
    const metafile = await buildDist();
    const external = new Set<string>();
    for (const output of Object.values(metafile.outputs))
      for (const imported of output.imports) if (imported.external) external.add(imported.path);
    const packages = [...external].filter((specifier) => !isBuiltin(specifier)).map(packageOf);
    expect(packages.filter((name) => !(name in manifest.dependencies))).toEqual([]);
    expect(packages).not.toContain('ink');
    expect(packages).not.toContain('react');
    expect(packages).toContain('better-sqlite3');
  });

  it('answers --version with commander alone, and findings and queue list without SDKs, UI or mailer', () => {
    const version = run(['--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`${manifest.version}\n`);
    expect(version.packages).toEqual(['commander']);

    openDatabase(join(dir.path, 'empty.db')).close();
    for (const args of [
      ['findings', '--db', 'empty.db'],
      ['queue', 'list', '--db', 'empty.db'],
    ]) {
      const command = run(args);
      expect(command.status, command.stderr).toBe(0);
      expect(command.packages).toContain('better-sqlite3');
      expect(command.packages.filter((name) => HEAVY.test(name))).toEqual([]);
    }
  });

  it('falls back to the sources through tsx, with a note, in a checkout that was never built', () => {
    const checkout = join(dir.path, 'unbuilt');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    copyFileSync(BIN, join(checkout, 'bin', 'nhiscan.js'));
    copyFileSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    for (const folder of ['src', 'scanners', 'reports', 'node_modules'])
      symlinkSync(join(ROOT, folder), join(checkout, folder));
    const result = spawnSync(process.execPath, [join(checkout, 'bin', 'nhiscan.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(`${manifest.version}\n`);
    expect(result.stderr).toBe(
      'nhiscan: dist/ is not built (run `npm run build`); running the sources through tsx\n',
    );
    rmSync(checkout, { recursive: true });
  });
});
