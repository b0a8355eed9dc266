import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditCheckpoint,
  GENESIS_HASH,
  parseCheckpoint,
  readCheckpointFile,
  writeCheckpointFile,
} from '../../src/audit/index.js';
import { InputError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { seededDatabaseFile, sqlite3 } from './seed.js';

const HASH = 'a1'.repeat(32);

describe('checkpoint files', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('round-trips {size, headHash, time} as one JSON line', () => {
    const file = join(dir.path, 'cp.json');
    const checkpoint = { size: 42, headHash: HASH, time: '2026-11-26T12:00:00.000Z' };
    writeCheckpointFile(file, checkpoint);
    expect(readFileSync(file, 'utf8')).toBe(
      `{"size":42,"headHash":"${HASH}","time":"2026-11-26T12:00:00.000Z"}\n`,
    );
    expect(readCheckpointFile(file)).toEqual(checkpoint);
  });

  it('takes the head of an empty log as size 0 and the genesis hash', () => {
    const db = openDatabase(':memory:');
    expect(auditCheckpoint(db, new Date('2026-11-26T12:00:00Z'))).toEqual({
      size: 0,
      headHash: GENESIS_HASH,
      time: '2026-11-26T12:00:00.000Z',
    });
    db.close();
  });

  const at = (name: string) => join(dir.path, name);
  it.each([
    ['[1,2]', 'checkpoint must be a JSON object {"size":N,"headHash":"…","time":"…"}'],
    [
      `{"headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
      'key size: missing; expected a whole number of records',
    ],
    [
      `{"size":"12","headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
      'key size: expected a whole number of records',
    ],
    [
      `{"size":1.5,"headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
      'key size: expected a whole number of records',
    ],
    [
      `{"size":-3,"headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
      'key size: expected a whole number of records, 0 or more',
    ],
    [
      '{"size":3,"headHash":"ABC","time":"2026-11-26T12:00:00Z"}',
      'key headHash: expected the head record hash as 64 lowercase hex digits',
    ],
    [
      `{"size":3,"headHash":"${HASH}","time":"yesterday"}`,
      'key time: expected an ISO 8601 timestamp such as 2026-11-26T12:00:00Z',
    ],
    [
      `{"size":3,"headHash":"${HASH}","time":"2026-11-26T12:00:00Z","sig":"x"}`,
      'key sig: unknown key sig; expected size, headHash, time',
    ],
    [
      `{"size":0,"headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
      'key headHash: a checkpoint of an empty log (size 0) must have the genesis hash, 64 zeros',
    ],
  ])('names the file and key when a checkpoint is malformed: %s', (text, message) => {
    const file = at('cp.json');
    writeFileSync(file, text);
    let caught: unknown;
    try {
      readCheckpointFile(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toBe(
      message.startsWith('key ') ? `${file}, ${message}` : `${file}: ${message}`,
    );
  });

  it('says when the file is not JSON, or not there', () => {
    expect(() => parseCheckpoint('{"size": 3,', 'cp.json')).toThrow(
      /^cp\.json: checkpoint is not valid JSON \(.+\); expected \{"size":N,"headHash":"…","time":"…"\}$/,
    );
    const missing = at('nope.json');
    expect(() => readCheckpointFile(missing)).toThrow(`${missing}: cannot read checkpoint: no such file`);
  });
});

describe('nhiscan audit checkpoint', () => {
  let file: ReturnType<typeof seededDatabaseFile>;
  beforeEach(() => {
    file = seededDatabaseFile(5);
  });
  afterEach(() => file.remove());

  it('prints the checkpoint of a verified log, or writes it with --out', async () => {
    const printed = await cli(['audit', 'checkpoint', '--db', 'nhiscan.db'], { cwd: file.dir });
    expect(printed.exitCode).toBe(0);
    const checkpoint = JSON.parse(printed.stdout);
    expect(checkpoint).toEqual({
      size: 5,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      time: '2026-11-26T12:00:00.000Z',
    });

    const written = await cli(['audit', 'checkpoint', '--db', 'nhiscan.db', '--out', 'cp.json'], {
      cwd: file.dir,
    });
    expect(written.exitCode).toBe(0);
    expect(written.stdout).toBe(
      `checkpoint written to ${join(file.dir, 'cp.json')}: 5 records, head ${checkpoint.headHash}\n`,
    );
    expect(readCheckpointFile(join(file.dir, 'cp.json'))).toEqual(checkpoint);

    const verified = await cli(['audit', 'verify', '--db', 'nhiscan.db', '--checkpoint', 'cp.json'], {
      cwd: file.dir,
    });
    expect(verified).toEqual({
      exitCode: 0,
      stdout: `audit log verified: 5 records, head ${checkpoint.headHash}; matches checkpoint cp.json (5 records, taken 2026-11-26T12:00:00.000Z)\n`,
      stderr: '',
    });
  });

  it('refuses to checkpoint a log that does not verify, and writes nothing', async () => {
    sqlite3(
      file.path,
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;",
    );
    const run = await cli(['audit', 'checkpoint', '--db', 'nhiscan.db', '--out', 'cp.json'], {
      cwd: file.dir,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'nhiscan: audit log verification failed at record 2: audit record 2: hash does not match its content (edited)\n',
    );
    expect(existsSync(join(file.dir, 'cp.json'))).toBe(false);
  });

  it('exits 2 naming the file and key when verify is given a malformed checkpoint', async () => {
    writeFileSync(
      join(file.dir, 'cp.json'),
      `{"size":"5","headHash":"${HASH}","time":"2026-11-26T12:00:00Z"}`,
    );
    const run = await cli(['audit', 'verify', '--db', 'nhiscan.db', '--checkpoint', 'cp.json'], {
      cwd: file.dir,
    });
    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `nhiscan: error: ${join(file.dir, 'cp.json')}, key size: expected a whole number of records\n`,
    });
  });
});
