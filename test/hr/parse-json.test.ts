import { describe, expect, it } from 'vitest';
import { parseHrContent } from '../../src/hr/index.js';
import { messageOf, parseJson, record } from './support.js';

describe('HR JSON: reading', () => {
  it('reads every field of a record', () => {
    const input = {
      employeeId: 'E1',
      email: 'Ada.Lovelace@Acme.example',
      name: 'Lovelace, Ada',
      status: 'active',
      workerType: 'contractor',
      hireDate: '2024-02-29',
      terminationDate: '2026-12-01',
      contractEndDate: '2027-01-31T17:00:00Z',
      department: 'Data Platform',
      managerEmail: 'boss@acme.example',
      previousDepartment: 'Platform',
      transferDate: '2026-09-01',
      aliases: ['github:ada-l', 'upn:ada@corp.example'],
    };
    const snapshot = parseJson([input]);
    expect(snapshot.people).toEqual([input]);
    expect(snapshot).toMatchObject({ source: 'hr.json', rowCount: 1 });
  });

  it('treats missing, null and blank optional values as not set, and trims', () => {
    const { people } = parseJson([
      record('E1', {
        name: '  Ann  ',
        hireDate: ' 2020-01-01 ',
        terminationDate: null,
        department: '',
        managerEmail: '   ',
        aliases: null,
      }),
      record('E2', { aliases: [' github:bo ', '', '  ', 'bo'] }),
    ]);
    expect(people[0]).toEqual({
      employeeId: 'E1',
      email: 'e1@acme.example',
      name: 'Ann',
      status: 'active',
      workerType: 'employee',
      hireDate: '2020-01-01',
      terminationDate: null,
      contractEndDate: null,
      department: null,
      managerEmail: null,
      previousDepartment: null,
      transferDate: null,
      aliases: [],
    });
    expect(people[1]?.aliases).toEqual(['github:bo', 'bo']);
  });

  it('ignores a byte-order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify([record('E1')])),
    ]);
    expect(parseHrContent(bytes, 'hr.json', 'json').people).toHaveLength(1);
  });
});

describe('HR JSON: errors', () => {
  it('names the line and column of a syntax error', () => {
    expect(messageOf(() => parseJson('[\n  {"employeeId": "E1",}\n]'))).toBe(
      'hr.json, line 2, column 23: not valid JSON: Expected double-quoted property name',
    );
    expect(messageOf(() => parseJson('[\n  {"employeeId": "E1"'))).toBe(
      "hr.json, line 2, column 22: not valid JSON: Expected ',' or '}' after property value",
    );
    expect(messageOf(() => parseJson('[{"employeeId": "E1"}] x'))).toBe(
      'hr.json, line 1, column 24: not valid JSON: Unexpected non-whitespace character after JSON',
    );
  });

  it('keeps V8 messages without a position short', () => {
    expect(messageOf(() => parseJson('[{"status": tru}]'))).toBe(
      "hr.json: not valid JSON: Unexpected token '}'",
    );
  });

  it('refuses an empty file, an empty array and anything but an array', () => {
    const refused =
      'no people in the HR file; an empty roster is refused (a truncated export must not make everyone a leaver)';
    expect(messageOf(() => parseJson(''))).toBe(`hr.json: the file is empty (0 bytes): ${refused}`);
    expect(messageOf(() => parseJson(' \n'))).toBe(`hr.json: the file holds only blank space: ${refused}`);
    expect(messageOf(() => parseJson([]))).toBe(`hr.json: an empty array: ${refused}`);
    expect(messageOf(() => parseJson({ people: [] }))).toBe(
      'hr.json: expected a JSON array of people at the top level, got an object',
    );
    expect(messageOf(() => parseJson('"E1"'))).toBe(
      'hr.json: expected a JSON array of people at the top level, got "E1"',
    );
  });

  it('refuses an element that is not an object', () => {
    expect(messageOf(() => parseJson([record('E1'), 7, null, ['E3']]))).toBe(
      [
        '3 input errors:',
        '  - hr.json, key [1]: expected an object (one person), got 7',
        '  - hr.json, key [2]: expected an object (one person), got null',
        '  - hr.json, key [3]: expected an object (one person), got an array',
      ].join('\n'),
    );
  });

  it('names the key path of a bad value, what was expected and what was found', () => {
    expect(messageOf(() => parseJson([record('E1'), record('E2', { terminationDate: '2026-02-30' })]))).toBe(
      'hr.json, key [1].terminationDate: expected an ISO 8601 date such as 2026-11-26, got "2026-02-30"',
    );
    expect(messageOf(() => parseJson([record('E1', { status: 'Terminated', workerType: 3 })]))).toBe(
      [
        '2 input errors:',
        '  - hr.json, key [0].status: expected active or terminated, got "Terminated" (values are lowercase)',
        '  - hr.json, key [0].workerType: expected employee or contractor, got 3',
      ].join('\n'),
    );
    expect(messageOf(() => parseJson([record('E1', { aliases: ['github:a', 42] })]))).toBe(
      'hr.json, key [0].aliases[1]: expected a string, got 42',
    );
    expect(messageOf(() => parseJson([record('E1', { aliases: 'github:a' })]))).toBe(
      'hr.json, key [0].aliases: expected an array of strings, got "github:a"',
    );
    expect(messageOf(() => parseJson([record('E1', { managerEmail: 'boss' })]))).toBe(
      'hr.json, key [0].managerEmail: expected an email address such as jane.doe@example.com, got "boss"',
    );
  });

  it('names a missing or empty required key', () => {
    const { email: _, ...noEmail } = record('E1');
    expect(messageOf(() => parseJson([noEmail]))).toBe(
      'hr.json, key [0].email: expected an email address such as jane.doe@example.com, got nothing (the key is missing)',
    );
    expect(messageOf(() => parseJson([record('E1', { name: ' ', employeeId: null })]))).toBe(
      [
        '2 input errors:',
        '  - hr.json, key [0].employeeId: expected a non-empty employee id, got null',
        '  - hr.json, key [0].name: expected a non-empty name, got an empty string " "',
      ].join('\n'),
    );
  });

  it('refuses unknown keys, listing the expected ones and suggesting near misses', () => {
    expect(messageOf(() => parseJson([record('E1', { salary: 1 })]))).toBe(
      'hr.json, key [0].salary: unknown key salary; expected keys: employeeId, email, name, status, workerType, hireDate, terminationDate, contractEndDate, department, managerEmail, previousDepartment, transferDate, aliases',
    );
    expect(messageOf(() => parseJson([record('E1', { termination_date: '2026-01-01' })]))).toMatch(
      /^hr\.json, key \[0\]\.termination_date: unknown key termination_date \(did you mean terminationDate\?\); expected keys: employeeId, /,
    );
  });
});
