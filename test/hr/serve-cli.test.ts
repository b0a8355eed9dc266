/**
 * `nhiscan hr serve` from the command line: --help states the signature headers the webhook
 * verifies, and --db names the database the events go to, over the config's db.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { signBody } from '../../src/hr/events/signature.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const SECRET = 'test-webhook-shared-secret-0002';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('nhiscan hr serve', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.remove());

  it('--help names the headers and the signature the webhook requires', async () => {
    const help = await cli(['hr', 'serve', '--help'], { cwd: dir.path });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain(
      '--db <file>              database file or postgres:// URL (overrides the\n                           config key db)',
    );
    expect(help.stdout).toContain(
      [
        'and two headers:',
        '  X-Nhiscan-Timestamp: the time of sending in unix seconds; refused when more than',
        "      300 s from this server's clock",
        '  X-Nhiscan-Signature: sha256=HEX, the lowercase hex HMAC-SHA256 of "TIMESTAMP.BODY" (the',
        "      timestamp header's value, a dot, the raw body) keyed with the shared secret",
      ].join('\n'),
    );
  });

  it('stores the events it receives in the database --db names', async () => {
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type\nE1,a@acme.example,A,active,employee\n',
    );
    writeFileSync(join(dir.path, 'inventory.csv'), 'provider,account,kind,credential_id,principal,owner\n');
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'db: config.db',
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const now = new Date('2026-11-26T12:00:00Z');
    const stderr = new PassThrough();
    const listening = new Promise<void>((resolve) =>
      stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('listening on')) resolve();
      }),
    );
    const controller = new AbortController();
    const served = runCli(['hr', 'serve', '--port', String(port), '--db', 'other.db'], {
      stdout: new PassThrough(),
      stderr,
      env: { NHISCAN_HR_WEBHOOK_SECRET: SECRET },
      cwd: dir.path,
      now: () => now,
      signal: controller.signal,
    });
    await listening;
    const body = '{"id":"h1","type":"terminate","employeeId":"E1","effectiveDate":"2026-11-26"}';
    const seconds = Math.floor(now.getTime() / 1000);
    const response = await fetch(`http://127.0.0.1:${port}/events`, {
      method: 'POST',
      body,
      headers: {
        'X-Nhiscan-Timestamp': String(seconds),
        'X-Nhiscan-Signature': signBody(SECRET, seconds, body),
      },
    });
    expect([response.status, await response.json()]).toEqual([202, { stored: ['h1'], duplicates: [] }]);
    controller.abort();
    expect(await served).toBe(0);

    expect(existsSync(join(dir.path, 'config.db'))).toBe(false);
    const db = openDatabase(join(dir.path, 'other.db'));
    try {
      expect(db.prepare('SELECT event_id AS id, origin FROM hr_events').all()).toEqual([
        { id: 'h1', origin: 'webhook' },
      ]);
    } finally {
      db.close();
    }
  });
});
