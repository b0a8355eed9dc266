/**
 * Rules across records: employee ids are unique, and an email or alias may be shared only by a
 * rehire (at most one of the records sharing it is active). Case-insensitive.
 */
import { InputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { normalizeIdentifier } from '../core/people.js';

export interface LocatedPerson {
  person: Person;
  /** `line 7` (CSV) or `[6]` (JSON). */
  where: string;
  line: number | undefined;
  index?: number;
}

function locate(file: string, record: LocatedPerson, column: string) {
  return record.line !== undefined
    ? { file, line: record.line, column }
    : { file, key: `${record.where}.${column}` };
}

export function validateRoster(records: readonly LocatedPerson[], file: string): InputError[] {
  const errors: InputError[] = [];
  const byId = new Map<string, LocatedPerson>();
  const activeByIdentifier = new Map<string, LocatedPerson>();
  for (const record of records) {
    const { person } = record;
    const earlier = byId.get(person.employeeId);
    if (earlier) {
      errors.push(
        new InputError(
          `duplicate employee id ${person.employeeId} (also at ${earlier.where}); employee ids must be unique`,
          locate(file, record, 'employee_id'),
        ),
      );
      continue;
    }
    byId.set(person.employeeId, record);
    if (person.status !== 'active') continue;
    const identifiers = new Set([person.email, ...person.aliases].map(normalizeIdentifier));
    for (const identifier of identifiers) {
      const other = activeByIdentifier.get(identifier);
      if (other && other.person.employeeId !== person.employeeId) {
        errors.push(
          new InputError(
            `${identifier} belongs to two active people, ${other.person.employeeId} (${other.where}) and ${person.employeeId}; only a rehire may share an email or alias, and then only one record may be active`,
            locate(file, record, identifier === normalizeIdentifier(person.email) ? 'email' : 'aliases'),
          ),
        );
      } else {
        activeByIdentifier.set(identifier, record);
      }
    }
  }
  return errors;
}
