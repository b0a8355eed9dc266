/** The HR CSV header row: known columns only, each once, every required one present. */
import { InputError } from '../core/errors.js';
import { hiddenName, shownName } from './describe-value.js';
import type { ErrorList } from './errors.js';
import { CSV_COLUMNS, type CsvColumn, type PersonField, REQUIRED_CSV_COLUMNS } from './person-schema.js';

const ALL_COLUMNS = Object.keys(CSV_COLUMNS) as CsvColumn[];

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
/** `Email`, `EMAIL`, `employeeId` and `Employee ID` all point at the documented column name. */
const BY_SQUASHED = new Map(ALL_COLUMNS.map((column) => [squash(column), column]));

function isColumn(name: string): name is CsvColumn {
  return Object.hasOwn(CSV_COLUMNS, name);
}

/** The model field each header position holds. Throws (via `errors`) if the header is wrong. */
export function fieldsOfHeader(header: readonly string[], line: number, errors: ErrorList): PersonField[] {
  const separator =
    header.length === 1 ? [';', '\t', '|'].find((other) => header[0]!.includes(other)) : undefined;
  if (separator) {
    throw new InputError(
      `the header row is a single column; the file looks ${JSON.stringify(separator)}-separated: save it as comma-separated CSV`,
      { file: errors.file, line },
    );
  }
  const seen = new Set<string>();
  const meant = new Set<string>();
  const fields: PersonField[] = [];
  header.forEach((name, index) => {
    const location = { line, column: index + 1 };
    if (name === '') {
      errors.add('a column with no name in the header row', location);
    } else if (seen.has(name)) {
      errors.add(`column ${shownName(name) ?? hiddenName(name)} appears twice in the header row`, location);
    } else if (!isColumn(name)) {
      const near = BY_SQUASHED.get(squash(name));
      if (near) meant.add(near);
      // A header cell is data too: one holding a secret, or megabytes, is not repeated.
      errors.add(
        `unknown column ${shownName(name) ?? hiddenName(name)}${near ? ` (did you mean ${near}?)` : ''}; expected columns: ${ALL_COLUMNS.join(', ')}`,
        location,
      );
    } else {
      fields.push(CSV_COLUMNS[name]);
    }
    seen.add(name);
  });
  // A required column already suggested for a misspelt one is not reported twice.
  const missing = REQUIRED_CSV_COLUMNS.filter((column) => !seen.has(column) && !meant.has(column));
  if (missing.length > 0) {
    errors.add(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; required columns: ${REQUIRED_CSV_COLUMNS.join(', ')}`,
      { line },
    );
  }
  errors.throwIfAny();
  return fields;
}
