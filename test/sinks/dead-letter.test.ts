import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendDeadLetters,
  type DeadLetter,
  readDeadLetters,
  removeDelivered,
  rewriteDeadLetters,
} from '../../src/sinks/dead-letter.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const letter = (id: string, format = 'ocsf'): DeadLetter => ({
  id,
  format,
  sink: 'hec',
  time: 1_764_158_400_000,
  event: { message: id },
  error: 'HTTP 503',
  attempts: 1,
  deadLetteredAt: '2026-11-26T12:00:00.000Z',
});

describe('dead-letter file', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let path: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    path = join(dir.path, 'dl.ndjson');
  });
  afterEach(() => dir.remove());

  it('appends new ids only, is private (0600), and drops delivered ones; empty means no file', () => {
    expect(readDeadLetters(path)).toEqual([]);
    expect(appendDeadLetters(path, [letter('a'), letter('b'), letter('a')])).toBe(2);
    expect(appendDeadLetters(path, [letter('b'), letter('c')])).toBe(1);
    expect(readDeadLetters(path).map((record) => record.id)).toEqual(['a', 'b', 'c']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    removeDelivered(path, new Set(['a', 'c']));
    expect(readDeadLetters(path).map((record) => record.id)).toEqual(['b']);
    rewriteDeadLetters(path, []);
    expect(readDeadLetters(path)).toEqual([]);
  });

  it('refuses a line that is not a dead letter, naming the file and line', () => {
    writeFileSync(path, `${JSON.stringify(letter('a'))}\n\n{"id":"b"}\n`);
    expect(() => readDeadLetters(path)).toThrow(
      `${path}, line 3: expected a dead-letter record with id, format, time and event`,
    );
    writeFileSync(path, 'not json\n');
    expect(() => readDeadLetters(path)).toThrow(
      `${path}, line 1: not a JSON object: is this a dead-letter file?`,
    );
  });
});
