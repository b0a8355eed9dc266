/**
 * Files the user names with --out are written safely (issue 21): never onto nhiscan's own database
 * or its side files, never through a symbolic link, always mode 0600 (also when replacing a 0644
 * file), and never half-written; the refusals are exit 2 naming the file and the flag, and leave
 * every file as it was. Through the real CLI, on a database the demo wrote.
 */
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('--out writes safely', () => {
  const dir = temporaryDirectory();
  const db = () => join(dir.path, 'nhiscan-demo', 'nhiscan.db');
  const run = (argv: string[]) => cli([...argv, '--db', db()], { cwd: dir.path });
  beforeAll(async () => {
    const demo = await cli(['demo'], { cwd: dir.path });
    if (demo.exitCode !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  }, 120_000);
  afterAll(() => dir.remove());

  it('refuses to write a report, an export or a checkpoint over the database or its side files', async () => {
    const before = readFileSync(db());
    for (const argv of [
      ['report', '--format', 'json', '--out', db()],
      ['report', '--format', 'json', '--out', `${db()}-wal`],
      ['audit', 'export', '--format', 'ocsf', '--out', db()],
      ['audit', 'checkpoint', '--out', db()],
    ]) {
      const result = await run(argv);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        'key --out: refusing to write over the nhiscan database (or one of its files); choose another path',
      );
    }
    // Another name for the same file is the same file.
    symlinkSync(db(), join(dir.path, 'alias.db'));
    expect((await run(['report', '--format', 'json', '--out', 'alias.db'])).exitCode).toBe(2);
    expect(readFileSync(db()).equals(before)).toBe(true);
  });

  it('refuses to follow a symbolic link, and leaves its target untouched', async () => {
    const target = join(dir.path, 'precious.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(dir.path, 'link.json'));
    for (const argv of [
      ['report', '--format', 'json', '--out', 'link.json'],
      ['audit', 'checkpoint', '--out', 'link.json'],
    ]) {
      const result = await run(argv);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        `nhiscan: error: ${join(dir.path, 'link.json')}, key --out: refusing to write through a symbolic link; name the real file\n`,
      );
    }
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(dir.path, 'link.json')).isSymbolicLink()).toBe(true);
  });

  it('replaces a 0644 file with a complete 0600 one and leaves no temporary file', async () => {
    const out = join(dir.path, 'report.json');
    writeFileSync(out, 'old\n', { mode: 0o644 });
    const result = await run(['report', '--format', 'json', '--out', 'report.json']);
    expect([result.exitCode, result.stderr]).toEqual([0, '']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary).toBeDefined();
    const checkpoint = await run(['audit', 'checkpoint', '--out', 'checkpoint.json']);
    expect(checkpoint.exitCode).toBe(0);
    expect(statSync(join(dir.path, 'checkpoint.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
