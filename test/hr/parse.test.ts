import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import { buildPeopleDirectory, isLeaver } from '../../src/core/people.js';
import { parseHrContent, parseHrFile } from '../../src/hr/index.js';

const csv = (text: string) => Buffer.from(text, 'utf8');

describe('HR CSV', () => {
  it('reads every field, in any column order, with BOM, CRLF and quoted fields', () => {
    const text =
      '\uFEFFname,employee_id,email,status,worker_type,aliases,department,transfer_date,previous_department,termination_date,contract_end_date,hire_date,manager_email\r\n' +
      '"Doe, Jane ""JD""",E1,Jane.Doe@Acme.example,active,contractor,"github:jdoe; upn:jane@corp.example ;jdoe",Data,2026-09-01,Platform,2026-12-01,2027-01-31,2024-02-29,boss@acme.example\r\n';
    const snapshot = parseHrContent(csv(text), 'hr.csv', 'csv');
    expect(snapshot.people).toEqual([
      {
        employeeId: 'E1',
        email: 'Jane.Doe@Acme.example',
        name: 'Doe, Jane "JD"',
        status: 'active',
        workerType: 'contractor',
        hireDate: '2024-02-29',
        terminationDate: '2026-12-01',
        contractEndDate: '2027-01-31',
        department: 'Data',
        managerEmail: 'boss@acme.example',
        previousDepartment: 'Platform',
        transferDate: '2026-09-01',
        aliases: ['github:jdoe', 'upn:jane@corp.example', 'jdoe'],
      },
    ]);
    expect(snapshot.rowCount).toBe(1);
    expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats missing optional columns and empty cells as not set', () => {
    const snapshot = parseHrContent(
      csv('employee_id,email,name,status,worker_type\nE1,a@x.example,A,terminated,employee\n'),
      'hr.csv',
      'csv',
    );
    expect(snapshot.people[0]).toMatchObject({ terminationDate: null, department: null, aliases: [] });
  });

  it('reports every bad row at once, each with line and column', () => {
    const text =
      'employee_id,email,name,status,worker_type\nE1,a@x.example,A,gone,employee\nE2,b@x.example,B,active,robot\n';
    expect(() => parseHrContent(csv(text), 'hr.csv', 'csv')).toThrow(
      '2 input errors:\n  - hr.csv, line 2, column status: expected active or terminated, got "gone"\n  - hr.csv, line 3, column worker_type: expected employee or contractor, got "robot"',
    );
  });

  it('counts lines of multi-line quoted fields when naming a later row', () => {
    const text =
      'employee_id,email,name,status,worker_type\nE1,a@x.example,"A\nsecond line",active,employee\nE2,b@x.example,B,active,bogus\n';
    expect(() => parseHrContent(csv(text), 'hr.csv', 'csv')).toThrow('hr.csv, line 4, column worker_type');
  });

  it('accepts a rehire: an old terminated record and a new active one sharing an email, in any case', () => {
    const text = [
      'employee_id,email,name,status,worker_type,hire_date,termination_date',
      'E1,sam@acme.example,Sam,terminated,employee,2019-01-07,2023-05-31',
      'E7,SAM@acme.example,Sam,active,employee,2026-02-02,',
    ].join('\n');
    const { people } = parseHrContent(csv(text), 'hr.csv', 'csv');
    const directory = buildPeopleDirectory(people);
    const match = directory.lookup('Sam@Acme.Example')!;
    expect(match.person.employeeId).toBe('E7');
    expect(isLeaver(match.person, toDate('2026-11-26'))).toBe(false);
  });

  it('refuses two active people sharing an alias', () => {
    const text = [
      'employee_id,email,name,status,worker_type,aliases',
      'E1,a@acme.example,A,active,employee,github:shared',
      'E2,b@acme.example,B,active,employee,GitHub:Shared',
    ].join('\n');
    expect(() => parseHrContent(csv(text), 'hr.csv', 'csv')).toThrow(
      'hr.csv, line 3, column aliases: github:shared belongs to two active people, E1 (line 2) and E2',
    );
  });

  it('parses 50,000 rows', () => {
    const lines = ['employee_id,email,name,status,worker_type,hire_date,aliases'];
    for (let i = 0; i < 50_000; i++)
      lines.push(`E${i},p${i}@acme.example,P ${i},active,employee,2020-01-01,github:p${i}`);
    expect(parseHrContent(csv(lines.join('\n')), 'big.csv', 'csv').rowCount).toBe(50_000);
  });

  it('names the file for a missing file or an unknown extension', () => {
    expect(() => parseHrFile('/nonexistent/roster.csv')).toThrow(
      '/nonexistent/roster.csv: HR file not found',
    );
    expect(() => parseHrFile('roster.xlsx')).toThrow(
      'roster.xlsx: unsupported HR file type ".xlsx"; expected .csv or .json',
    );
  });
});

describe('HR JSON', () => {
  it('reads camelCase records with defaults', () => {
    const text = JSON.stringify([
      {
        employeeId: 'E1',
        email: 'a@x.example',
        name: 'A',
        status: 'active',
        workerType: 'employee',
        aliases: ['github:a'],
      },
    ]);
    expect(parseHrContent(csv(text), 'hr.json', 'json').people[0]).toMatchObject({
      employeeId: 'E1',
      aliases: ['github:a'],
      hireDate: null,
    });
  });
  it('names the key path of a bad value', () => {
    const text = JSON.stringify([
      { employeeId: 'E1', email: 'a@x.example', name: 'A', status: 'active', workerType: 'employee' },
      {
        employeeId: 'E2',
        email: 'b@x.example',
        name: 'B',
        status: 'active',
        workerType: 'employee',
        hireDate: '2026-13-01',
      },
    ]);
    expect(() => parseHrContent(csv(text), 'hr.json', 'json')).toThrow(
      'hr.json, key [1].hireDate: expected an ISO 8601 date such as 2026-11-26',
    );
  });
});
