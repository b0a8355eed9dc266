import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/core/errors.js';
import type { Person } from '../../src/core/model.js';
import { parseHrFile } from '../../src/hr/index.js';
import { HEADER, inputErrorOf, messageOf, parseCsv } from './support.js';

const ADA: Person = {
  employeeId: 'E1',
  email: 'Ada.Lovelace@Acme.example',
  name: 'Lovelace, Ada "AL"',
  status: 'active',
  workerType: 'contractor',
  hireDate: '2024-02-29',
  terminationDate: '2026-12-01',
  contractEndDate: '2027-01-31T17:00:00Z',
  department: 'Data Platform',
  managerEmail: 'boss@acme.example',
  previousDepartment: 'Platform',
  transferDate: '2026-09-01',
  aliases: ['github:ada-l', 'upn:ada@corp.example', 'alovelace'],
};

const ADA_ROW =
  'E1,Ada.Lovelace@Acme.example,"Lovelace, Ada ""AL""",active,contractor,2024-02-29,2026-12-01,2027-01-31T17:00:00Z,Data Platform,boss@acme.example,Platform,2026-09-01, github:ada-l ; upn:ada@corp.example;;alovelace;';

describe('HR CSV: reading', () => {
  it('reads every field of a record', () => {
    const snapshot = parseCsv(`${HEADER}\n${ADA_ROW}\n`);
    expect(snapshot.people).toEqual([ADA]);
    expect(snapshot.rowCount).toBe(1);
    expect(snapshot.source).toBe('hr.csv');
  });

  it('hashes the raw bytes', () => {
    const bytes = Buffer.from(`${HEADER}\n${ADA_ROW}\n`);
    expect(parseCsv(bytes).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('takes the columns in any order', () => {
    const order = [12, 3, 0, 9, 1, 5, 2, 11, 4, 7, 10, 6, 8];
    const split = (line: string) =>
      line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
    const header = HEADER.split(',');
    const cells = split(ADA_ROW).slice(0, 13);
    const text = `${order.map((index) => header[index]).join(',')}\n${order.map((index) => cells[index]).join(',')}\n`;
    expect(parseCsv(text).people).toEqual([ADA]);
  });

  it('ignores a UTF-8 byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n${ADA_ROW}\n`)]);
    expect(parseCsv(bytes).people).toEqual([ADA]);
  });

  it('reads CRLF line ends, also inside quoted fields', () => {
    const text = `${HEADER}\r\n${ADA_ROW}\r\nE2,b@acme.example,"Bo\r\nSecond",active,employee,,,,,,,,\r\n`;
    const { people } = parseCsv(text);
    expect(people[0]).toEqual(ADA);
    expect(people[1]?.name).toBe('Bo\nSecond');
  });

  it('reads non-ASCII text', () => {
    const text =
      'employee_id,email,name,status,worker_type\nE1,jose@acme.example,José Ñúñez 李,active,employee\n';
    expect(parseCsv(text).people[0]?.name).toBe('José Ñúñez 李');
  });

  it('treats missing optional columns and empty cells as not set', () => {
    const text =
      'employee_id,email,name,status,worker_type,department,aliases\nE1,a@acme.example,A,terminated,employee,  ,\n';
    expect(parseCsv(text).people).toEqual([
      {
        employeeId: 'E1',
        email: 'a@acme.example',
        name: 'A',
        status: 'terminated',
        workerType: 'employee',
        hireDate: null,
        terminationDate: null,
        contractEndDate: null,
        department: null,
        managerEmail: null,
        previousDepartment: null,
        transferDate: null,
        aliases: [],
      },
    ]);
  });

  it('skips blank lines and rows of empty cells, and counts only records', () => {
    const text = `${HEADER}\n\n${ADA_ROW}\n,,,,,,,,,,,,\n\n`;
    const snapshot = parseCsv(text);
    expect(snapshot.people).toEqual([ADA]);
    expect(snapshot.rowCount).toBe(1);
  });

  it('reads a file from disk, choosing the format by extension', () => {
    expect(parseHrFile('fixtures/hr/sample.csv').people).toHaveLength(8);
    expect(parseHrFile('fixtures/hr/sample.json').people).toHaveLength(8);
  });
});

describe('HR CSV: whole-file errors', () => {
  it('names the file for a missing file, a directory or an unknown extension', () => {
    expect(messageOf(() => parseHrFile('/nonexistent/roster.csv'))).toBe(
      '/nonexistent/roster.csv: HR file not found',
    );
    const parent = mkdtempSync(join(tmpdir(), 'nhiscan-hr-'));
    try {
      const directory = join(parent, 'people.csv');
      mkdirSync(directory);
      expect(messageOf(() => parseHrFile(directory))).toBe(`${directory}: is a directory, not an HR file`);
    } finally {
      rmSync(parent, { recursive: true });
    }
    expect(messageOf(() => parseHrFile('roster.xlsx'))).toBe(
      'roster.xlsx: unsupported HR file type ".xlsx"; expected .csv or .json',
    );
    expect(messageOf(() => parseHrFile('roster'))).toBe(
      'roster: unsupported HR file type "(none)"; expected .csv or .json',
    );
  });

  it('refuses an empty file, a blank file and a header with no records: no people', () => {
    const refused =
      'no people in the HR file; an empty roster is refused (a truncated export must not make everyone a leaver)';
    expect(messageOf(() => parseCsv(''))).toBe(`hr.csv: the file is empty (0 bytes): ${refused}`);
    expect(messageOf(() => parseCsv('\n \r\n'))).toBe(`hr.csv: the file holds only blank lines: ${refused}`);
    expect(messageOf(() => parseCsv(`${HEADER}\n`))).toBe(`hr.csv: a header row but no records: ${refused}`);
    expect(messageOf(() => parseCsv(`${HEADER}\n,,,,,,,,,,,,\n\n`))).toBe(
      `hr.csv: a header row but no records: ${refused}`,
    );
  });

  it('refuses text that is not UTF-8, naming the line and byte offset', () => {
    const bytes = Buffer.concat([
      Buffer.from('employee_id,email,name,status,worker_type\nE1,jos'),
      Buffer.from([0xe9]),
      Buffer.from('@acme.example,Jose,active,employee\n'),
    ]);
    expect(messageOf(() => parseCsv(bytes))).toBe(
      'hr.csv, line 2: not UTF-8 text (byte 0xe9 at offset 48 is not valid UTF-8); save the file as UTF-8',
    );
  });

  it('refuses broken quoting, naming the line and column', () => {
    const text = `${HEADER}\n${ADA_ROW}\nE2,b@acme.example,"Bo,active,employee,,,,,,,,\nE3,c@acme.example,C,active,employee,,,,,,,,\n`;
    expect(messageOf(() => parseCsv(text))).toBe(
      'hr.csv, line 3, column name: a quoted field is never closed (check for a stray double quote); everything after it was read as one field',
    );
  });

  it('reports every row with the wrong number of fields', () => {
    const text =
      'employee_id,email,name,status,worker_type\nE1,a@acme.example,A,active\nE2,b@acme.example,B,active,employee\nE3,c@acme.example,C,active,employee,extra\n';
    expect(messageOf(() => parseCsv(text))).toBe(
      [
        '2 input errors:',
        '  - hr.csv, line 2: expected 5 fields as in the header row, found 4',
        '  - hr.csv, line 4: expected 5 fields as in the header row, found 6',
      ].join('\n'),
    );
  });
});

describe('HR CSV: header errors', () => {
  it('refuses a missing required column', () => {
    expect(messageOf(() => parseCsv('employee_id,name,status,worker_type\nE1,A,active,employee\n'))).toBe(
      'hr.csv, line 1: missing required column email; required columns: employee_id, email, name, status, worker_type',
    );
    expect(messageOf(() => parseCsv('employee_id,name\nE1,A\n'))).toBe(
      'hr.csv, line 1: missing required columns email, status, worker_type; required columns: employee_id, email, name, status, worker_type',
    );
  });

  it('refuses an unknown column, listing the expected ones', () => {
    expect(messageOf(() => parseCsv(`${HEADER},cost_center\n${ADA_ROW},CC1\n`))).toBe(
      'hr.csv, line 1, column 14: unknown column cost_center; expected columns: employee_id, email, name, status, worker_type, hire_date, termination_date, contract_end_date, department, manager_email, previous_department, transfer_date, aliases',
    );
  });

  it('suggests the documented name for a misspelt column', () => {
    const message = messageOf(() =>
      parseCsv('employeeId,Email,name,status,worker_type\nE1,a@acme.example,A,active,employee\n'),
    );
    expect(message).toMatch(/^2 input errors:\n/);
    expect(message).toContain(
      'hr.csv, line 1, column 1: unknown column employeeId (did you mean employee_id?); expected columns: employee_id, email,',
    );
    expect(message).toContain(
      'hr.csv, line 1, column 2: unknown column Email (did you mean email?); expected columns:',
    );
    expect(message).not.toContain('missing required column');
  });

  it('refuses a column named twice or not at all', () => {
    expect(
      messageOf(() =>
        parseCsv('employee_id,email,name,status,worker_type,email\nE1,a@x,A,active,employee,a@x\n'),
      ),
    ).toBe('hr.csv, line 1, column 6: column email appears twice in the header row');
    expect(
      messageOf(() => parseCsv('employee_id,email,name,status,worker_type,\nE1,a@x,A,active,employee,\n')),
    ).toBe('hr.csv, line 1, column 6: a column with no name in the header row');
  });

  it('recognises a file separated by something other than commas', () => {
    expect(
      messageOf(() => parseCsv('employee_id;email;name;status;worker_type\nE1;a@x;A;active;employee\n')),
    ).toBe(
      'hr.csv, line 1: the header row is a single column; the file looks ";"-separated: save it as comma-separated CSV',
    );
    expect(
      messageOf(() =>
        parseCsv('employee_id\temail\tname\tstatus\tworker_type\nE1\ta@x\tA\tactive\temployee\n'),
      ),
    ).toBe(
      'hr.csv, line 1: the header row is a single column; the file looks "\\t"-separated: save it as comma-separated CSV',
    );
  });
});

describe('HR CSV: row errors', () => {
  const row = (cells: string) =>
    parseCsv(`employee_id,email,name,status,worker_type,hire_date,manager_email\n${cells}\n`);

  it('names line, column, what was expected and what was found', () => {
    expect(messageOf(() => row('E1,a@acme.example,A,retired,employee,,'))).toBe(
      'hr.csv, line 2, column status: expected active or terminated, got "retired"',
    );
    expect(messageOf(() => row('E1,a@acme.example,A,active,staff,,'))).toBe(
      'hr.csv, line 2, column worker_type: expected employee or contractor, got "staff"',
    );
    expect(messageOf(() => row('E1,a@acme.example,A,active,employee,2026-02-30,'))).toBe(
      'hr.csv, line 2, column hire_date: expected an ISO 8601 date such as 2026-11-26, got "2026-02-30"',
    );
    expect(messageOf(() => row('E1,a@acme.example,A,active,employee,26/11/2026,'))).toBe(
      'hr.csv, line 2, column hire_date: expected an ISO 8601 date such as 2026-11-26, got "26/11/2026"',
    );
  });

  it('says values are lowercase when only the case is wrong', () => {
    expect(messageOf(() => row('E1,a@acme.example,A,Active,Contractor,,'))).toBe(
      [
        '2 input errors:',
        '  - hr.csv, line 2, column status: expected active or terminated, got "Active" (values are lowercase)',
        '  - hr.csv, line 2, column worker_type: expected employee or contractor, got "Contractor" (values are lowercase)',
      ].join('\n'),
    );
  });

  it('refuses an empty required cell', () => {
    expect(messageOf(() => row(',a@acme.example, ,active,employee,,'))).toBe(
      [
        '2 input errors:',
        '  - hr.csv, line 2, column employee_id: expected a non-empty employee id, got an empty cell',
        '  - hr.csv, line 2, column name: expected a non-empty name, got an empty cell',
      ].join('\n'),
    );
    expect(messageOf(() => row('E1,,A,active,employee,,'))).toBe(
      'hr.csv, line 2, column email: expected an email address such as jane.doe@example.com, got an empty cell',
    );
  });

  it('refuses something that is not an email address, in email and manager_email', () => {
    for (const bad of [
      'ann.acme.example',
      'a@b@acme.example',
      '@acme.example',
      'ann@',
      'ann smith@acme.example',
    ]) {
      expect(messageOf(() => row(`E1,${bad},A,active,employee,,`))).toBe(
        `hr.csv, line 2, column email: expected an email address such as jane.doe@example.com, got "${bad}"`,
      );
    }
    expect(messageOf(() => row('E1,a@acme.example,A,active,employee,,Boss'))).toBe(
      'hr.csv, line 2, column manager_email: expected an email address such as jane.doe@example.com, got "Boss"',
    );
  });

  it('collects every error of every row into one InputErrors, with record start lines', () => {
    const text = [
      'employee_id,email,name,status,worker_type,hire_date',
      'E1,a@acme.example,"A',
      'multi-line",gone,employee,',
      'E2,b@acme.example,B,active,robot,2026-13-01',
      'E3,c@acme.example,C,active,employee,2020-01-01',
      'E1,d@acme.example,D,active,employee,',
    ].join('\n');
    const error = inputErrorOf(() => parseCsv(text));
    expect(error).toBeInstanceOf(InputErrors);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      [
        '3 input errors:',
        '  - hr.csv, line 2, column status: expected active or terminated, got "gone"',
        '  - hr.csv, line 4, column worker_type: expected employee or contractor, got "robot"',
        '  - hr.csv, line 4, column hire_date: expected an ISO 8601 date such as 2026-11-26, got "2026-13-01"',
      ].join('\n'),
    );
  });

  it('stops listing at 1,000 errors and says so', () => {
    const lines = ['employee_id,email,name,status,worker_type'];
    for (let index = 0; index < 1500; index++)
      lines.push(`E${index},p${index}@acme.example,P,retired,employee`);
    const error = inputErrorOf(() => parseCsv(lines.join('\n')));
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).errors).toHaveLength(1000);
    expect(error.message.split('\n').slice(0, 3)).toEqual([
      '1000 input errors:',
      '  - hr.csv, line 1001, column status: too many errors: stopped after the first 999, listed below; fix them and import again to see any more',
      '  - hr.csv, line 2, column status: expected active or terminated, got "retired"',
    ]);
    expect(error.message.endsWith('  … and 980 more')).toBe(true);
  });

  it('shortens a long found value', () => {
    const long = 'x'.repeat(200);
    expect(messageOf(() => row(`E1,a@acme.example,A,${long},employee,,`))).toBe(
      `hr.csv, line 2, column status: expected active or terminated, got "${'x'.repeat(59)}…"`,
    );
  });
});
