/**
 * Every file in fixtures/bad-input is rejected by `nhiscan scan` with exit 2, a message naming
 * the file (and line/key where there is one), and a database left exactly as it was.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { dumpDatabase } from '../support/database-dump.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const BAD = join(import.meta.dirname, '..', '..', 'fixtures', 'bad-input');
const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');

interface BadInputCase {
  file: string;
  expect: string;
}

const manifests = readdirSync(BAD).filter((name) => name.endsWith('.cases.json'));
const cases = manifests.flatMap((manifest) =>
  (JSON.parse(readFileSync(join(BAD, manifest), 'utf8')) as BadInputCase[]).map((entry) => ({
    ...entry,
    kind: manifest.replace('.cases.json', ''),
  })),
);

function configFor(kind: string, file: string): string {
  const hrPath = kind === 'hr' ? join(BAD, file) : join(DEMO, 'hr.csv');
  const inventoryPath = kind === 'inventory' ? join(BAD, file) : join(DEMO, 'inventory.csv');
  const hrSource = hrPath.endsWith('.json') ? 'json' : 'csv';
  return [
    'hr:',
    `  source: ${hrSource}`,
    `  path: ${JSON.stringify(hrPath)}`,
    'sources:',
    '  - type: inventory-file',
    '    name: spreadsheet',
    `    path: ${JSON.stringify(inventoryPath)}`,
    '',
  ].join('\n');
}

describe('bad input corpus', () => {
  const dir = temporaryDirectory();
  const db = join(dir.path, 'nhiscan.db');
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    writeFileSync(join(dir.path, 'good.yaml'), configFor('good', ''));
    const first = await cli(
      ['scan', '--config', 'good.yaml', '--db', db, '--as-of', '2026-11-26', '--fail-on', 'none'],
      {
        cwd: dir.path,
      },
    );
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    before = dumpDatabase(db);
  });
  afterAll(() => dir.remove());

  it('holds at least 25 files, each covered by a case', () => {
    const files = readdirSync(BAD).filter(
      (name) => !name.endsWith('.cases.json') && !name.endsWith('.mjs') && name !== 'README.md',
    );
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.sort()).toEqual(cases.map((entry) => entry.file).sort());
  });

  it.each(cases)(
    '$kind: $file is rejected with exit 2 and a clear message, database unchanged',
    async (entry) => {
      let argv: string[];
      if (entry.kind === 'config') {
        argv = ['scan', '--config', join(BAD, entry.file), '--db', db];
      } else if (entry.kind === 'baseline') {
        writeFileSync(join(dir.path, 'case.yaml'), configFor('good', ''));
        argv = ['scan', '--config', 'case.yaml', '--db', db, '--baseline', join(BAD, entry.file)];
      } else {
        writeFileSync(join(dir.path, 'case.yaml'), configFor(entry.kind, entry.file));
        argv = ['scan', '--config', 'case.yaml', '--db', db];
      }
      const run = await cli([...argv, '--as-of', '2026-11-26'], { cwd: dir.path });
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(entry.expect);
      expect(run.stderr).toMatch(/^nhiscan: error: /);
      expect(run.exitCode).toBe(2);
      expect(dumpDatabase(db)).toEqual(before);
    },
  );

  it('never echoes a secret from the input', async () => {
    const run = await cli(['scan', '--config', join(BAD, 'config-inline-secret.yaml'), '--db', db], {
      cwd: dir.path,
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).not.toContain('s3cr3t');
  });
});
