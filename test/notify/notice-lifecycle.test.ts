/**
 * A notice's life through `nhiscan notify` with a hand-kept inventory and a local webhook: the
 * owner's answer (their manager recertifies on their word, or they remove the credential) closes
 * it; the finding returning after the recertification lapses is announced again; a dry run sends
 * and records nothing; an undelivered digest exits 3 and is retried; config mistakes are named by
 * key.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { type HookAnswer, HookReceiver } from './support/hook-receiver.js';

const HR =
  'employee_id,email,name,status,worker_type,hire_date,termination_date,manager_email\n' +
  'E1,ann@acme.example,Ann Archer,active,employee,2020-01-01,,carol@acme.example\n' +
  // Ann's manager: an owner cannot recertify their own credential, so Carol records Ann's answer.
  'E2,carol@acme.example,Carol Chen,active,employee,2019-01-01,,\n';
const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department\n';
const ROW_STALE =
  'jenkins,ci.acme.example,api-token,jk-1,svc-ci,ann@acme.example,2026-11-01,2026-05-01,,active,false,\n';
const UID = 'jenkins:ci.acme.example:api-token:jk-1';

describe('a notice from announcement to answer', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let hook: HookReceiver;
  const run = (argv: string[], day = '2026-11-26') =>
    cli(argv, { cwd: dir.path, now: `${day}T12:00:00Z`, env: { NHISCAN_USER: 'ann@acme.example' } });

  async function setUp(answers: HookAnswer[], notifications?: string[]): Promise<void> {
    hook = await HookReceiver.start(answers);
    process.env.LIFECYCLE_HOOK_URL = `${hook.origin}/hooks/nhiscan`;
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(join(dir.path, 'inventory.csv'), HEADER + ROW_STALE);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv, maxAgeHours: 100000 }',
        'sources:',
        '  - type: inventory-file',
        '    name: sheet',
        '    path: inventory.csv',
        'notifications:',
        ...(notifications ?? [
          '  securityContact: security@acme.example',
          '  retries: 0',
          '  channels:',
          '    - type: webhook',
          '      url: env:LIFECYCLE_HOOK_URL',
        ]),
        '',
      ].join('\n'),
    );
  }
  const audit = (action: string) => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return db.prepare('SELECT target, reason FROM audit_log WHERE action = ? ORDER BY seq').all(action) as {
        target: string;
        reason: string | null;
      }[];
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(async () => {
    expect(hook.unexpected).toEqual([]);
    await hook.close();
    dir.remove();
  });

  it('a recertification answers the notice; when it lapses, the finding returns and is announced again', async () => {
    await setUp([{ status: 200 }, { status: 200 }]);
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify'])).exitCode).toBe(
      0,
    );
    expect(hook.requests).toEqual([]);
    const first = await run(['notify']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('Notices: 1 new, 0 answered, 0 superseded; 1 digest(s) this run');
    expect(first.stdout).toMatch(
      /delivered digest #1 → ann@acme\.example via webhook \(http:\/\/127\.0\.0\.1:\d+\), 1 attempt\(s\): HTTP 200/,
    );
    const body = JSON.parse(hook.requests[0]!.body);
    expect(body.nhiscan).toMatchObject({
      digestId: 1,
      recipient: 'ann@acme.example',
      role: 'owner',
      deadline: '2026-12-10',
    });
    expect(body.nhiscan.items).toEqual([
      expect.objectContaining({ credentialUid: UID, rule: 'stale', actAfter: '2026-12-10' }),
    ]);
    expect(hook.requests[0]!.headers['idempotency-key']).toBe('nhi-notice-1');

    expect(
      (
        await run([
          'recertify',
          UID,
          '--by',
          'carol@acme.example',
          '--reason',
          'nightly build, rotated in March',
          '--until',
          '2027-01-15',
        ])
      ).exitCode,
    ).toBe(0);
    const answered = await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27');
    expect(answered.stderr).toContain('Notices: 0 new, 1 answered, 0 superseded; 0 digest(s) this run');
    expect(answered.stderr).toContain(
      `answered   ${UID} stale: recertified by carol@acme.example until 2027-01-15: nightly build, rotated in March`,
    );
    expect(audit('notice.answered')).toEqual([
      {
        target: UID,
        reason: 'recertified by carol@acme.example until 2027-01-15: nightly build, rotated in March',
      },
    ]);

    // On the recertification's end date the finding is open again, and so is a new notice.
    const lapsed = await run(['scan', '--as-of', '2027-01-15', '--fail-on', 'none'], '2027-01-15');
    expect(lapsed.stderr).toContain('Notices: 1 new, 0 answered, 0 superseded; 1 digest(s) this run');
    expect(JSON.parse(hook.requests[1]!.body).nhiscan.deadline).toBe('2027-01-29');
    expect(hook.unused).toEqual([]);
  });

  it('removing the credential answers the notice: the next scan sees it gone', async () => {
    await setUp([{ status: 200 }]);
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    writeFileSync(join(dir.path, 'inventory.csv'), HEADER);
    // A header-only file is a partial scan unless a person accepts the change (docs/queue.md).
    const accept = ['--accept-source-change', '--by', 'ann@acme.example', '--reason', 'jk-1 revoked by hand'];
    const rescan = await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none', ...accept], '2026-11-27');
    expect(rescan.stderr).toContain('Notices: 0 new, 1 answered, 0 superseded; 0 digest(s) this run');
    expect(audit('notice.answered')).toHaveLength(1);
    expect(audit('notice.answered')[0]!.reason).toMatch(/^finding resolved: /);
  });

  it('a dry run shows the digest, sends nothing and records nothing', async () => {
    await setUp([]);
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    const dry = await run(['notify', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('Notices (dry run: nothing sent, nothing recorded): 1 new');
    expect(dry.stdout).toContain(
      '    Subject: nhiscan: 1 credential(s) of yours need an answer by 2026-12-10',
    );
    expect(dry.stdout).toContain(`    | - ${UID}`);
    expect(dry.stdout).toContain(
      '    |   From 2026-12-10: reported only: the queue is not set to act on this rule',
    );
    expect(hook.requests).toEqual([]);
    expect(audit('notice.created')).toEqual([]);
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM notices').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM notice_digests').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('an undelivered digest exits 3, is recorded, and is sent again at the next run', async () => {
    await setUp([{ status: 503 }, { status: 200 }]);
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    const failed = await run(['notify']);
    expect(failed.exitCode).toBe(3);
    expect(failed.stdout).toMatch(/FAILED {4}digest #1 → ann@acme\.example via webhook .*: HTTP 503/);
    expect(failed.stdout).toContain('Undelivered: 1 digest(s) (#1 → ann@acme.example)');
    expect(audit('notice.delivery-failed')).toEqual([{ target: 'digest:1', reason: 'HTTP 503' }]);

    // Told on the 28th: the notice period counts from that day, not from the scan's.
    const retried = await run(['notify'], '2026-11-28');
    expect(retried.exitCode).toBe(0);
    expect(retried.stdout).toContain(
      'digest #2 → ann@acme.example (owner): 1 credential(s), from 2026-12-12, takes over undelivered #1',
    );
    expect(audit('notice.delivered')).toEqual([{ target: 'digest:2', reason: null }]);
    expect(hook.unused).toEqual([]);
  });

  it('a scan whose channel secret is unset fails before it scans: exit 2, the key named, nothing recorded', async () => {
    await setUp(
      [],
      [
        '  securityContact: security@acme.example',
        '  channels:',
        '    - type: webhook',
        '      name: chat',
        '      url: env:LIFECYCLE_HOOK_URL_UNSET',
      ],
    );
    delete process.env.LIFECYCLE_HOOK_URL_UNSET;
    const scan = await run(['scan', '--as-of', '2026-11-26']);
    expect(scan.exitCode).toBe(2);
    expect(scan.stderr).toContain(
      'nhiscan.yaml, key notifications.channels[0].url: environment variable LIFECYCLE_HOOK_URL_UNSET is not set',
    );
    expect(existsSync(join(dir.path, 'nhiscan.db'))).toBe(false);
    // --no-notify scans without the channels.
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify'])).exitCode).toBe(
      0,
    );
  });

  it('names the key of a bad template or an inline password, and refuses to notify without a notifications block', async () => {
    await setUp(
      [],
      [
        '  securityContact: security@acme.example',
        '  templates:',
        '    owner: { subject: "Due {{dedline}}", body: "{{items}}" }',
        '  channels:',
        '    - type: email',
        '      host: 127.0.0.1',
        '      from: nhiscan@acme.example',
        '      username: nhiscan',
        '      password: hunter2hunter2',
      ],
    );
    const bad = await run(['notify']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(
      'line 9, key notifications.templates.owner.subject: unknown placeholder {{dedline}}',
    );
    expect(bad.stderr).toContain(
      'key notifications.channels[0].password: expected a secret reference such as env:NAME (secrets are never inlined)',
    );
    expect(bad.stderr).not.toContain('hunter2hunter2');

    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    path: inventory.csv\n',
    );
    const none = await run(['notify']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain(
      'key notifications: no notifications block: nothing to send (docs/notifications.md)',
    );
  });
});
