import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import {
  buildPeopleDirectory,
  daysSinceTransfer,
  daysUntilTermination,
  isContractorExpired,
  isLeaver,
} from '../../src/core/people.js';
import { parseHrFile } from '../../src/hr/index.js';
import { inputErrorOf } from './support.js';

const BAD = 'fixtures/bad-input';

describe('HR sample rosters', () => {
  const csv = parseHrFile('fixtures/hr/sample.csv');
  const json = parseHrFile('fixtures/hr/sample.json');

  it('hold the same people in CSV and JSON', () => {
    expect(csv.people).toHaveLength(8);
    expect(json.people).toEqual(csv.people);
  });

  it('show a rehire, a contractor, a mover, a leaver and a pending leaver', () => {
    const asOf = toDate('2026-11-26');
    const directory = buildPeopleDirectory(csv.people);
    const rehired = directory.lookup('margaret.hamilton@acme.example')!;
    expect(rehired.person.employeeId).toBe('E1107');
    expect(directory.lookup('github:mhamilton')?.person.employeeId).toBe('E1107');
    expect(isLeaver(rehired.person, asOf)).toBe(false);
    expect(isLeaver(directory.byEmployeeId('E1006')!, asOf)).toBe(true);
    expect(isLeaver(directory.lookup('aturing')!.person, asOf)).toBe(true);
    expect(isContractorExpired(directory.byEmployeeId('E1004')!, toDate('2026-12-31'))).toBe(true);
    expect(daysSinceTransfer(directory.byEmployeeId('E1005')!, asOf)).toBe(115);
    expect(daysUntilTermination(directory.byEmployeeId('E1008')!, asOf)).toBe(8);
  });
});

describe('HR bad-input corpus', () => {
  const cases = JSON.parse(readFileSync(join(BAD, 'hr.cases.json'), 'utf8')) as {
    file: string;
    expect: string;
  }[];

  it('has a case for every hr-* file', () => {
    const files = readdirSync(BAD).filter((name) => name.startsWith('hr-') && !name.endsWith('.mjs'));
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(cases.map((entry) => entry.file).sort()).toEqual(files.sort());
  });

  it.each(cases)('$file is rejected with its message', ({ file, expect: expected }) => {
    const error = inputErrorOf(() => parseHrFile(join(BAD, file)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(expected);
    expect(error.message).toContain(join(BAD, file));
  });

  it('generate-large.mjs reproduces hr-50000-rows.csv byte for byte', () => {
    const directory = mkdtempSync(join(tmpdir(), 'nhiscan-hr-'));
    try {
      const output = join(directory, 'large.csv');
      execFileSync(process.execPath, [join(BAD, 'generate-large.mjs'), output]);
      expect(readFileSync(output).equals(readFileSync(join(BAD, 'hr-50000-rows.csv')))).toBe(true);
    } finally {
      rmSync(directory, { recursive: true });
    }
  });
});
