/**
 * A termination scan reads only what the terminated person can hold (issue 23): the source holding
 * a credential they own is read whole; a source that checks people's own accounts (AWS IAM users)
 * is read focused on them, with exactly the calls for their user; a source with nothing of theirs
 * is not read at all. What the focused read did not look for is left as it was (never gone).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import type { Db } from '../../src/store/index.js';
import { ACCOUNT, CALLER_ENV, estateOf, writeHr } from '../queue/support/aws-queue-fixture.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { postSigned, serveWebhook } from './support/webhook-server.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

describe('a termination scan reads only what the terminated person can hold', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let emulator: AwsEmulator;
  let db: Db;
  let server: Awaited<ReturnType<typeof serveWebhook>>['server'];
  let url: string;
  let estate: ReturnType<typeof estateOf>;
  const log: string[] = [];

  beforeEach(async () => {
    Object.assign(process.env, CALLER_ENV);
    dir = temporaryDirectory();
    log.length = 0;
    // Ann's service user (owner tag). Bob's own console user `e02` (his email's local part) is
    // created after the scheduled scan, so nothing of his is known in AWS when he leaves.
    estate = estateOf([{ user: 'svc-ann', key: 'AKIAFOCUSANN00000001', owner: 'e01@acme.example' }]);
    emulator = await startAwsEmulator({ estate });
    writeHr(
      dir.path,
      Array.from({ length: 25 }, (_, index) => {
        const id = `E${String(index + 1).padStart(2, '0')}`;
        return { id, email: `${id.toLowerCase()}@acme.example`, status: 'active' as const };
      }),
      '2026-11-26T06:00:00Z',
    );
    const inventory = (rows: string[]) =>
      ['provider,account,kind,credential_id,principal,owner,created_at,last_used_at', ...rows, ''].join('\n');
    writeFileSync(
      join(dir.path, 'ci.csv'),
      inventory(['jenkins,ci,api-token,jk-1,svc-build,e02@acme.example,2026-11-01,2026-11-20']),
    );
    writeFileSync(
      join(dir.path, 'data.csv'),
      inventory(['snowflake,prod,key-pair,sf-1,svc-etl,e01@acme.example,2026-11-01,2026-11-20']),
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
        'sources:',
        '  - type: aws',
        '    name: aws-prod',
        `    endpoint: ${emulator.endpoint}`,
        '    credentials: { accessKeyId: env:QUEUE_FIXTURE_AWS_KEY, secretAccessKey: env:QUEUE_FIXTURE_AWS_SECRET }',
        `    accounts: [{ id: "${ACCOUNT}" }]`,
        '    sshPublicKeys: false',
        '  - { type: inventory-file, name: ci-tokens, path: ci.csv }',
        '  - { type: inventory-file, name: data-keys, path: data.csv }',
        'revocation: { leaver: approve }',
        '',
      ].join('\n'),
    );
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], {
      cwd: dir.path,
      now: NOW.toISOString(),
    });
    expect([scan.exitCode, scan.stderr]).toEqual([0, '']);
    estate.accounts[0]!.users.push({
      name: 'e02',
      userId: 'AIDAFOCUSBOB00000001',
      createDate: '2026-11-25T00:00:00Z',
      loginProfile: { createDate: '2026-11-25T00:00:00Z' },
    });
    emulator.requestLog.splice(0);
    ({ db, server, url } = await serveWebhook(join(dir.path, 'nhiscan.yaml'), {
      now: NOW,
      scanOnTerminate: true,
      log: (line) => log.push(line),
    }));
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    await emulator.close();
    dir.remove();
  });

  it('reads ci-tokens whole, AWS for Bob’s own user only, and not data-keys', async () => {
    const body = '{"id":"evt-focus","type":"terminate","employeeId":"E02","effectiveDate":"2026-11-26"}';
    const response = await postSigned(url, body, NOW_SECONDS);
    expect(response.status).toBe(202);
    expect(log.slice(0, 2)).toEqual([
      'stored 1 event(s), 0 duplicate(s)',
      'termination of E02: reading ci-tokens whole (their credentials); aws-prod for their own accounts only; not reading data-keys',
    ]);
    // Only Bob's user is read, besides the one account-wide listing of users.
    expect(
      emulator.requestLog.map((entry) => `${entry.action} ${entry.params.UserName ?? ''}`.trim()),
    ).toEqual([
      'GetAccountAuthorizationDetails',
      'ListAccessKeys e02',
      'ListSigningCertificates e02',
      'ListServiceSpecificCredentials e02',
      'GetLoginProfile e02',
    ]);
    const sources = db
      .prepare('SELECT name, status FROM scan_sources WHERE run_id = 2 ORDER BY name')
      .all() as { name: string; status: string }[];
    expect(sources).toEqual([
      { name: 'aws-prod', status: 'partial' },
      { name: 'ci-tokens', status: 'complete' },
    ]);
    // Ann's key, not looked for, is still present; Bob's own user and his CI token are proposed.
    expect(
      db.prepare("SELECT uid, state FROM credentials WHERE source = 'aws-prod' ORDER BY uid").all(),
    ).toEqual([
      { uid: `aws:${ACCOUNT}:access-key:AKIAFOCUSANN00000001`, state: 'present' },
      { uid: `aws:${ACCOUNT}:console-password:e02`, state: 'present' },
      { uid: `aws:${ACCOUNT}:iam-user:e02`, state: 'present' },
    ]);
    expect(
      db.prepare('SELECT credential_uid AS uid, rule FROM revocation_requests ORDER BY credential_uid').all(),
    ).toEqual([
      { uid: `aws:${ACCOUNT}:console-password:e02`, rule: 'leaver-owned' },
      { uid: `aws:${ACCOUNT}:iam-user:e02`, rule: 'leaver-access-remains' },
      { uid: 'jenkins:ci:api-token:jk-1', rule: 'leaver-owned' },
    ]);
    const record = db.prepare("SELECT payload FROM audit_log WHERE action = 'hr.termination-scan'").get() as {
      payload: string;
    };
    expect(JSON.parse(record.payload)).toMatchObject({
      read: ['ci-tokens'],
      focused: ['aws-prod'],
      skipped: ['data-keys'],
    });
  });
});
