/**
 * Issue 21, HR inputs through the real readers: a canary secret of every shape planted inside an
 * otherwise valid value (a CSV name, department or alias, a JSON value, an HR event) refuses the
 * file with a message naming file, line and column or key, never the value; so do NUL bytes,
 * lone surrogates (escaped in JSON too), invisible characters in ids, control characters,
 * multi-megabyte values and duplicate JSON keys. Identifiers are stored in NFKC. Messages that
 * describe a found value never show one that may be a secret.
 */
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/core/errors.js';
import { quote } from '../../src/hr/describe-value.js';
import { parseHrEvents } from '../../src/hr/events/parse.js';
import { parseHrContent } from '../../src/hr/index.js';
import { compileMapping, mapScimUser } from '../../src/hr/scim/map-user.js';
import { scimOptionsSchema } from '../../src/hr/scim/options.js';
import { ResourceErrors } from '../../src/hr/scim/resource-errors.js';
import { CANARY, NEVER_STORED, userFileCanaries } from '../support/user-file-canaries.js';

const HEADER = 'employee_id,email,name,status,worker_type,department,aliases';
const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;
const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`);

/** The message of the error the call throws. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(InputErrors);
    return (error as Error).message;
  }
  throw new Error('expected the input to be refused');
}

const SECRET = (described: string) => `holds what looks like ${described} ${NEVER_STORED}`;
const INVISIBLE =
  'contains an invisible character (U+200B); identifiers must be visible text, so that what a person reads is what nhiscan matches';

describe.each(userFileCanaries('Hr'))('a $shape canary', (canary) => {
  it('in a CSV name, department or alias: refused by line and column, never shown', () => {
    const message = refusal(() =>
      parseHrContent(
        csv(
          'E1,ann@acme.example,Ann Lee,active,employee,platform,github:ann',
          `E2,bob@acme.example,${csvCell(`Bob ${canary.value}`)},active,employee,platform,`,
          `E3,cy@acme.example,Cy,active,employee,${csvCell(`Finance ${canary.value}`)},`,
          `E4,di@acme.example,Di,active,employee,platform,${csvCell(`github:di;${canary.value}`)}`,
        ),
        'hr.csv',
        'csv',
      ),
    );
    expect(message).toBe(
      [
        '3 input errors:',
        `  - hr.csv, line 3, column name: the cell ${SECRET(canary.described)}`,
        // The PEM block of line 3 spans three lines, so the next records start later.
        `  - hr.csv, line ${canary.kind === 'private-key' ? 6 : 4}, column department: the cell ${SECRET(canary.described)}`,
        `  - hr.csv, line ${canary.kind === 'private-key' ? 9 : 5}, column aliases: the cell ${SECRET(canary.described)}`,
      ].join('\n'),
    );
    expect(message).not.toMatch(CANARY);
  });

  it('in a JSON name, department, alias or employee id: refused by key path and line', () => {
    const value = JSON.stringify;
    const text = [
      '[',
      '  {',
      `    "employeeId": ${value(`E1 ${canary.value}`)},`,
      '    "email": "ann@acme.example",',
      `    "name": ${value(`Ann ${canary.value}`)},`,
      '    "status": "active",',
      '    "workerType": "employee",',
      `    "department": ${value(`Finance ${canary.value}`)},`,
      `    "aliases": ["github:ann", ${value(canary.value)}]`,
      '  }',
      ']',
    ].join('\n');
    const message = refusal(() => parseHrContent(Buffer.from(text), 'hr.json', 'json'));
    expect(message).toBe(
      [
        '4 input errors:',
        `  - hr.json, line 3, key [0].employeeId: the value ${SECRET(canary.described)}`,
        `  - hr.json, line 5, key [0].name: the value ${SECRET(canary.described)}`,
        `  - hr.json, line 8, key [0].department: the value ${SECRET(canary.described)}`,
        `  - hr.json, line 9, key [0].aliases[1]: the value ${SECRET(canary.described)}`,
      ].join('\n'),
    );
    expect(message).not.toMatch(CANARY);
  });

  it('in an HR event (name, department, alias, reason): refused by line and key', () => {
    const hire = {
      id: 'evt-1',
      type: 'hire',
      employeeId: 'E9',
      effectiveDate: '2026-11-01',
      email: 'zoe@acme.example',
      name: `Zoe ${canary.value}`,
      department: `Finance ${canary.value}`,
      aliases: ['github:zoe', canary.value],
    };
    const terminate = {
      id: 'evt-2',
      type: 'terminate',
      employeeId: 'E1',
      effectiveDate: '2026-11-01',
      reason: `left; handover notes: ${canary.value}`,
    };
    const message = refusal(() =>
      parseHrEvents(`${JSON.stringify(hire)}\n\n${JSON.stringify(terminate)}\n`, 'events.ndjson'),
    );
    expect(message).toBe(
      [
        '4 input errors:',
        `  - events.ndjson, line 1, key name: the value ${SECRET(canary.described)}`,
        `  - events.ndjson, line 1, key department: the value ${SECRET(canary.described)}`,
        `  - events.ndjson, line 1, key aliases[1]: the value ${SECRET(canary.described)}`,
        `  - events.ndjson, line 3, key reason: the value ${SECRET(canary.described)}`,
      ].join('\n'),
    );
    expect(message).not.toMatch(CANARY);
  });
});

describe('HR values beyond secrets', () => {
  const github = userFileCanaries('Val')[0]!;

  it('the secret message wins over the value check, and a found value that may be a secret is never quoted', () => {
    const message = refusal(() =>
      parseHrContent(csv(`E1,ann@acme.example,Ann,${github.value},employee,,`), 'hr.csv', 'csv'),
    );
    expect(message).toBe(`hr.csv, line 2, column status: the cell ${SECRET('a GitHub token')}`);
    expect(quote(github.value)).toBe('a value that looks like a GitHub token (not shown)');
    expect(quote('retired\u001b[2J')).toBe('a value that holds control characters (not shown)');
    expect(quote('E1\ud800')).toBe(
      'a value that is not valid Unicode (it holds a lone surrogate) (not shown)',
    );
    expect(quote('retired')).toBe('"retired"');
  });

  it('refuses NUL bytes, and invisible and control characters in ids, by column', () => {
    const message = refusal(() =>
      parseHrContent(
        csv('E\u200b1,ann@acme.example,Ann\u0000Lee,active,employee,platform,github:ann\u001b[2J'),
        'hr.csv',
        'csv',
      ),
    );
    expect(message).toBe(
      [
        '3 input errors:',
        `  - hr.csv, line 2, column employee_id: the cell ${INVISIBLE}`,
        '  - hr.csv, line 2, column name: the cell contains a NUL byte',
        '  - hr.csv, line 2, column aliases: the cell contains a control character (U+001B); it must be one line of visible text',
      ].join('\n'),
    );
  });

  it('refuses a 10 MiB cell for its length, quickly, without repeating it', () => {
    const huge = 'Ab1 x'.repeat(2_097_152);
    const started = performance.now();
    const message = refusal(() =>
      parseHrContent(csv(`E1,ann@acme.example,${huge},active,employee,,`), 'hr.csv', 'csv'),
    );
    expect(message).toBe(
      'hr.csv, line 2, column name: the cell is 10,485,760 characters long; at most 256 are allowed',
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses a lone surrogate written as a JSON escape, and a key written twice, with their lines', () => {
    const text = [
      '[',
      '  {"employeeId": "E1", "email": "ann@acme.example", "name": "Ann \\ud800",',
      '   "status": "active", "workerType": "employee", "status": "terminated"}',
      ']',
    ].join('\n');
    expect(refusal(() => parseHrContent(Buffer.from(text), 'hr.json', 'json'))).toBe(
      [
        '2 input errors:',
        '  - hr.json, line 3, column 50, key [0].status: the key status appears twice in this object; each key may appear once (a JSON reader would silently keep only the last)',
        '  - hr.json, line 2, key [0].name: the value contains a lone surrogate (text that is not valid Unicode)',
      ].join('\n'),
    );
  });

  it('names a header cell or JSON key holding a secret without repeating it', () => {
    const header = refusal(() =>
      parseHrContent(
        Buffer.from(
          `employee_id,email,name,status,worker_type,${github.value}\nE1,a@acme.example,A,active,employee,x\n`,
        ),
        'hr.csv',
        'csv',
      ),
    );
    expect(header).toMatch(
      /^hr\.csv, line 1, column 6: unknown column \(not shown: it looks like a GitHub token\); expected columns: /,
    );
    const key = refusal(() =>
      parseHrContent(
        Buffer.from(
          JSON.stringify([
            {
              employeeId: 'E1',
              email: 'a@acme.example',
              name: 'A',
              status: 'active',
              workerType: 'employee',
              [github.value]: 1,
            },
          ]),
        ),
        'hr.json',
        'json',
      ),
    );
    expect(key).toMatch(
      /^hr\.json, key \[0\]: unknown key \(not shown: it looks like a GitHub token\); expected keys: /,
    );
    expect(`${header}${key}`).not.toMatch(CANARY);
  });

  it('stores identifiers in Unicode NFKC: a full-width id, email and alias are the ASCII ones', () => {
    const { people } = parseHrContent(
      csv('Ｅ１,ａｎｎ@acme.example,Ａｎｎ,active,employee,,ｇｉｔｈｕｂ:ann'),
      'hr.csv',
      'csv',
    );
    expect(people[0]).toMatchObject({
      employeeId: 'E1',
      email: 'ann@acme.example',
      name: 'Ａｎｎ',
      aliases: ['github:ann'],
    });
  });
});

describe('HR events beyond secrets', () => {
  const event = (fields: Record<string, unknown>) =>
    JSON.stringify({
      id: 'evt-1',
      type: 'terminate',
      employeeId: 'E1',
      effectiveDate: '2026-11-01',
      ...fields,
    });

  it('refuses a zero-width character in an employee id (it would silently match nobody)', () => {
    expect(refusal(() => parseHrEvents(event({ employeeId: 'E\u200b1' }), 'events.ndjson'))).toBe(
      `events.ndjson, line 1, key employeeId: the value ${INVISIBLE}`,
    );
  });

  it('refuses a lone surrogate, a NUL byte, a 500,000-character id and a key written twice', () => {
    const lines = [
      event({ reason: 'moved on \\ud800' }).replace('\\\\ud800', '\\ud800'),
      event({ reason: 'moved\u0000on' }),
      event({ employeeId: 'E'.repeat(500_000) }),
      '{"id":"evt-4","type":"terminate","employeeId":"E1","employeeId":"E2","effectiveDate":"2026-11-01"}',
    ];
    expect(refusal(() => parseHrEvents(lines.join('\n'), 'events.ndjson'))).toBe(
      [
        '4 input errors:',
        '  - events.ndjson, line 1, key reason: the value contains a lone surrogate (text that is not valid Unicode)',
        '  - events.ndjson, line 2, key reason: the value contains a NUL byte',
        '  - events.ndjson, line 3, key employeeId: the value is 500,000 characters long; at most 256 are allowed',
        '  - events.ndjson, line 4, column 52, key employeeId: the key employeeId appears twice in this event; each key may appear once (a JSON reader would silently keep only the last)',
      ].join('\n'),
    );
  });

  it('stores identifiers in NFKC', () => {
    const [parsed] = parseHrEvents(event({ employeeId: 'Ｅ１' }), 'events.ndjson');
    expect(parsed?.employeeId).toBe('E1');
  });
});

describe('SCIM users', () => {
  const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const mapping = compileMapping(scimOptionsSchema.parse({ url: 'https://hr.example.com/scim/v2' }).mapping);
  const slack = userFileCanaries('Scim')[3]!;
  const user = (fields: Record<string, unknown>) => ({
    userName: 'bjensen@example.com',
    displayName: 'Babs Jensen',
    emails: [{ value: 'bjensen@example.com', primary: true }],
    [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
    ...fields,
  });

  it('names the attribute a refused value was read from, a fallback and an alias included', () => {
    const { displayName: _, ...withoutDisplayName } = user({
      name: { formatted: `Ms. Barbara ${slack.value}` },
      userName: `bjensen ${slack.value}`,
    });
    const mapped = mapScimUser(withoutDisplayName, mapping);
    expect(mapped.problems).toEqual([
      { key: 'userName', problem: `the value ${SECRET('a Slack token')}` },
      { key: 'name.formatted', problem: `the value ${SECRET('a Slack token')}` },
    ]);
  });

  it('stores identifiers in NFKC, and refuses an invisible character in an employee number', () => {
    const mapped = mapScimUser(user({ userName: 'ｂｊｅｎｓｅｎ@example.com' }), mapping);
    expect(mapped.person?.aliases).toEqual(['bjensen@example.com', 'upn:bjensen@example.com']);
    const invisible = mapScimUser(user({ [ENTERPRISE]: { employeeNumber: '70\u200b1984' } }), mapping);
    expect(invisible.problems).toEqual([
      { key: `${ENTERPRISE}:employeeNumber`, problem: `the value ${INVISIBLE}` },
    ]);
  });

  it('refuses a resource id holding a secret, naming the resource by position instead', () => {
    const errors = new ResourceErrors(
      'https://hr.example.com/scim/v2/Users',
      ['2819c223', slack.value],
      String,
    );
    errors.checkIds();
    expect(errors.errors.map((error) => error.message)).toEqual([
      `https://hr.example.com/scim/v2/Users, resource [1] (its id is not shown), key id: the value ${SECRET('a Slack token')}`,
    ]);
    expect(errors.resource(0)).toBe('resource id 2819c223');
  });
});
