/**
 * The HR event webhook: only signed deliveries are accepted; a bad signature, a stale timestamp, a
 * replay or a malformed event (even one line of a batch) is refused and nothing is stored; a retry
 * signed afresh is a duplicate. A termination delivered with --on-terminate scan starts a scan at
 * once: requests are proposed for exactly that person's credentials, across every configured
 * source (an AWS account behind its emulator and CI tokens), and the audit log links the event to
 * the run and the requests; once approved, the queue disables that person's key and no other. A
 * termination dated later starts no scan; a scan that cannot run is recorded, not lost.
 */

import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { signBody } from '../../src/hr/events/signature.js';
import type { hrWebhookServer } from '../../src/hr/events/webhook.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { HookReceiver } from '../notify/support/hook-receiver.js';
import {
  ACCOUNT,
  CALLER_ENV,
  credentialUid,
  estateOf,
  providerWrites,
  writeHr,
} from '../queue/support/aws-queue-fixture.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { postSigned, serveWebhook as serveWebhookAt, WEBHOOK_SECRET } from './support/webhook-server.js';

const SECRET = WEBHOOK_SECRET;
const NOW = new Date('2026-11-26T12:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const TERMINATE_BOB = '{"id":"evt-7","type":"terminate","employeeId":"E2","effectiveDate":"2026-11-26"}';

const serveWebhook = (
  configPath: string,
  options: { scanOnTerminate: boolean; log?: (line: string) => void },
) => serveWebhookAt(configPath, { now: NOW, ...options });

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
  const auditActions = () =>
    (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
      (row) => row.action,
    );
  const scanRuns = () => db.prepare('SELECT id, status FROM scan_runs ORDER BY id').all();

  async function start(onTerminateScan: boolean) {
    ({ db, server, url } = await serveWebhook(join(dir.path, 'nhiscan.yaml'), {
      scanOnTerminate: onTerminateScan,
      log: (line) => log.push(line),
    }));
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
          'webhook body, line 1, key type: expected type hire, transfer, terminate, rehire or contract-extend, got "fire"',
      },
    ]);
    // One good line and one bad: the whole batch is refused, the good line included.
    const mixed = `${TERMINATE_BOB}\n{"id":"evt-9","type":"terminate","employeeId":"E1","effectiveDate":"26/11/2026"}\n`;
    const half = await post(mixed, signed(mixed));
    expect([half.status, await half.json()]).toEqual([
      400,
      {
        error:
          'webhook body, line 2, key effectiveDate: expected a calendar date such as 2026-11-26 (YYYY-MM-DD), got "26/11/2026"',
      },
    ]);
    expect(storedEvents()).toEqual([]);
    expect(auditActions().filter((action) => action.startsWith('hr.events'))).toEqual([]);

    const accepted = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect([accepted.status, await accepted.json()]).toEqual([202, { stored: ['evt-7'], duplicates: [] }]);
    const replay = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect([replay.status, await replay.json()]).toEqual([
      409,
      { error: 'this delivery was already received (replay)' },
    ]);
    expect(storedEvents()).toEqual([{ id: 'evt-7', origin: 'webhook' }]);

    // The sender's retry, signed afresh, is no replay but a duplicate event: accepted, nothing new stored.
    const retry = await post(TERMINATE_BOB, signed(TERMINATE_BOB, NOW_SECONDS + 5));
    expect([retry.status, await retry.json()]).toEqual([202, { stored: [], duplicates: ['evt-7'] }]);
    // The same id with other content is refused, and nothing of that batch is stored.
    const reused = `{"id":"evt-10","type":"terminate","employeeId":"E1","effectiveDate":"2026-11-26"}\n${TERMINATE_BOB.replace('2026-11-26', '2026-11-25')}`;
    const conflict = await post(reused, signed(reused));
    expect([conflict.status, await conflict.json()]).toEqual([
      409,
      {
        error:
          'key id: event "evt-7" was already received with different content; an event id names one event',
      },
    ]);
    expect(storedEvents()).toEqual([{ id: 'evt-7', origin: 'webhook' }]);
    expect(auditActions().filter((action) => action === 'hr.events')).toEqual(['hr.events']);
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
    const record = db
      .prepare("SELECT reason, payload FROM audit_log WHERE action = 'hr.termination-scan'")
      .get() as { reason: string; payload: string };
    expect(record.reason).toBe('termination of E2 started scan run 2');
    expect(JSON.parse(record.payload)).toEqual({
      events: ['evt-7'],
      employeeIds: ['E2'],
      runId: 2,
      status: 'complete',
      read: ['ci-tokens', 'data-keys'],
      focused: [],
      skipped: [],
      proposed: 2,
      requests: [
        {
          id: 1,
          employeeId: 'E2',
          credentialUid: 'jenkins:ci:api-token:jk-1',
          source: 'ci-tokens',
          rule: 'leaver-owned',
          state: 'pending-approval',
        },
        {
          id: 2,
          employeeId: 'E2',
          credentialUid: 'snowflake:prod:key-pair:sf-1',
          source: 'data-keys',
          rule: 'leaver-owned',
          state: 'pending-approval',
        },
      ],
    });
    expect(log).toEqual([
      'stored 1 event(s), 0 duplicate(s)',
      'termination of E2: reading ci-tokens, data-keys whole (their credentials); no source for their own accounts only',
      'scan run 2 complete: 2 revocation request(s) proposed',
      'open requests for E2: #1 jenkins:ci:api-token:jk-1 (pending-approval), #2 snowflake:prod:key-pair:sf-1 (pending-approval)',
    ]);

    // A retry of the same event is a duplicate: no second scan.
    const retry = await post(TERMINATE_BOB, signed(TERMINATE_BOB, NOW_SECONDS + 5));
    expect([retry.status, await retry.json()]).toEqual([202, { stored: [], duplicates: ['evt-7'] }]);
    expect(scanRuns()).toEqual([
      { id: 1, status: 'complete' },
      { id: 2, status: 'complete' },
    ]);

    const verified = await cli(['audit', 'verify', '--json'], { cwd: dir.path, now: NOW.toISOString() });
    expect(verified.exitCode).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('does not scan for a termination that takes effect later: it waits for the scan on its date', async () => {
    await start(true);
    const later = '{"id":"evt-11","type":"terminate","employeeId":"E2","effectiveDate":"2026-12-15"}';
    const response = await post(later, signed(later));
    expect([response.status, await response.json()]).toEqual([202, { stored: ['evt-11'], duplicates: [] }]);
    expect(scanRuns()).toEqual([{ id: 1, status: 'complete' }]);
    expect(log).toEqual(['stored 1 event(s), 0 duplicate(s)']);
  });

  it('records a termination scan that cannot run, keeping the event, so the sender need not retry', async () => {
    await start(true);
    // HR data broken since the last scan: the scan refuses it.
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type\nE1,ann@acme.example,Ann,retired,employee\n',
    );
    const response = await post(TERMINATE_BOB, signed(TERMINATE_BOB));
    expect([response.status, await response.json()]).toEqual([202, { stored: ['evt-7'], duplicates: [] }]);
    const problem = `${join(dir.path, 'hr.csv')}, line 2, column status: expected active or terminated, got "retired"`;
    expect(log).toEqual([
      'stored 1 event(s), 0 duplicate(s)',
      'termination of E2: reading ci-tokens, data-keys whole (their credentials); no source for their own accounts only',
      `termination scan failed: ${problem}`,
    ]);
    const record = db
      .prepare(
        "SELECT actor, target, reason, payload FROM audit_log WHERE action = 'hr.termination-scan-failed'",
      )
      .get() as { actor: string; target: string | null; reason: string; payload: string };
    expect({ ...record, payload: JSON.parse(record.payload) }).toEqual({
      actor: 'hr-webhook',
      target: null,
      reason: `termination of E2 could not start a scan: ${problem}`,
      payload: { events: ['evt-7'], employeeIds: ['E2'] },
    });
    expect(storedEvents()).toEqual([{ id: 'evt-7', origin: 'webhook' }]);
    expect(scanRuns()).toEqual([{ id: 1, status: 'complete' }]);
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

describe('a termination from the webhook, through the queue, to the one AWS key it concerns', () => {
  const BOB_KEY = 'AKIAWEBHOOKBOB000001';
  const ANN_KEY = 'AKIAWEBHOOKANN000001';
  let dir: ReturnType<typeof temporaryDirectory>;
  let emulator: AwsEmulator;
  let db: Db;
  let server: ReturnType<typeof hrWebhookServer>;
  let url: string;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: NOW.toISOString() });

  beforeEach(async () => {
    Object.assign(process.env, CALLER_ENV);
    dir = temporaryDirectory();
    emulator = await startAwsEmulator({
      estate: estateOf([
        { user: 'svc-bob', key: BOB_KEY, owner: 'e02@acme.example' },
        { user: 'svc-ann', key: ANN_KEY, owner: 'e01@acme.example' },
      ]),
    });
    // 25 people: one termination is a 4% change, under hrChangeGuardPercent (5).
    writeHr(
      dir.path,
      Array.from({ length: 25 }, (_, index) => {
        const id = `E${String(index + 1).padStart(2, '0')}`;
        return { id, email: `${id.toLowerCase()}@acme.example`, status: 'active' as const };
      }),
      '2026-11-26T06:00:00Z',
    );
    writeFileSync(
      join(dir.path, 'ci.csv'),
      [
        'provider,account,kind,credential_id,principal,owner,created_at,last_used_at',
        'jenkins,ci,api-token,jk-1,svc-build,e02@acme.example,2026-11-01,2026-11-20',
        'jenkins,ci,api-token,jk-2,svc-deploy,e01@acme.example,2026-11-01,2026-11-20',
        '',
      ].join('\n'),
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
        'revocation: { leaver: approve }',
        // The executor is not a person in HR: a service actor that may run the queue.
        'governance: { actors: [{ id: ops@acme.example, roles: [execute] }] }',
        '',
      ].join('\n'),
    );
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect([scan.exitCode, scan.stderr]).toEqual([0, '']);
    ({ db, server, url } = await serveWebhook(join(dir.path, 'nhiscan.yaml'), { scanOnTerminate: true }));
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    await emulator.close();
    dir.remove();
  });

  it('proposes Bob’s AWS key and CI token, and once approved disables his key only', async () => {
    const body = '{"id":"evt-aws","type":"terminate","employeeId":"E02","effectiveDate":"2026-11-26"}';
    const response = await postSigned(url, body, NOW_SECONDS);
    expect(response.status).toBe(202);
    expect(
      db
        .prepare(
          'SELECT id, credential_uid AS uid, source, owner_employee_id AS owner, state FROM revocation_requests ORDER BY id',
        )
        .all(),
    ).toEqual([
      { id: 1, uid: credentialUid(BOB_KEY), source: 'aws-prod', owner: 'E02', state: 'pending-approval' },
      {
        id: 2,
        uid: 'jenkins:ci:api-token:jk-1',
        source: 'ci-tokens',
        owner: 'E02',
        state: 'pending-approval',
      },
    ]);
    expect(providerWrites(emulator)).toEqual([]);

    const approved = await run([
      'queue',
      'approve',
      '1',
      '--by',
      // E03 is in HR and owns nothing: not one of the credential's candidate owners.
      'e03@acme.example',
      '--reason',
      'leaver E02',
    ]);
    expect(approved.exitCode).toBe(0);
    const executed = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect([executed.exitCode, executed.stderr]).toEqual([0, '']);
    expect(executed.stdout).toMatch(/ok +hr-change: HR change since snapshot 1: 4\.0% \(limit 5%\)/);
    expect(providerWrites(emulator)).toEqual([['UpdateAccessKey', BOB_KEY, 'Inactive']]);
    expect(
      emulator.estate.accounts[0]!.users.map((user) => [user.name, user.accessKeys?.[0]?.status]),
    ).toEqual([
      ['svc-bob', 'Inactive'],
      ['svc-ann', 'Active'],
    ]);

    const trail = (
      db
        .prepare(
          "SELECT action, target FROM audit_log WHERE seq > (SELECT MAX(seq) FROM audit_log WHERE action = 'scan.finished' AND target = 'run:1') AND action IN ('hr.events', 'hr.snapshot', 'request.proposed', 'scan.finished', 'hr.termination-scan', 'request.approved', 'step.started', 'step.done') ORDER BY seq",
        )
        .all() as { action: string; target: string | null }[]
    ).map((row) => `${row.action} ${row.target}`);
    expect(trail).toEqual([
      'hr.events null',
      'hr.snapshot hr-snapshot:2',
      'request.proposed request:1',
      'request.proposed request:2',
      'scan.finished run:2',
      'hr.termination-scan run:2',
      'request.approved request:1',
      'step.started request:1',
      'step.done request:1',
    ]);
    const verified = await run(['audit', 'verify', '--json']);
    expect([verified.exitCode, JSON.parse(verified.stdout).ok]).toEqual([0, true]);
  });
});
