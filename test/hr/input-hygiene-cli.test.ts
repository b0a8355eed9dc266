/**
 * Issue 21, HR inputs end to end: canary secrets of every shape planted in otherwise valid values
 * of each HR path (a CSV through `nhiscan hr import`, a JSON roster through `nhiscan scan`, an
 * events file through `nhiscan hr event`, SCIM users read from the SCIM emulator by a scan, and
 * deliveries to the `hr serve` webhook) are refused with exit 2 or HTTP 400 naming the place,
 * never the value: no canary on stdout, stderr, in the response or the log, and the database is
 * not created or is left exactly as it was. A bad webhook body is a 400, never a 500.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/hr/events/signature.js';
import { hrWebhookServer } from '../../src/hr/events/webhook.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { dumpDatabase } from '../support/database-dump.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { CANARY, NEVER_STORED, userFileCanaries } from '../support/user-file-canaries.js';
import { ENTERPRISE, type ScimServer, startScimServer, UserStore } from './support/scim-server.js';

const SECRET = (described: string) => `holds what looks like ${described} ${NEVER_STORED}`;
const HR_CSV =
  'employee_id,email,name,status,worker_type,department\nE1,ann@acme.example,Ann,active,employee,platform\n';
const INVENTORY =
  'provider,account,kind,credential_id,principal,owner\nvault,prod,token,t-1,svc,ann@acme.example\n';
const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Nothing leaked: no canary anywhere, and none caught only by the last-resort redactor. */
function expectNoLeak(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(CANARY);
    expect(text).not.toContain('[redacted');
  }
}

describe('HR inputs through the CLI', () => {
  const dir = temporaryDirectory();
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const path = (name: string) => join(dir.path, name);
  const databases = () => readdirSync(dir.path).filter((name) => name.includes('.db'));
  afterAll(() => dir.remove());

  it.each(userFileCanaries('Imp'))(
    'hr import: a $shape canary in a name is refused, no database made',
    async (canary) => {
      writeFileSync(
        path('hr.csv'),
        `${HR_CSV}E2,bob@acme.example,${csvCell(`Bob ${canary.value}`)},active,employee,platform\n`,
      );
      const result = await run(['hr', 'import', 'hr.csv', '--db', 'import.db']);
      expect(result).toEqual({
        exitCode: 2,
        stdout: '',
        stderr: `nhiscan: error: ${path('hr.csv')}, line 3, column name: the cell ${SECRET(canary.described)}\n`,
      });
      expectNoLeak(result.stdout, result.stderr);
      expect(databases()).toEqual([]);
    },
  );

  describe('with a database from an earlier scan', () => {
    const db = path('nhiscan.db');
    let before: Record<string, unknown[]>;
    const canaries = userFileCanaries('Run');

    beforeAll(async () => {
      writeFileSync(path('hr.csv'), HR_CSV);
      writeFileSync(path('inventory.csv'), INVENTORY);
      writeFileSync(
        path('nhiscan.yaml'),
        'hr: { source: csv, path: hr.csv }\nsources:\n  - { type: inventory-file, name: sheet, path: inventory.csv }\n',
      );
      const first = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
      expect(first.exitCode).toBe(0);
      before = dumpDatabase(db);
    });

    it('scan: a JSON roster with a canary of every shape is refused, each by key and line', async () => {
      const people = canaries.map((canary, index) => ({
        employeeId: `E${index + 1}`,
        email: `p${index + 1}@acme.example`,
        name: `Person ${canary.value}`,
        status: 'active',
        workerType: 'employee',
      }));
      writeFileSync(path('hr.json'), JSON.stringify(people, null, 2));
      writeFileSync(
        path('json.yaml'),
        'hr: { source: json, path: hr.json }\nsources:\n  - { type: inventory-file, name: sheet, path: inventory.csv }\n',
      );
      const result = await run(['scan', '--config', 'json.yaml', '--as-of', '2026-11-26']);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        [
          `nhiscan: error: ${canaries.length} input errors:`,
          // Each record is 7 lines long, its name on the 5th.
          ...canaries.map(
            (canary, index) =>
              `  - ${path('hr.json')}, line ${index * 7 + 5}, key [${index}].name: the value ${SECRET(canary.described)}`,
          ),
          '',
        ].join('\n'),
      );
      expectNoLeak(result.stdout, result.stderr);
      expect(dumpDatabase(db)).toEqual(before);
    });

    it('hr event: an events file with a canary of every shape is refused, each by line and key', async () => {
      const lines = canaries.map((canary, index) =>
        JSON.stringify({
          id: `evt-${index}`,
          type: 'terminate',
          employeeId: 'E1',
          effectiveDate: '2026-11-01',
          reason: `left; notes ${canary.value}`,
        }),
      );
      writeFileSync(path('events.ndjson'), `${lines.join('\n')}\n`);
      const result = await run(['hr', 'event', 'events.ndjson']);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        [
          `nhiscan: error: ${canaries.length} input errors:`,
          ...canaries.map(
            (canary, index) =>
              `  - ${path('events.ndjson')}, line ${index + 1}, key reason: the value ${SECRET(canary.described)}`,
          ),
          '',
        ].join('\n'),
      );
      expectNoLeak(result.stdout, result.stderr);
      expect(dumpDatabase(db)).toEqual(before);
    });

    it('hr event: an events file that is not UTF-8 is refused by line, not read with replacement characters', async () => {
      const good = JSON.stringify({
        id: 'evt-1',
        type: 'terminate',
        employeeId: 'E1',
        effectiveDate: '2026-11-01',
      });
      writeFileSync(
        path('events.ndjson'),
        Buffer.concat([Buffer.from(`${good}\n{"id":"evt-2`), Buffer.from([0xff]), Buffer.from('"}\n')]),
      );
      const result = await run(['hr', 'event', 'events.ndjson']);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        `nhiscan: error: ${path('events.ndjson')}, line 2: not UTF-8 text (byte 0xff at offset ${good.length + 13} is not valid UTF-8); save the file as UTF-8\n`,
      );
      expect(dumpDatabase(db)).toEqual(before);
    });
  });
});

