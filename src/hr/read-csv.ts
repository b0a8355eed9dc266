/** HR CSV bytes → validated people with the line each starts on; problems go to `errors`. */
import { decodeUtf8 } from '../core/csv.js';
import type { Person } from '../core/model.js';
import { fieldsOfHeader } from './check-header.js';
import { readCsvRecords } from './csv-records.js';
import { allowedValues, caseHint, describeCell } from './describe-value.js';
import { type ErrorList, noPeopleError } from './errors.js';
import { checkPersonRecord } from './input-checks.js';
import type { LocatedPerson } from './located-person.js';
import { CSV_COLUMNS, normalizeRecord, type PersonField, personSchema } from './person-schema.js';

const COLUMN_OF = Object.fromEntries(
  Object.entries(CSV_COLUMNS).map(([column, field]) => [field, column]),
) as Record<PersonField, string>;

export function readHrCsv(bytes: Uint8Array, errors: ErrorList): LocatedPerson[] {
  const { file } = errors;
  if (bytes.length === 0) throw noPeopleError(file, 'the file is empty (0 bytes)');
  const text = decodeUtf8(bytes, file).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw noPeopleError(file, 'the file holds only blank lines');
  let fields: PersonField[] | undefined;
  const people: LocatedPerson[] = [];
  let records = 0;
  readCsvRecords(text, file, (cells, line) => {
    if (fields === undefined) {
      fields = fieldsOfHeader(cells, line, errors);
      return;
    }
    // A row of empty cells (left behind when a spreadsheet row is cleared) holds nobody.
    if (cells.every((cell) => cell === '')) return;
    records++;
    const person = readRow(cells, fields, line, errors);
    if (person) people.push({ person, line });
  });
  if (records === 0) throw noPeopleError(file, 'a header row but no records');
  return people;
}

/** One data row → a person, or undefined with its problems added to `errors`. */
function readRow(
  cells: string[],
  fields: PersonField[],
  line: number,
  errors: ErrorList,
): Person | undefined {
  if (cells.length !== fields.length) {
    errors.add(`expected ${fields.length} fields as in the header row, found ${cells.length}`, { line });
    return undefined;
  }
  const raw: Partial<Record<PersonField, unknown>> = {};
  for (let index = 0; index < cells.length; index++) {
    const field = fields[index]!;
    raw[field] = field === 'aliases' ? cells[index]!.split(';') : cells[index];
  }
  // The input limits first: a cell holding a secret is named as one, whatever else is wrong with it.
  const refused = new Set<PersonField>();
  for (const { field, problem } of checkPersonRecord(raw)) {
    if (refused.has(field)) continue;
    refused.add(field);
    errors.add(`the cell ${problem}`, { line, column: COLUMN_OF[field] });
  }
  const parsed = personSchema.safeParse(normalizeRecord(raw));
  if (parsed.success && refused.size === 0) return parsed.data;
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as PersonField;
    if (refused.has(field)) continue;
    const cell = cells[fields.indexOf(field)] ?? '';
    errors.add(`${issue.message}, got ${describeCell(cell)}${caseHint(cell, allowedValues(issue))}`, {
      line,
      column: COLUMN_OF[field],
    });
  }
  return undefined;
}
