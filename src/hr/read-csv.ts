/** HR CSV → validated records with their line numbers. */
import { checkColumns, parseCsv } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { CSV_COLUMNS, personSchema, REQUIRED_CSV_COLUMNS } from './person-schema.js';
import type { LocatedPerson } from './validate-roster.js';

const FIELD_TO_COLUMN = Object.fromEntries(
  Object.entries(CSV_COLUMNS).map(([column, field]) => [field, column]),
);

export function readHrCsv(
  bytes: Uint8Array,
  file: string,
): { people: LocatedPerson[]; errors: InputError[] } {
  const table = parseCsv(bytes, file);
  checkColumns(
    table.header,
    {
      required: REQUIRED_CSV_COLUMNS,
      optional: Object.keys(CSV_COLUMNS).filter(
        (column) => !(REQUIRED_CSV_COLUMNS as readonly string[]).includes(column),
      ),
    },
    file,
  );
  const people: LocatedPerson[] = [];
  const errors: InputError[] = [];
  for (const row of table.rows) {
    const raw: Record<string, unknown> = {};
    for (const [column, field] of Object.entries(CSV_COLUMNS)) {
      const cell = row.cells[column];
      if (cell === undefined || cell === '') continue;
      raw[field] =
        field === 'aliases'
          ? cell
              .split(';')
              .map((alias) => alias.trim())
              .filter(Boolean)
          : cell;
    }
    const parsed = personSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = FIELD_TO_COLUMN[field] ?? field;
        const found = row.cells[column];
        const got = found === undefined || found === '' ? 'an empty cell' : JSON.stringify(found);
        errors.push(new InputError(`${issue.message}, got ${got}`, { file, line: row.line, column }));
      }
      continue;
    }
    people.push({ person: parsed.data as Person, where: `line ${row.line}`, line: row.line });
  }
  return { people, errors };
}
