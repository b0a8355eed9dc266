import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import { buildPeopleDirectory, isLeaver } from '../../src/core/people.js';
import { messageOf, parseCsv, parseJson, record } from './support.js';

const HEAD = 'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases';
const csv = (...rows: string[]) => [HEAD, ...rows].join('\n');
const asOf = toDate('2026-11-26');
const SHARED = 'only a rehire may share an email or alias, and then only one of the records may be active';

describe('HR roster rules', () => {
  it('refuses a duplicate employee id, naming both records', () => {
    expect(
      messageOf(() =>
        parseCsv(
          csv(
            'E1,a@acme.example,A,active,employee,,,',
            'E2,b@acme.example,B,active,employee,,,',
            'E1,c@acme.example,C,terminated,employee,,,',
          ),
        ),
      ),
    ).toBe(
      'hr.csv, line 4, column employee_id: duplicate employee id E1 (also at line 2); employee ids must be unique',
    );
    expect(messageOf(() => parseJson([record('E1'), record('E1', { email: 'other@acme.example' })]))).toBe(
      'hr.json, key [1].employeeId: duplicate employee id E1 (also at [0]); employee ids must be unique',
    );
  });

  it('accepts a rehire: an old terminated record and a new active one sharing email and alias', () => {
    const { people } = parseCsv(
      csv(
        'E1,sam@acme.example,Sam,terminated,employee,2019-01-07,2023-05-31,github:sam',
        'E7,SAM@acme.example ,Sam,active,employee,2026-02-02,,github:Sam',
      ),
    );
    const directory = buildPeopleDirectory(people);
    const match = directory.lookup('Sam@Acme.Example')!;
    expect(match.person.employeeId).toBe('E7');
    expect(directory.lookup('GITHUB:SAM')?.person.employeeId).toBe('E7');
    expect(isLeaver(match.person, asOf)).toBe(false);
    expect(isLeaver(directory.byEmployeeId('E1')!, asOf)).toBe(true);
  });

  it('accepts a rehire whatever the order of the records, and several old records', () => {
    const { people } = parseCsv(
      csv(
        'E9,sam@acme.example,Sam,active,employee,2026-02-02,,',
        'E1,sam@acme.example,Sam,terminated,employee,2015-01-07,2017-05-31,',
        'E4,sam@acme.example,Sam,terminated,contractor,2019-01-07,2023-05-31,',
      ),
    );
    expect(buildPeopleDirectory(people).lookup('sam@acme.example')?.person.employeeId).toBe('E9');
  });

  it('refuses two active people sharing an email, compared trimmed and case-insensitively', () => {
    expect(
      messageOf(() =>
        parseCsv(
          csv(
            'E1,ann@acme.example,Ann,active,employee,,,',
            'E2," ANN@Acme.Example",Ann Two,active,employee,,,',
          ),
        ),
      ),
    ).toBe(
      `hr.csv, line 3, column email: ann@acme.example belongs to two active people, E1 (line 2) and E2 (line 3); ${SHARED}`,
    );
  });

  it("refuses two active people sharing an alias, or an alias that is the other one's email", () => {
    expect(
      messageOf(() =>
        parseCsv(
          csv(
            'E1,a@acme.example,A,active,employee,,,github:shared',
            'E2,b@acme.example,B,active,employee,,,GitHub:Shared',
          ),
        ),
      ),
    ).toBe(
      `hr.csv, line 3, column aliases: github:shared belongs to two active people, E1 (line 2) and E2 (line 3); ${SHARED}`,
    );
    expect(
      messageOf(() =>
        parseCsv(
          csv(
            'E1,a@acme.example,A,active,employee,,,',
            'E2,b@acme.example,B,active,employee,,,A@acme.example',
          ),
        ),
      ),
    ).toBe(
      `hr.csv, line 3, column aliases: a@acme.example belongs to two active people, E1 (line 2) and E2 (line 3); ${SHARED}`,
    );
    expect(
      messageOf(() =>
        parseJson([record('E1', { aliases: ['b@acme.example'] }), record('E2', { email: 'B@acme.example' })]),
      ),
    ).toBe(
      `hr.json, key [1].email: b@acme.example belongs to two active people, E1 ([0]) and E2 ([1]); ${SHARED}`,
    );
  });

  it('goes by status alone: an active person with a past termination date still counts as active', () => {
    expect(
      messageOf(() =>
        parseCsv(
          csv(
            'E1,a@acme.example,A,active,employee,2019-01-01,2020-01-01,',
            'E2,a@acme.example,A,active,employee,2021-01-01,,',
          ),
        ),
      ),
    ).toContain(
      'line 3, column email: a@acme.example belongs to two active people, E1 (line 2) and E2 (line 3)',
    );
  });

  it('allows one person to repeat their own email among their aliases', () => {
    const { people } = parseCsv(csv('E1,a@acme.example,A,active,employee,,,A@acme.example;a;A'));
    expect(people[0]?.aliases).toEqual(['A@acme.example', 'a', 'A']);
  });

  it('allows a pending leaver (active, future termination date) and a leaver with no termination date', () => {
    const { people } = parseCsv(
      csv(
        'E1,a@acme.example,A,active,employee,2020-01-01,2026-12-10,',
        'E2,b@acme.example,B,terminated,employee,2020-01-01,,',
      ),
    );
    expect(people.map((person) => isLeaver(person, asOf))).toEqual([false, true]);
  });

  it('reports every roster problem at once, next to row problems', () => {
    const message = messageOf(() =>
      parseCsv(
        csv(
          'E1,a@acme.example,A,active,employee,,,',
          'E1,b@acme.example,B,active,employee,,,',
          'E3,a@acme.example,C,active,employee,,,',
          'E4,d@acme.example,D,retired,employee,,,',
        ),
      ),
    );
    expect(message.split('\n')).toEqual([
      '3 input errors:',
      '  - hr.csv, line 5, column status: expected active or terminated, got "retired"',
      '  - hr.csv, line 3, column employee_id: duplicate employee id E1 (also at line 2); employee ids must be unique',
      `  - hr.csv, line 4, column email: a@acme.example belongs to two active people, E1 (line 2) and E3 (line 4); ${SHARED}`,
    ]);
  });
});
