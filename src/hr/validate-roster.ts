/**
 * Rules across records: employee ids are unique, and an email or alias (compared trimmed and
 * case-insensitively; an alias equal to someone's email counts) may be shared only by a rehire:
 * at most one of the records sharing it is active. Linear in the number of identifiers.
 */
import { normalizeIdentifier } from '../core/people.js';
import type { ErrorList } from './errors.js';
import { type LocatedPerson, whereOf } from './located-person.js';

type HrField = 'employeeId' | 'email' | 'aliases';
const CSV_COLUMN: Record<HrField, string> = { employeeId: 'employee_id', email: 'email', aliases: 'aliases' };

function locate(record: LocatedPerson, field: HrField) {
  return 'line' in record
    ? { line: record.line, column: CSV_COLUMN[field] }
    : { key: `[${record.index}].${field}` };
}

export function validateRoster(records: readonly LocatedPerson[], errors: ErrorList): void {
  const byId = new Map<string, LocatedPerson>();
  const activeByIdentifier = new Map<string, LocatedPerson>();
  for (const record of records) {
    const { person } = record;
    const earlier = byId.get(person.employeeId);
    if (earlier) {
      errors.add(
        `duplicate employee id ${person.employeeId} (also at ${whereOf(earlier)}); employee ids must be unique`,
        locate(record, 'employeeId'),
      );
      continue;
    }
    byId.set(person.employeeId, record);
    if (person.status !== 'active') continue;
    claim(activeByIdentifier, normalizeIdentifier(person.email), record, 'email', errors);
    for (const alias of person.aliases) {
      claim(activeByIdentifier, normalizeIdentifier(alias), record, 'aliases', errors);
    }
  }
}

/** Records that an active person holds `identifier`; another active holder is an error. */
function claim(
  holders: Map<string, LocatedPerson>,
  identifier: string,
  record: LocatedPerson,
  field: HrField,
  errors: ErrorList,
): void {
  const other = holders.get(identifier);
  if (other === undefined) holders.set(identifier, record);
  else if (other !== record) {
    errors.add(
      `${identifier} belongs to two active people, ${other.person.employeeId} (${whereOf(other)}) and ${record.person.employeeId} (${whereOf(record)}); only a rehire may share an email or alias, and then only one of the records may be active`,
      locate(record, field),
    );
  }
}
