/** The generated roster in the HR CSV format of docs/hr-format.md. */
import type { Person } from '../../core/model.js';
import { HR_CSV_HEADER } from '../synthetic-roster.js';

const cell = (value: string | null) => {
  const text = value ?? '';
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function rosterCsv(people: readonly Person[]): string {
  const lines = [HR_CSV_HEADER];
  for (const person of people) {
    lines.push(
      [
        person.employeeId,
        person.email,
        person.name,
        person.status,
        person.workerType,
        person.hireDate,
        person.terminationDate,
        person.contractEndDate,
        person.department,
        person.managerEmail,
        person.previousDepartment,
        person.transferDate,
        person.aliases.join(';'),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