describe('SCIM users from the SCIM emulator', () => {
  const TOKEN = 'scim-hygiene-test-token-0001';
  const dir = temporaryDirectory();
  const store = new UserStore();
  const db = join(dir.path, 'nhiscan.db');
  let server: ScimServer;
  let before: Record<string, unknown[]>;
  const user = (id: string, name: string, displayName: string, department: string) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    userName: `${name}@acme.example`,
    displayName,
    active: true,
    emails: [{ value: `${name}@acme.example`, primary: true, type: 'work' }],
    [ENTERPRISE]: { employeeNumber: id, department },
  });
  const scan = () =>
    cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], {
      cwd: dir.path,
      now: '2026-11-26T12:00:00Z',
    });

  beforeAll(async () => {
    process.env.SCIM_HYGIENE_TOKEN = TOKEN;
    await store.create(user('E1', 'ann', 'Ann Lee', 'platform'));
    server = await startScimServer(store, { token: TOKEN });
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr:',
        '  source: scim',
        `  url: ${server.url}`,
        '  token: env:SCIM_HYGIENE_TOKEN',
        'sources:',
        '  - { type: inventory-file, name: sheet, path: inventory.csv }',
        '',
      ].join('\n'),
    );
    const first = await scan();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    before = dumpDatabase(db);
  });
  afterAll(async () => {
    await server.close();
    delete process.env.SCIM_HYGIENE_TOKEN;
    dir.remove();
  });

  it.each(userFileCanaries('Scim'))(
    'a $shape canary in displayName and department refuses the import by resource and attribute',
    async (canary) => {
      const id = await store.create(user('E2', 'bob', `Bob ${canary.value}`, `Finance ${canary.value}`));
      try {
        const result = await scan();
        expect(result.exitCode).toBe(2);
        expect(result.stdout).toBe('');
        const where = `${server.url}/Users, resource id ${id}`;
        expect(result.stderr).toBe(
          [
            'nhiscan: error: 2 input errors:',
            `  - ${where}, key displayName: the value ${SECRET(canary.described)}`,
            `  - ${where}, key ${ENTERPRISE}:department: the value ${SECRET(canary.described)}`,
            '',
          ].join('\n'),
        );
        expectNoLeak(result.stdout, result.stderr);
        expect(dumpDatabase(db)).toEqual(before);
      } finally {
        store.remove(id);
      }
    },
  );
});

