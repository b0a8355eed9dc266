/**
 * Announce, then act, end to end: a scan with a notifications block tells the leaver's manager,
 * the owner and the security contact (one digest each, over a real SMTP server with STARTTLS and
 * a local webhook receiver); the queue holds every noticed request until its notice was delivered
 * and its day has come; a failed delivery holds it, a later delivery restarts the clock; a changed
 * reason (a new manager) supersedes the notice; an immediate leaver disable is not held.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsEstate, AwsUserEstate } from '../../scanners/aws/emulator/estate.js';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { type TlsCertificate, tlsCertificate } from '../../src/emulate/tls-certificate.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { HookReceiver } from './support/hook-receiver.js';
import { SmtpReceiver } from './support/smtp-receiver.js';

const AWS_SECRET = 'notify-test-aws-secret-value';
const SMTP_PASSWORD = 'smtp-pass-Zq9';
const HOOK_SECRET_PATH = '/services/T0000/B0000/hooksecretXYZ123';

const user = (
  name: string,
  owner: string | undefined,
  key: string,
  lastUsed: string,
  groups: string[] = [],
): AwsUserEstate => ({
  name,
  userId: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
  createDate: '2025-01-01T00:00:00Z',
  tags: owner ? { owner } : {},
  groups,
  accessKeys: [
    {
      id: key,
      status: 'Active' as const,
      createDate: '2026-09-01T00:00:00Z',
      lastUsed: { date: lastUsed, serviceName: 's3', region: 'us-east-1' },
    },
  ],
});

const KEY_ETL = 'AKIANOTIFYETL0000001';
const KEY_ADMIN = 'AKIANOTIFYADMIN00001';
const KEY_CI = 'AKIANOTIFYCI00000001';
const KEY_ORPHAN = 'AKIANOTIFYORPHAN0001';
const uid = (key: string) => `aws:111111111111:access-key:${key}`;
const SHEET_UID = 'jenkins:ci.acme.example:api-token:jk-1';

function estate(): AwsEstate {
  return {
    callerAccessKey: {
      accessKeyId: 'AKIANOTIFYCALLER0001',
      secretAccessKey: AWS_SECRET,
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [
      {
        id: '111111111111',
        users: [
          user('etl', 'bob@acme.example', KEY_ETL, '2026-11-20T00:00:00Z'),
          user('root-bot', 'bob@acme.example', KEY_ADMIN, '2026-11-20T00:00:00Z', ['admins']),
          user('ci', 'ann@acme.example', KEY_CI, '2026-06-01T00:00:00Z'),
          user('orphan', undefined, KEY_ORPHAN, '2026-11-20T00:00:00Z'),
        ],
        roles: [],
        groups: [
          {
            name: 'admins',
            groupId: 'AGPANOTIFYADMINS0001',
            attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        ],
      },
    ],
  };
}

const HR_HEADER = 'employee_id,email,name,status,worker_type,hire_date,termination_date,manager_email';
const hr = (bobManager: string) =>
  `${HR_HEADER}\nE1,ann@acme.example,Ann Archer,active,employee,2020-01-01,,carol@acme.example\n` +
  `E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01,${bobManager}\n` +
  'E3,carol@acme.example,Carol Chen,active,employee,2019-01-01,,\n' +
  'E4,dave@acme.example,Dave Diaz,active,employee,2019-01-01,,\n';

const INVENTORY =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department\n' +
  'jenkins,ci.acme.example,api-token,jk-1,svc-ci,bob@acme.example,2026-09-01,2026-11-20,,active,false,\n';

interface Setup {
  leaver?: 'approve' | 'auto-disable';
  channels: ('email' | 'webhook')[];
}

describe('announce, then act', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let aws: AwsEmulator;
  let certificate: TlsCertificate;
  let smtp: SmtpReceiver;
  let hook: HookReceiver | undefined;
  /** Recipients the SMTP server refuses (550) at RCPT TO. */
  const refused = new Set<string>();
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') =>
    cli(argv, {
      cwd: dir.path,
      now,
      env: { NHISCAN_USER: 'ops@acme.example' },
    });
  const awsWrites = () =>
    aws.requestLog
      .filter((entry) => /^(Update|Delete)/.test(entry.action))
      .map((entry) => [entry.action, entry.params.AccessKeyId, entry.params.Status]);
  const writeHr = (bobManager: string) => {
    writeFileSync(join(dir.path, 'hr.csv'), hr(bobManager));
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
  };
  const messageTo = (address: string) => smtp.messages.filter((message) => message.rcptTo.includes(address));

  async function setUp(setup: Setup): Promise<void> {
    aws = await startAwsEmulator({ estate: estate() });
    smtp = await SmtpReceiver.start({
      keyPem: certificate.keyPem,
      certPem: certificate.certPem,
      user: 'nhiscan',
      password: SMTP_PASSWORD,
      rcptAnswerFor: (address) =>
        refused.has(address) ? { code: 550, text: 'mailbox unavailable' } : 'accept',
    });
    hook = setup.channels.includes('webhook')
      ? await HookReceiver.start(Array.from({ length: 3 }, () => ({ status: 200, body: 'ok' })))
      : undefined;
    process.env.NOTIFY_TEST_AWS_KEY = 'AKIANOTIFYCALLER0001';
    process.env.NOTIFY_TEST_AWS_SECRET = AWS_SECRET;
    process.env.NOTIFY_TEST_SMTP_PASSWORD = SMTP_PASSWORD;
    process.env.NOTIFY_TEST_HOOK_URL = `${hook?.origin ?? 'http://127.0.0.1:9'}${HOOK_SECRET_PATH}`;
    writeFileSync(join(dir.path, 'smtp-ca.pem'), certificate.certPem);
    writeHr('carol@acme.example');
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    const channels = {
      email: [
        '    - type: email',
        '      name: mail',
        '      host: 127.0.0.1',
        `      port: ${smtp.port}`,
        '      from: nhiscan@acme.example',
        '      username: nhiscan',
        '      password: env:NOTIFY_TEST_SMTP_PASSWORD',
        '      caFile: smtp-ca.pem',
      ],
      webhook: ['    - type: webhook', '      name: chat', '      url: env:NOTIFY_TEST_HOOK_URL'],
    };
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv, maxAgeHours: 720 }',
        'sources:',
        '  - type: aws',
        '    name: aws-prod',
        `    endpoint: ${aws.endpoint}`,
        '    credentials: { accessKeyId: env:NOTIFY_TEST_AWS_KEY, secretAccessKey: env:NOTIFY_TEST_AWS_SECRET }',
        '    accounts: [{ id: "111111111111" }]',
        '    sshPublicKeys: false',
        '  - type: inventory-file',
        '    name: sheet',
        '    path: inventory.csv',
        `revocation: { leaver: ${setup.leaver ?? 'approve'}, deleteAfterDays: 14, privilegedApprovals: 2 }`,
        // The queue runs as ops@acme.example (NHISCAN_USER): a service actor, not in HR.
        'governance: { actors: [{ id: ops@acme.example, roles: [execute] }] }',
        'notifications:',
        '  securityContact: security@acme.example',
        '  retries: 1',
        '  retryDelayMs: 0',
        '  channels:',
        ...setup.channels.flatMap((channel) => channels[channel]),
        '',
      ].join('\n'),
    );
  }

  beforeEach(async () => {
    dir = temporaryDirectory();
    certificate ??= await tlsCertificate();
    refused.clear();
  });
  afterEach(async () => {
    await aws?.close();
    await smtp?.close();
    await hook?.close();
    hook = undefined;
    dir.remove();
  });

  it('sends one digest per recipient: the manager lists every credential of the leaver across sources; no secret in any message', async () => {
    await setUp({ channels: ['email', 'webhook'] });
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.exitCode).toBe(0);
    expect(scan.stderr).toContain('Notices: 5 new, 0 answered, 0 superseded; 3 digest(s) this run');

    // Exactly three messages, one per recipient, each over STARTTLS after logging in.
    expect(smtp.messages.map((message) => message.rcptTo).sort()).toEqual([
      ['ann@acme.example'],
      ['carol@acme.example'],
      ['security@acme.example'],
    ]);
    expect(
      smtp.messages.every((message) => message.secure && message.mailFrom === 'nhiscan@acme.example'),
    ).toBe(true);
    expect(smtp.auths.every((auth) => auth.secure && auth.username === 'nhiscan')).toBe(true);

    const [carol] = messageTo('carol@acme.example');
    const carolText = carol!.raw.replace(/=\r?\n/g, '').replace(/\r\n/g, '\n');
    expect(carolText).toContain(
      'Subject: nhiscan: credentials of Bob Baker will be disabled from 2026-12-03',
    );
    expect(carolText).toContain('Bob Baker <bob@acme.example> (E2), 3 credential(s):');
    // Greeted by the name HR has for her; marked automatic, so out-of-office replies stay away.
    expect(carolText).toContain('\nHello Carol Chen,\n');
    expect(carolText).toContain('\nAuto-Submitted: auto-generated\n');
    for (const credential of [uid(KEY_ETL), uid(KEY_ADMIN), SHEET_UID])
      expect(carolText).toContain(`- ${credential}`);
    expect(carolText).toContain(
      'From 2026-12-03: disable it, then delete it 14 days later (once 2 approvers agree)',
    );
    expect(carolText).toContain('From 2026-12-03: a person revokes it by hand (once 1 approver agrees)');

    const [ann] = messageTo('ann@acme.example');
    const annText = ann!.raw.replace(/=\r?\n/g, '').replace(/\r\n/g, '\n');
    expect(annText).toContain('Subject: nhiscan: 1 credential(s) of yours need an answer by 2026-12-10');
    expect(annText).toContain('\nHello Ann Archer,\n');
    expect(annText).toContain(`- ${uid(KEY_CI)}`);
    expect(annText).toContain('stale (medium)');
    expect(annText).toContain('From 2026-12-10: reported only: the queue is not set to act on this rule');
    // An owner cannot recertify their own credential: the digest asks someone else to record the answer.
    expect(annText).toContain(
      'To keep one: tell your manager or security@acme.example why it is still needed; someone who does not own it records that with nhiscan recertify CREDENTIAL --by THEIR-EMAIL --reason "why" [--until DATE]. An owner cannot recertify their own credential.',
    );
    expect(annText).not.toContain('--by ann@acme.example');

    const [security] = messageTo('security@acme.example');
    const securityText = security!.raw.replace(/=\r?\n/g, '').replace(/\r\n/g, '\n');
    expect(securityText).toContain(`- ${uid(KEY_ORPHAN)}`);
    expect(securityText).toContain('owner-unknown (high)');
    expect(securityText).not.toContain(KEY_ETL);

    // The webhook got the same three digests, addressed by recipient.
    const posts = hook!.requests.map((request) => JSON.parse(request.body));
    expect(
      posts.map((post) => [post.nhiscan.recipient, post.nhiscan.role, post.nhiscan.deadline]).sort(),
    ).toEqual([
      ['ann@acme.example', 'owner', '2026-12-10'],
      ['carol@acme.example', 'manager', '2026-12-03'],
      ['security@acme.example', 'security', '2026-12-10'],
    ]);
    expect(hook!.unexpected).toEqual([]);

    // No secret material anywhere a person or a receiver can read it.
    const everything = [
      ...smtp.messages.map((message) => message.raw),
      ...hook!.requests.map((request) => request.body),
      scan.stdout,
      scan.stderr,
    ].join('\n');
    for (const secret of [AWS_SECRET, SMTP_PASSWORD, 'hooksecretXYZ123'])
      expect(everything).not.toContain(secret);

    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const audit = db
        .prepare("SELECT action, target FROM audit_log WHERE action LIKE 'notice.%' ORDER BY seq")
        .all() as {
        action: string;
        target: string;
      }[];
      expect(audit.filter((row) => row.action === 'notice.created')).toHaveLength(3);
      expect(audit.filter((row) => row.action === 'notice.delivered')).toHaveLength(6);
      const payloads = (db.prepare('SELECT payload FROM audit_log').all() as { payload: string }[])
        .map((row) => row.payload)
        .join('\n');
      for (const secret of [AWS_SECRET, SMTP_PASSWORD, 'hooksecretXYZ123'])
        expect(payloads).not.toContain(secret);
    } finally {
      db.close();
    }

    // The next scan has nothing new to say: nothing is sent again.
    const again = await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27T12:00:00Z');
    expect(again.stderr).toContain('Notices: 0 new, 0 answered, 0 superseded; 0 digest(s) this run');
    expect(smtp.messages).toHaveLength(3);
  });

  it('holds a request until its notice is delivered and its day has come; a failed delivery holds it and a later one restarts the clock', async () => {
    refused.add('carol@acme.example');
    await setUp({ channels: ['email'] });
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.exitCode).toBe(0);
    expect(scan.stderr).toMatch(
      /FAILED {4}digest #\d+ → carol@acme\.example via mail \(smtp:\/\/127\.0\.0\.1:\d+\), 1 attempt\(s\): .*550/,
    );
    expect(scan.stderr).toContain('Undelivered: 1 digest(s)');

    for (const id of ['1', '2', '3'])
      expect(
        (await run(['queue', 'approve', id, '--by', 'carol@acme.example', '--reason', 'Bob left'])).exitCode,
      ).toBe(0);
    expect(
      (await run(['queue', 'approve', '1', '--by', 'dave@acme.example', '--reason', 'second approver']))
        .exitCode,
    ).toBe(0);

    // Past the announced day, but the notice never reached anyone: nothing is removed.
    const held = await run(
      ['queue', 'execute', '--apply', '--as-of', '2026-12-04', '--json'],
      '2026-12-04T12:00:00Z',
    );
    expect(held.exitCode).toBe(0);
    const heldResult = JSON.parse(held.stdout);
    expect(heldResult.counts.done).toBe(0);
    expect(heldResult.held.map((item: { credentialUid: string }) => item.credentialUid).sort()).toEqual(
      [SHEET_UID, uid(KEY_ADMIN), uid(KEY_ETL)].sort(),
    );
    expect(heldResult.held[0].reason).toMatch(
      /^notice #\d+ to carol@acme\.example was not delivered \(mail: .*550.*\): nothing announced, nothing removed$/,
    );
    expect(awsWrites()).toEqual([]);

    // The mailbox works again: the next notify run re-announces with a fresh notice period.
    refused.clear();
    const notified = await run(['notify', '--as-of', '2026-12-04'], '2026-12-04T12:00:00Z');
    expect(notified.exitCode).toBe(0);
    expect(notified.stdout).toMatch(
      /digest #\d+ → carol@acme\.example \(manager\): 3 credential\(s\), from 2026-12-11, takes over undelivered #\d+/,
    );
    expect(messageTo('carol@acme.example')).toHaveLength(1);

    const early = await run(
      ['queue', 'execute', '--apply', '--as-of', '2026-12-10', '--json'],
      '2026-12-10T12:00:00Z',
    );
    const earlyResult = JSON.parse(early.stdout);
    expect(earlyResult.counts.done).toBe(0);
    expect(earlyResult.held.map((item: { notBefore: string }) => item.notBefore)).toEqual([
      '2026-12-11',
      '2026-12-11',
      '2026-12-11',
    ]);
    expect(awsWrites()).toEqual([]);

    const due = await run(
      ['queue', 'execute', '--apply', '--as-of', '2026-12-11', '--json'],
      '2026-12-11T12:00:00Z',
    );
    expect(due.exitCode).toBe(0);
    const dueResult = JSON.parse(due.stdout);
    expect(dueResult.held).toEqual([]);
    expect(dueResult.counts).toMatchObject({ done: 2, waiting: 1, failed: 0 });
    expect(awsWrites()).toEqual([
      ['UpdateAccessKey', KEY_ADMIN, 'Inactive'],
      ['UpdateAccessKey', KEY_ETL, 'Inactive'],
    ]);
  });

  it('a new manager in HR supersedes the notice: the new notice starts the clock again', async () => {
    await setUp({ channels: ['email'] });
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(
      (await run(['queue', 'approve', '2', '--by', 'carol@acme.example', '--reason', 'Bob left'])).exitCode,
    ).toBe(0);

    writeHr('dave@acme.example');
    const rescan = await run(['scan', '--as-of', '2026-11-30', '--fail-on', 'none'], '2026-11-30T12:00:00Z');
    expect(rescan.stderr).toContain('Notices: 3 new, 0 answered, 3 superseded; 1 digest(s) this run');
    expect(rescan.stderr).toContain(
      `superseded ${uid(KEY_ETL)} leaver-owned: recipient changed from carol@acme.example to dave@acme.example; a new notice starts the clock again`,
    );
    expect(messageTo('dave@acme.example')).toHaveLength(1);
    expect(messageTo('dave@acme.example')[0]!.raw).toContain('will be disabled from 2026-12-07');

    // Carol's date has come, but her notice no longer announces anything.
    const held = await run(
      ['queue', 'execute', '--apply', '--as-of', '2026-12-03', '--json'],
      '2026-12-03T12:00:00Z',
    );
    const heldResult = JSON.parse(held.stdout);
    expect(
      heldResult.held.find((item: { credentialUid: string }) => item.credentialUid === uid(KEY_ETL)),
    ).toMatchObject({
      notBefore: '2026-12-07',
    });
    expect(awsWrites()).toEqual([]);

    const due = await run(
      ['queue', 'execute', '--apply', '--as-of', '2026-12-07', '--json'],
      '2026-12-07T12:00:00Z',
    );
    expect(JSON.parse(due.stdout).counts.done).toBe(1);
    expect(awsWrites()).toEqual([['UpdateAccessKey', KEY_ETL, 'Inactive']]);
  });

  it('an immediate leaver disable is not held: its notice goes out with the action', async () => {
    await setUp({ leaver: 'auto-disable', channels: ['email'] });
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    const carol = messageTo('carol@acme.example')[0]!
      .raw.replace(/=\r?\n/g, '')
      .replace(/\r\n/g, '\n');
    expect(carol).toContain('Now (2026-11-26): disable it, then delete it 14 days later');
    expect(carol).toContain(
      'Now (2026-11-26): disable it, then delete it 14 days later (the disable at once; the rest once 1 approver agrees)',
    );
    expect(carol).toContain(
      'Now (2026-11-26): disable it, then delete it 14 days later (the disable at once; the rest once 2 approvers agree)',
    );
    const applied = await run(['queue', 'execute', '--apply', '--as-of', '2026-11-26', '--json']);
    const result = JSON.parse(applied.stdout);
    expect(result.held).toEqual([]);
    // Privileged or not: the leaver's admin key is disabled at once too; approvals gate its delete.
    expect(awsWrites()).toEqual([
      ['UpdateAccessKey', KEY_ADMIN, 'Inactive'],
      ['UpdateAccessKey', KEY_ETL, 'Inactive'],
    ]);
  });
});
