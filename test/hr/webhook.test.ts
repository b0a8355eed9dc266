/**
 * The HR event webhook: only signed deliveries are accepted; a bad signature, a stale timestamp, a
 * replay or a malformed event is refused and nothing is stored. A termination delivered with
 * --on-terminate scan starts a scan at once: requests are proposed for exactly that person's
 * credentials, across every configured source, and the audit log links the event to the run.
 */

import { utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { scanOnTermination } from '../../src/hr/events/on-terminate.js';
import { signBody } from '../../src/hr/events/signature.js';
import { hrWebhookServer } from '../../src/hr/events/webhook.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { HookReceiver } from '../notify/support/hook-receiver.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const SECRET = 'test-webhook-shared-secret-0001';
const NOW = new Date('2026-11-26T12:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const TERMINATE_BOB = '{"id":"evt-7","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-26"}';

describe('nhiscan hr serve', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  let server: ReturnType<typeof hrWebhookServer> | undefined;
  let url: string;
  const log: string[] = [];

  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', ...headers } });
  const signed = (body: string, timestamp = NOW_SECONDS) => ({
    'x-nhiscan-timestamp': String(timestamp),
    'x-nhiscan-signature': signBody(SECRET, timestamp, body),
  });
  const storedEvents = () => db.prepare('SELECT event_id AS id, origin FROM hr_events ORDER BY seq').all();

  async function start(onTerminateScan: boolean) {
    const config = await loadConfig(join(dir.path, 'nhiscan.yaml'));
    db = openDatabase(config.dbPath);
    server = hrWebhookServer({
      db,
      secret: SECRET,
      now: () => NOW,
      log: (line) => log.push(line),
      ...(onTerminateScan
        ? {
            onStored: scanOnTermination(
              config,
              () => NOW,
              (line) => log.push(line),
            ),
          }
        : {}),
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  }

  beforeEach(async () => {
    dir = temporaryDirectory();
    log.length = 0;
    const write = (name: string, lines: string[]) =>
      writeFileSync(join(dir.path, name), `${lines.join('\n')}\n`);
    write('hr.csv', [
      'employee_id,email,name,status,worker_type,hire_date,termination_date',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,',
      'E2,bob@acme.example,Bob,active,employee,2020-01-01,',
    ]);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    write('ci.csv', [
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at',
      'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-11-01,2026-11-20',
      'jenkins,ci,api-token,jk-2,svc-deploy,ann@acme.example,2026-11-01,2026-11-20',
    ]);
    write('data.csv', [
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at',
      'snowflake,prod,key-pair,sf-1,svc-etl,bob@acme.example,2026-11-01,2026-11-20',
    ]);
    write('nhiscan.yaml', [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - { type: inventory-file, name: ci-tokens, path: ci.csv }',
      '  - { type: inventory-file, name: data-keys, path: data.csv }',
      'revocation: { leaver: approve }',
    ]);
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], {
      cwd: dir.path,
      now: NOW.toISOString(),
    });
    expect(scan.exitCode).toBe(0);
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    db.close();
    dir.remove();
  });

  it('refuses unsigned, mis-signed, stale, replayed and malformed deliveries, storing nothing from them', async () => {
    await start(false);
    const unsigned = await post(TERMINATE_BOB, {});
    expect([unsigned.status, await unsigned.json()]).toEqual([
      401,
      { error: 'missing x-nhiscan-signature or x-nhiscan-timestamp header' },
    ]);
    const wrong = await post(TERMINATE_BOB, {
      ...signed(TERMINATE_BOB),
      'x-nhiscan-signature': signBody('another-secret-000000', NOW_SECONDS, TERMINATE_BOB),
    });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'signature does not match the body' }]);
    const tampered = await post(TERMINATE_BOB.replace('E2', 'E1'), signed(TERMINATE_BOB));
    expect(tampered.status).toBe(401);
    const stale = await post(TERMINATE_BOB, signed(TERMINATE_BOB, NOW_SECONDS - 3600));
    expect([stale.status, await stale.json()]).toEqual([
      401,
      { error: 'timestamp outside the 300 s window (a replay or a skewed clock)' },
    ]);
    const malformed = '{"id":"evt-8","type":"fire","employeeId":"E2","effectiveDate":"2026-11-26"}';
    const bad = await post(malformed, signed(malformed));
    expect([bad.status, await bad.json()]).toEqual([
      400,
      {
        error:
          'webhook body, line 1, key type: expected type one of hire, transfer, terminate, rehire, contract-extend',
      },
    ]);
    expect(storedEvents()).toEqual([]);

    const accepted = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect([accepted.status, await accepted.json()]).toEqual([202, { stored: ['evt-7'], duplicates: [] }]);
    const replay = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect([replay.status, await replay.json()]).toEqual([
      409,
      { error: 'this delivery was already received (replay)' },
    ]);
    expect(storedEvents()).toEqual([{ id: 'evt-7', origin: 'webhook' }]);
  });

  it('scans on a termination and proposes exactly that person’s credentials across sources, with an audit trail', async () => {
    await start(true);
    const response = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect(response.status).toBe(202);
    const requests = db
      .prepare('SELECT credential_uid AS uid, source, rule, state FROM revocation_requests ORDER BY id')
      .all();
    expect(requests).toEqual([
      {
        uid: 'jenkins:ci:api-token:jk-1',
        source: 'ci-tokens',
        rule: 'leaver-owned',
        state: 'pending-approval',
      },
      {
        uid: 'snowflake:prod:key-pair:sf-1',
        source: 'data-keys',
        rule: 'leaver-owned',
        state: 'pending-approval',
      },
    ]);
    const trail = db
      .prepare(
        "SELECT actor, action, target FROM audit_log WHERE action IN ('hr.events', 'hr.snapshot', 'scan.finished', 'request.proposed', 'hr.termination-scan') AND seq > (SELECT MAX(seq) FROM audit_log WHERE action = 'scan.finished' AND target = 'run:1') ORDER BY seq",
      )
      .all();
    expect(trail).toEqual([
      { actor: 'hr-webhook', action: 'hr.events', target: null },
      { actor: 'scan', action: 'hr.snapshot', target: 'hr-snapshot:2' },
      { actor: 'nhiscan', action: 'request.proposed', target: 'request:1' },
      { actor: 'nhiscan', action: 'request.proposed', target: 'request:2' },
      { actor: 'scan', action: 'scan.finished', target: 'run:2' },
      { actor: 'hr-webhook', action: 'hr.termination-scan', target: 'run:2' },
    ]);
    expect(log).toContain('scan run 2 complete: 2 revocation request(s) proposed');
  });

  it('with notifications, the termination scan tells the leaver’s manager at once, in one digest across sources', async () => {
    const hook = await HookReceiver.start([{ status: 200 }]);
    try {
      process.env.WEBHOOK_TEST_NOTICE_URL = `${hook.origin}/notices`;
      writeFileSync(
        join(dir.path, 'hr.csv'),
        [
          'employee_id,email,name,status,worker_type,hire_date,termination_date,manager_email',
          'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
          'E2,bob@acme.example,Bob,active,employee,2020-01-01,,carol@acme.example',
          '',
        ].join('\n'),
      );
      utimesSync(
        join(dir.path, 'hr.csv'),
        new Date('2026-11-26T06:00:00Z'),
        new Date('2026-11-26T06:00:00Z'),
      );
      writeFileSync(
        join(dir.path, 'nhiscan.yaml'),
        [
          'hr: { source: csv, path: hr.csv }',
          'sources:',
          '  - { type: inventory-file, name: ci-tokens, path: ci.csv }',
          '  - { type: inventory-file, name: data-keys, path: data.csv }',
          'revocation: { leaver: approve }',
          'notifications:',
          '  securityContact: security@acme.example',
          '  channels: [{ type: webhook, url: env:WEBHOOK_TEST_NOTICE_URL }]',
          '',
        ].join('\n'),
      );
      await start(true);
      expect((await post(TERMINATE_BOB, signed(TERMINATE_BOB))).status).toBe(202);
      expect(hook.requests).toHaveLength(1);
      const notice = JSON.parse(hook.requests[0]!.body).nhiscan;
      expect([notice.recipient, notice.role, notice.deadline]).toEqual([
        'carol@acme.example',
        'manager',
        '2026-12-03',
      ]);
      expect(notice.items.map((item: { credentialUid: string }) => item.credentialUid)).toEqual([
        'jenkins:ci:api-token:jk-1',
        'snowflake:prod:key-pair:sf-1',
      ]);
      expect(log).toContain('notices: 1 digest(s) for 2 new notice(s); 0 undelivered');
      expect(hook.unused).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('will not serve without a shared secret of at least 16 characters', async () => {
    const result = await cli(['hr', 'serve', '--port', '0'], {
      cwd: dir.path,
      now: NOW.toISOString(),
      env: { NHISCAN_HR_WEBHOOK_SECRET: 'short' },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'key --secret-env: environment variable NHISCAN_HR_WEBHOOK_SECRET must hold the shared secret (16 characters or more)',
    );
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
});
