/**
 * Every error line the CLI prints (an input error, a failure, the NHISCAN_DEBUG stack) has its
 * secrets masked and then every escape sequence, control character and bidi override removed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorLine, inputErrorLine } from '../../src/cli/error-line.js';
import { InputError, InputErrors } from '../../src/core/errors.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const HYPERLINK = '\u001b]8;;https://evil.example/\u0007';
const CLEAR = '\u001b[2J';

describe('errorLine', () => {
  it('masks a secret, then strips escape sequences, controls and bidi overrides', () => {
    expect(
      errorLine(
        `nhiscan: error: ${HYPERLINK}click${HYPERLINK} key --token: ${CLEAR}got ${TOKEN}\u202e\u0007 and password=hunter2hunter2`,
      ),
    ).toBe('nhiscan: error: click key --token: got [redacted] and password=[redacted]');
  });

  it('keeps a stack readable: newlines stay, escapes and secrets go', () => {
    expect(errorLine(`Error: boom ${TOKEN}\n    at run (${CLEAR}file.ts:1:2)`)).toBe(
      'Error: boom [redacted]\n    at run (file.ts:1:2)',
    );
  });
});

describe('inputErrorLine', () => {
  it('keeps key paths readable: a key named password is not read as a password and its value', () => {
    const error = new InputErrors([
      new InputError('expected a secret reference such as env:NAME (secrets are never inlined)', {
        file: 'nhiscan.yaml',
        line: 15,
        key: 'notifications.channels[0].password',
      }),
      new InputError(`expected env:NAME, got ${TOKEN}`, { key: 'sources[1].apiKey' }),
    ]);
    expect(inputErrorLine(error)).toBe(
      [
        'nhiscan: error: 2 input errors:',
        '  - nhiscan.yaml, line 15, key notifications.channels[0].password: expected a secret reference such as env:NAME (secrets are never inlined)',
        '  - key sources[1].apiKey: expected env:NAME, got [redacted]',
      ].join('\n'),
    );
  });

  it('masks a key path that is itself a secret, and a value after a key word outside a key path', () => {
    expect(inputErrorLine(new InputError('unknown key', { key: `sources.${TOKEN}` }))).toBe(
      'nhiscan: error: key sources.[redacted]: unknown key',
    );
    expect(inputErrorLine(new InputError('got password=hunter2hunter2', { key: 'hr.path' }))).toBe(
      'nhiscan: error: key hr.path: got password=[redacted]',
    );
  });
});

describe('an input error whose location carries a secret and escape sequences', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory('nhiscan-error-line-');
  });
  afterEach(() => dir.remove());

  it('prints neither, and still names the file', async () => {
    const name = `x${HYPERLINK}${CLEAR}-${TOKEN}.yaml`;
    const result = await cli(['findings', '--config', name], { cwd: dir.path });
    expect(result).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `nhiscan: error: ${join(dir.path, 'x-[redacted].yaml')}: cannot read config: file not found\n`,
    });
  });

  it('masks a secret that an escape sequence is glued to', async () => {
    const folder = join(dir.path, `${CLEAR}${TOKEN}`);
    mkdirSync(folder);
    const result = await cli(['audit', 'verify', '--db', join(folder, 'none.db')], { cwd: dir.path });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `nhiscan: error: ${join(dir.path, '[redacted]', 'none.db')}: no nhiscan database here: run \`nhiscan scan\` first, or pass --db FILE\n`,
    );
  });
});
