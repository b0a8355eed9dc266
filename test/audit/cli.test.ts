import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { seededDatabaseFile, sqlite3 } from './seed.js';

describe('nhiscan audit log', () => {
  let file: ReturnType<typeof seededDatabaseFile>;
  const run = (...argv: string[]) => cli(['audit', 'log', '--db', 'nhiscan.db', ...argv], { cwd: file.dir });
  beforeEach(() => {
    file = seededDatabaseFile(12);
  });
  afterEach(() => file.remove());

  it('lists the newest --limit records, oldest first, in aligned columns', async () => {
    expect(await run('--limit', '3')).toEqual({
      exitCode: 0,
      stdout: [
        'SEQ  TIME                      ACTOR  ACTION             TARGET          REASON',
        ' 10  2026-11-26T09:09:00.000Z  carol  request.confirmed  request:2       token deleted in the vault UI',
        ' 11  2026-11-26T09:10:00.000Z  scan   finding.raised     finding:nhi-10  record 11',
        ' 12  2026-11-26T09:11:00.000Z  scan   finding.raised     finding:nhi-11  record 12',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints records as JSON with their payloads and hashes; --limit 0 lists all', async () => {
    const records = JSON.parse((await run('--json', '--limit', '0')).stdout);
    expect(records).toHaveLength(12);
    expect(records[3]).toEqual({
      seq: 4,
      time: '2026-11-26T09:03:00.000Z',
      actor: 'alice',
      action: 'request.approved',
      target: 'request:1',
      reason: 'confirmed with her manager',
      payload: { requestId: 1, credentialUid: 'aws:111122223333:access-key:AKIAEXAMPLE0000LEFT' },
      prevHash: records[2].hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.parse((await run('--json')).stdout)).toHaveLength(12);
  });

  it('shows a tampered payload as its raw text rather than hiding it', async () => {
    sqlite3(
      file.path,
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload = '{oops' WHERE seq = 12;",
    );
    const records = JSON.parse((await run('--json', '--limit', '1')).stdout);
    expect(records[0].payload).toBe('{oops');
  });

  it('refuses a --limit that is not a whole number', async () => {
    expect(await run('--limit', '-1')).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'nhiscan: error: key --limit: expected a whole number, got "-1"\n',
    });
  });
});

describe('nhiscan audit, around the edges', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('verifies and lists an empty log', async () => {
    openDatabase(join(dir.path, 'nhiscan.db')).close();
    expect(await cli(['audit', 'verify', '--db', 'nhiscan.db'], { cwd: dir.path })).toEqual({
      exitCode: 0,
      stdout: `audit log verified: 0 records, head ${'0'.repeat(64)}\n`,
      stderr: '',
    });
    expect((await cli(['audit', 'log', '--db', 'nhiscan.db'], { cwd: dir.path })).stdout).toBe(
      'the audit log is empty\n',
    );
  });

  it('exits 2 when there is no database', async () => {
    const result = await cli(['audit', 'verify', '--db', 'missing.db'], { cwd: dir.path });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `nhiscan: error: ${join(dir.path, 'missing.db')}: no nhiscan database here: run \`nhiscan scan\` first, or pass --db FILE\n`,
    );
  });

  it.each([
    [
      'verify',
      'Exit codes: 0 verified, 1 verification failed (first bad record on stderr), 2 usage or input error.',
    ],
    [
      'checkpoint',
      'Exit codes: 0 written, 1 the log does not verify (nothing written), 2 usage or input error.',
    ],
    [
      'export',
      'Exit codes: 0 exported, 1 the log does not verify (nothing exported), 2 usage or input error.',
    ],
    ['log', '--limit <n>'],
  ])('audit %s --help documents its flags and exit codes', async (verb, text) => {
    const result = await cli(['audit', verb, '--help'], { cwd: dir.path });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(text);
    expect(result.stdout).toContain('--db <file>');
  });

  it('audit --help lists the verbs and the exit codes', async () => {
    const result = await cli(['audit', '--help'], { cwd: dir.path });
    expect(result.exitCode).toBe(0);
    for (const text of ['verify [options]', 'checkpoint [options]', 'export [options]', 'log [options]']) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).toContain(
      '1  verification failed: the first bad record and the problem are printed on stderr',
    );
  });
});
