/**
 * Every command that takes `--config` or `--db` declares both through one helper
 * (src/cli/database-options.ts), with the same words; and a flag value refused while commander
 * parses it is nhiscan's own error (exit 2, the flag named), not commander's.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/main.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

function leaves(command: Command, path: string[] = []): [string, Command][] {
  if (command.commands.length === 0) return [[path.join(' '), command]];
  return command.commands.flatMap((child) => leaves(child, [...path, child.name()]));
}

describe('--config and --db', () => {
  it('are declared together, with the same help text, wherever one is', async () => {
    const io = { env: {}, cwd: process.cwd(), now: () => new Date() } as unknown as CliIo;
    const program = await buildProgram(io, { exitCode: 0 });
    const withDatabase: string[] = [];
    for (const [name, command] of leaves(program)) {
      const config = command.options.find((option) => option.long === '--config');
      const db = command.options.find((option) => option.long === '--db');
      if (!config && !db) continue;
      withDatabase.push(name);
      expect({ name, config: config?.description }).toEqual({
        name,
        config: expect.stringMatching(/^config file \(default: \.\/nhiscan\.yaml[;)]/),
      });
      expect({ name, db: db?.description }).toEqual({
        name,
        db: expect.stringMatching(/^database file or postgres:\/\/ URL \(overrides the config key db[;)]/),
      });
      expect(command.options.indexOf(db!)).toBe(command.options.indexOf(config!) + 1);
    }
    expect(withDatabase).toEqual(
      expect.arrayContaining([
        'scan',
        'findings',
        'report',
        'queue list',
        'audit log',
        'hr serve',
        'recertify',
      ]),
    );
  });
});

describe('flag values checked while parsing', () => {
  it('are refused with exit 2 and nhiscan’s own message, before any database is looked for', async () => {
    const dir = temporaryDirectory('nhiscan-flags-');
    try {
      const cases: [string[], string][] = [
        [
          ['queue', 'list', '--state', 'open'],
          'key --state: expected one of pending-approval, approved, in-progress, waiting-for-human, done, rejected, cancelled, failed, got "open"',
        ],
        [['queue', 'execute', '--max', 'x'], 'key --max: expected a whole number, got "x"'],
        [['queue', 'show', 'abc'], 'key ID: expected a request number such as 12, got "abc"'],
        [['hr', 'serve', '--port', 'x'], 'key --port: expected a port number, got "x"'],
        [['hr', 'serve', '--on-terminate', 'x'], 'key --on-terminate: expected scan or none, got "x"'],
        [
          ['audit', 'export', '--format', 'ocsf', '--after', '1.5'],
          'key --after: expected a whole number, got "1.5"',
        ],
        [['emulate', '--latency', 'x'], 'key --latency: expected a whole number, got "x"'],
        [
          ['scan', '--fail-on', 'urgent'],
          'key --fail-on: expected one of info, low, medium, high, critical, none, got "urgent"',
        ],
      ];
      for (const [argv, message] of cases) {
        expect({ argv, result: await cli(argv, { cwd: dir.path }) }).toEqual({
          argv,
          result: { exitCode: 2, stdout: '', stderr: `nhiscan: error: ${message}\n` },
        });
      }
    } finally {
      dir.remove();
    }
  });
});
