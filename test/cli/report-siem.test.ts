/**
 * `nhiscan report --format ocsf|ecs` end to end through runCli: a real scan, the queue carrying out
 * a manual revocation, the event formats, and the HEC and webhook sinks against local receivers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../../src/sinks/dead-letter.js';
import { sqlite3 } from '../audit/seed.js';
import { cli } from '../support/cli.js';
import { ecsErrors } from '../support/ecs-fields.js';
import { HecReceiver } from '../support/hec-receiver.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,department,aliases',
  'E1,alice@acme.example,Alice,active,employee,2020-01-01,,platform,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,platform,',
  // Who runs the queue and confirms the manual revocation: a current person, owner of nothing.
  'E3,ops@acme.example,Ops,active,employee,2020-01-01,,security,',
  '',
].join('\n');

const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department',
  'aws,111122223333,access-key,AKIAEXAMPLEALICE0001,deploy,alice@acme.example,2026-11-01,2026-11-20,,active,false,platform',
  'jenkins,ci.acme.example,api-token,jk-1,svc-ci,bob@acme.example,2026-01-01,2026-11-01,,active,false,',
  'aws,111122223333,access-key,AKIAEXAMPLENOOWNER01,etl,,2026-01-01,,,active,false,',
  '',
].join('\n');

const HEC_TOKEN = '0d5e2a6c-8b1f-4c3a-9e7d-112233445566';
const validator = new OcsfValidator();

// biome-ignore lint/suspicious/noExplicitAny: the events are read as plain JSON and probed field by field
function ndjsonLines(text: string): Record<string, any>[] {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => JSON.parse(line));
}

describe('nhiscan report --format ocsf|ecs', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const env = { HEC_TOKEN, HOOK_TOKEN: 'hook-token-42' };
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, env });

  beforeEach(async () => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\nrevocation: { leaver: approve, rules: { leaver-owned: { standard: auto } } }\n',
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
  });
  afterEach(() => dir.remove());

  /** The queue carries out the leaver's manual revocation: an Account Change (99 Revoke) in the log. */
  async function revokeByHand(): Promise<void> {
    expect((await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example'])).exitCode).toBe(0);
    const confirmed = await run([
      'queue',
      'confirm',
      '1',
      '--by',
      'ops@acme.example',
      '--reason',
      'token deleted in Jenkins',
    ]);
    expect(confirmed.exitCode).toBe(0);
  }

  it('prints one valid OCSF 1.8.0 IAM Analysis Finding per finding', async () => {
    const json = JSON.parse((await run(['report', '--format', 'json'])).stdout);
    const result = await run(['report', '--format', 'ocsf']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const events = ndjsonLines(result.stdout);
    expect(
      events.map((event) => [event.class_uid, event.finding_info.uid, event.finding_info.types[0]]),
    ).toEqual(
      json.findings.map((finding: { uid: string; rule: string }) => [2008, finding.uid, finding.rule]),
    );
    for (const event of events) expect(validator.errors(event)).toEqual([]);
    const leaver = events.find((event) => event.finding_info.types[0] === 'leaver-owned')!;
    expect(leaver).toMatchObject({
      severity_id: 5,
      status_id: 1,
      status: 'New',
      resources: [
        {
          uid: 'jenkins:ci.acme.example:api-token:jk-1',
          owner: { uid: 'E2', email_addr: 'bob@acme.example' },
        },
      ],
      user: { name: 'svc-ci', programmatic_credentials: [{ uid: 'jk-1', type: 'api-token' }] },
      confidence_id: 3,
    });
  });

  it('adds Detection Findings, the inventory and the queue’s revocations on request, all valid OCSF', async () => {
    await revokeByHand();
    const result = await run([
      'report',
      '--format',
      'ocsf',
      '--ocsf-class',
      'detection',
      '--include-inventory',
      '--include-actions',
    ]);
    expect(result.exitCode).toBe(0);
    const events = ndjsonLines(result.stdout);
    const classes = events.map((event) => event.class_uid as number);
    expect([...new Set(classes)]).toEqual([2004, 5003, 3001]);
    expect(classes.filter((uid) => uid === 5003)).toHaveLength(3);
    for (const event of events) expect(validator.errors(event)).toEqual([]);
    const revoke = events.find((event) => event.class_uid === 3001)!;
    expect(revoke).toMatchObject({
      activity_id: 99,
      activity_name: 'Revoke',
      type_uid: 300199,
      status: 'Success',
      status_code: 'confirmed',
      actor: { user: { name: 'ops@acme.example' } },
      user: { name: 'svc-ci', programmatic_credentials: [{ uid: 'jk-1' }] },
    });
  });

  it('writes ECS documents (alerts, assets, IAM events) that have their ECS fields', async () => {
    await revokeByHand();
    const result = await run([
      'report',
      '--format',
      'ecs',
      '--include-inventory',
      '--include-actions',
      '--out',
      'ecs.ndjson',
    ]);
    expect(result).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    const documents = ndjsonLines(readFileSync(join(dir.path, 'ecs.ndjson'), 'utf8'));
    expect([...new Set(documents.map((document) => document.event.kind))]).toEqual([
      'alert',
      'asset',
      'event',
    ]);
    for (const document of documents) expect(ecsErrors(document)).toEqual([]);
    expect(documents.at(-1)).toMatchObject({
      event: {
        kind: 'event',
        category: ['iam'],
        type: ['user', 'change'],
        action: 'manual',
        outcome: 'success',
      },
      user: { name: 'ops@acme.example', target: { name: 'svc-ci' } },
    });
  });

  it('refuses to report revocations from an audit log that does not verify (exit 1, nothing printed)', async () => {
    await revokeByHand();
    sqlite3(
      join(dir.path, 'nhiscan.db'),
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE action = 'request.confirmed';",
    );
    const result = await run(['report', '--format', 'ocsf', '--include-actions']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'nhiscan: warning: the append-only trigger audit_log_no_update is missing',
    );
    expect(result.stderr).toMatch(
      /\nnhiscan: audit log verification failed at record \d+: audit record \d+: hash does not match its content \(edited\); nothing reported\n$/,
    );
  });

  describe('--sink hec', () => {
    let receiver: HecReceiver;
    beforeEach(async () => {
      receiver = await HecReceiver.start({ token: HEC_TOKEN });
    });
    afterEach(async () => {
      await receiver.close();
    });

    const hec = (...extra: string[]) =>
      run([
        'report',
        '--format',
        'ocsf',
        '--sink',
        'hec',
        '--url',
        receiver.url,
        '--token',
        'env:HEC_TOKEN',
        ...extra,
      ]);

    it('sends every event with its stable id; the token is never printed', async () => {
      const printed = ndjsonLines((await run(['report', '--format', 'ocsf', '--include-inventory'])).stdout);
      const result = await hec('--include-inventory');
      expect(result).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: `sent ${printed.length} of ${printed.length} events to hec ${receiver.url}/services/collector/event (1 request)\n`,
      });
      expect(receiver.ids).toEqual(printed.map((event) => event.metadata.uid));
      expect(receiver.events.map((event) => event.event)).toEqual(printed);
      expect(receiver.events[0]).toMatchObject({ sourcetype: 'nhiscan:ocsf', source: 'nhiscan' });
      expect(existsSync(join(dir.path, 'nhiscan-dead-letter.ndjson'))).toBe(false);
    });

    it('during an outage retries, dead-letters (exit 3); after recovery the replay delivers each event exactly once', async () => {
      const ids = ndjsonLines((await run(['report', '--format', 'ocsf'])).stdout).map(
        (event) => event.metadata.uid,
      );
      receiver.outage = 'busy';
      const down = await hec('--retries', '2', '--retry-delay', '1', '--batch-size', '2');
      const deadLetter = join(dir.path, 'nhiscan-dead-letter.ndjson');
      expect(down.exitCode).toBe(3);
      expect(down.stdout).toBe('');
      const target = `${receiver.url}/services/collector/event`;
      expect(down.stderr.split('\n')).toEqual([
        `nhiscan: warning: hec ${target}: batch 1: HTTP 503 Server is busy (HEC code 9); retry 1 of 2 in 1 ms`,
        `nhiscan: warning: hec ${target}: batch 1: HTTP 503 Server is busy (HEC code 9); retry 2 of 2 in 2 ms`,
        `sent 0 of ${ids.length} events to hec ${target} (3 requests)`,
        `nhiscan: error: ${ids.length} events not delivered (HTTP 503 Server is busy (HEC code 9) (after 3 attempts)); kept in ${deadLetter}. When the receiver is back: nhiscan report --format ocsf --sink hec --url ${receiver.url}/ --token env:HEC_TOKEN --replay-dead-letter ${deadLetter}`,
        '',
      ]);
      expect(down.stderr).not.toContain(HEC_TOKEN);
      expect(readFileSync(deadLetter, 'utf8')).not.toContain(HEC_TOKEN);
      expect(readDeadLetters(deadLetter).map((letter) => letter.id)).toEqual(ids);
      expect(receiver.events).toEqual([]);

      receiver.outage = false;
      const replay = await run([
        'report',
        '--format',
        'ocsf',
        '--sink',
        'hec',
        '--url',
        `${receiver.url}/`,
        '--token',
        'env:HEC_TOKEN',
        '--replay-dead-letter',
        deadLetter,
        '--batch-size',
        '2',
      ]);
      expect(replay.exitCode).toBe(0);
      expect(replay.stderr).toBe(
        `replayed ${ids.length} of ${ids.length} dead-lettered events to hec ${target} (${Math.ceil(ids.length / 2)} requests)\n`,
      );
      expect(receiver.ids).toEqual(ids);
      expect(existsSync(deadLetter)).toBe(false);
    });

    it('refuses bad flags with exit 2, naming the flag, before sending or writing anything', async () => {
      const cases: [string[], string][] = [
        [
          ['--sink', 'hec', '--url', 'not-a-url', '--token', 'env:HEC_TOKEN'],
          'key --url: expected an http(s) URL such as https://splunk.example.com:8088, got "not-a-url"',
        ],
        [
          ['--sink', 'hec', '--url', 'ftp://127.0.0.1/x', '--token', 'env:HEC_TOKEN'],
          'key --url: expected an http(s) URL, got the scheme "ftp:"',
        ],
        [
          ['--sink', 'hec', '--url', 'https://x:y@splunk.example.com', '--token', 'env:HEC_TOKEN'],
          'key --url: credentials do not belong in the URL: pass the token as --token env:NAME',
        ],
        [['--sink', 'hec', '--token', 'env:HEC_TOKEN'], 'key --url: the hec sink needs --url URL'],
        [
          ['--sink', 'hec', '--url', 'https://splunk.example.com:8088'],
          'key --token: the hec sink needs --token env:NAME (the HEC token, read from the environment)',
        ],
        [
          ['--sink', 'hec', '--url', 'https://splunk.example.com:8088', '--token', 'env:NO_SUCH_TOKEN'],
          'key --token: environment variable NO_SUCH_TOKEN is not set or empty',
        ],
        [
          ['--sink', 'hec', '--url', 'https://splunk.example.com:8088', '--token', HEC_TOKEN],
          'key --token: expected a reference to an environment variable such as env:HEC_TOKEN (tokens are never passed inline)',
        ],
        [
          ['--sink', 'kafka', '--url', 'https://k.example.com'],
          'key --sink: expected one of hec, webhook, got "kafka"',
        ],
        [['--url', 'https://splunk.example.com:8088'], 'key --url: needs --sink hec|webhook'],
        [['--retries', '3'], 'key --retries: needs --sink hec|webhook'],
        [
          [
            '--sink',
            'hec',
            '--url',
            'https://splunk.example.com',
            '--token',
            'env:HEC_TOKEN',
            '--out',
            'x.ndjson',
          ],
          'key --out: choose one: --out writes a file, --sink sends',
        ],
        [
          [
            '--sink',
            'hec',
            '--url',
            'https://splunk.example.com',
            '--token',
            'env:HEC_TOKEN',
            '--batch-size',
            '0',
          ],
          'key --batch-size: expected a whole number of at least 1, got "0"',
        ],
        [
          [
            '--sink',
            'hec',
            '--url',
            'https://splunk.example.com',
            '--token',
            'env:HEC_TOKEN',
            '--replay-dead-letter',
            'none.ndjson',
          ],
          `key --replay-dead-letter: no dead-letter file ${join(dir.path, 'none.ndjson')}: nothing to replay`,
        ],
        [
          ['--ocsf-class', 'compliance'],
          'key --ocsf-class: expected one of iam-analysis, detection, got "compliance"',
        ],
        [
          [
            '--sink',
            'hec',
            '--url',
            'https://splunk.example.com',
            '--token',
            'env:HEC_TOKEN',
            '--dead-letter',
            'no/such/dl.ndjson',
          ],
          `key --dead-letter: the folder ${join(dir.path, 'no/such')} does not exist`,
        ],
      ];
      for (const [flags, message] of cases) {
        const result = await run(['report', '--format', 'ocsf', ...flags]);
        expect({ flags, result }).toEqual({
          flags,
          result: { exitCode: 2, stdout: '', stderr: `nhiscan: error: ${message}\n` },
        });
      }
      const json = await run([
        'report',
        '--format',
        'json',
        '--sink',
        'hec',
        '--url',
        receiver.url,
        '--token',
        'env:HEC_TOKEN',
      ]);
      expect(json.stderr).toBe(
        'nhiscan: error: key --format: the hec sink sends event formats: use --format ocsf or ecs\n',
      );
      const ecs = await run(['report', '--format', 'ecs', '--ocsf-class', 'detection']);
      expect(ecs.stderr).toBe('nhiscan: error: key --ocsf-class: applies to --format ocsf only\n');
      expect(receiver.requests).toEqual([]);
      expect(existsSync(join(dir.path, 'nhiscan-dead-letter.ndjson'))).toBe(false);
      expect(existsSync(join(dir.path, 'x.ndjson'))).toBe(false);
    });
  });

  describe('--sink webhook', () => {
    let receiver: WebhookReceiver;
    afterEach(async () => {
      await receiver.close();
    });

    it('POSTs the ECS documents as NDJSON with the Bearer token from the environment', async () => {
      receiver = await WebhookReceiver.start({ token: 'hook-token-42' });
      const printed = ndjsonLines((await run(['report', '--format', 'ecs'])).stdout);
      const result = await run([
        'report',
        '--format',
        'ecs',
        '--sink',
        'webhook',
        '--url',
        receiver.url,
        '--token',
        'env:HOOK_TOKEN',
      ]);
      expect(result).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: `sent ${printed.length} of ${printed.length} events to webhook ${receiver.url} (1 request)\n`,
      });
      expect(receiver.events).toEqual(printed);
      expect(receiver.requests[0]!.authorization).toBe('Bearer hook-token-42');
    });

    it('needs no token, and dead-letters to --dead-letter when refused', async () => {
      receiver = await WebhookReceiver.start({ token: 'hook-token-42' });
      const result = await run([
        'report',
        '--format',
        'ecs',
        '--sink',
        'webhook',
        '--url',
        receiver.url,
        '--dead-letter',
        'out/../dl.ndjson',
      ]);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain('events not delivered (HTTP 401 unauthorized); kept in');
      expect(
        readDeadLetters(join(dir.path, 'dl.ndjson')).every(
          (letter) => letter.sink === 'webhook' && letter.format === 'ecs',
        ),
      ).toBe(true);
    });
  });
});