describe('the hr serve webhook', () => {
  const SECRET_KEY = 'test-webhook-shared-secret-0021';
  const NOW = new Date('2026-11-26T12:00:00Z');
  const seconds = Math.floor(NOW.getTime() / 1000);
  const dir = temporaryDirectory();
  const log: string[] = [];
  let db: Db;
  let server: ReturnType<typeof hrWebhookServer>;
  let url: string;

  beforeAll(async () => {
    db = openDatabase(join(dir.path, 'nhiscan.db'));
    server = hrWebhookServer({ db, secret: SECRET_KEY, now: () => NOW, log: (line) => log.push(line) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    dir.remove();
  });

  /** Posts a body signed over its text as received (a lenient UTF-8 decoding of the bytes). */
  async function post(body: string | Buffer): Promise<{ status: number; text: string }> {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-ndjson',
        'x-nhiscan-timestamp': String(seconds),
        'x-nhiscan-signature': signBody(SECRET_KEY, seconds, text),
      },
    });
    return { status: response.status, text: await response.text() };
  }
  const stored = () =>
    (
      db.prepare('SELECT (SELECT COUNT(*) FROM hr_events) + (SELECT COUNT(*) FROM audit_log) AS n').get() as {
        n: number;
      }
    ).n;
  const hire = (fields: Record<string, unknown>) =>
    JSON.stringify({
      id: 'evt-1',
      type: 'hire',
      employeeId: 'E9',
      effectiveDate: '2026-11-01',
      email: 'zoe@acme.example',
      name: 'Zoe',
      ...fields,
    });

  it.each(userFileCanaries('Hook'))(
    'a $shape canary in a name is a 400 naming line and key',
    async (canary) => {
      const answer = await post(
        `${hire({ id: 'evt-0', name: 'Zoe' })}\n${hire({ name: `Zoe ${canary.value}` })}\n`,
      );
      expect(answer).toEqual({
        status: 400,
        text: `${JSON.stringify({ error: `webhook body, line 2, key name: the value ${SECRET(canary.described)}` })}\n`,
      });
      expectNoLeak(answer.text, log.join('\n'));
      expect(stored()).toBe(0);
    },
  );

  it.each([
    [
      'a lone surrogate',
      hire({}).replace('"Zoe"', '"Zoe \\ud800"'),
      'webhook body, line 1, key name: the value contains a lone surrogate (text that is not valid Unicode)',
    ],
    [
      'a zero-width character in an id',
      hire({ employeeId: 'E\u200b9' }),
      'webhook body, line 1, key employeeId: the value contains an invisible character (U+200B); identifiers must be visible text, so that what a person reads is what nhiscan matches',
    ],
    [
      'a key written twice',
      hire({}).replace('"name":"Zoe"', '"name":"Zoe","name":"Zed"'),
      'webhook body, line 1, column 116, key name: the key name appears twice in this event; each key may appear once (a JSON reader would silently keep only the last)',
    ],
    [
      'a NUL byte',
      hire({ name: 'Zoe\u0000' }),
      'webhook body, line 1, key name: the value contains a NUL byte',
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(`${hire({})}\n`), Buffer.from([0xff, 0x0a])]),
      'webhook body, line 2: not UTF-8 text (byte 0xff at offset 116 is not valid UTF-8); save the file as UTF-8',
    ],
  ] as const)('%s is a 400 with its location, never a 500', async (_, body, error) => {
    const answer = await post(body);
    expect(answer).toEqual({ status: 400, text: `${JSON.stringify({ error })}\n` });
    expect(stored()).toBe(0);
  });
});
