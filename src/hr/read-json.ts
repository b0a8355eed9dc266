/** HR JSON bytes (an array of camelCase records) → validated people with their index; problems go to `errors`. */
import { decodeUtf8 } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import { jsonSyntaxProblem } from '../core/json-syntax.js';
import type { Person } from '../core/model.js';
import { allowedValues, caseHint, describeJsonValue } from './describe-value.js';
import { type ErrorList, noPeopleError } from './errors.js';
import { keyPath, valueAt } from './json-path.js';
import type { LocatedPerson } from './located-person.js';
import { normalizeRecord, PERSON_FIELDS, personSchema } from './person-schema.js';

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
/** `employee_id` or `EmployeeID` → `employeeId`. */
const BY_SQUASHED = new Map(PERSON_FIELDS.map((field) => [squash(field), field]));

export function readHrJson(bytes: Uint8Array, errors: ErrorList): LocatedPerson[] {
  const { file } = errors;
  if (bytes.length === 0) throw noPeopleError(file, 'the file is empty (0 bytes)');
  const text = decodeUtf8(bytes, file).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw noPeopleError(file, 'the file holds only blank space');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw syntaxError(error as SyntaxError, text, file);
  }
  if (!Array.isArray(data)) {
    throw new InputError(`expected a JSON array of people at the top level, got ${describeJsonValue(data)}`, {
      file,
    });
  }
  if (data.length === 0) throw noPeopleError(file, 'an empty array');
  const people: LocatedPerson[] = [];
  data.forEach((item: unknown, index) => {
    const where = `[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.add(`expected an object (one person), got ${describeJsonValue(item)}`, { key: where });
      return;
    }
    // A copy: `item` keeps the values as written, for error messages.
    const parsed = personSchema.safeParse(normalizeRecord({ ...item }));
    if (parsed.success) {
      const person: Person = parsed.data;
      people.push({ person, index });
      return;
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const near = BY_SQUASHED.get(squash(key));
          errors.add(
            `unknown key ${key}${near ? ` (did you mean ${near}?)` : ''}; expected keys: ${PERSON_FIELDS.join(', ')}`,
            { key: `${where}${childPath([...issue.path, key])}` },
          );
        }
        continue;
      }
      const found = valueAt(item, issue.path);
      errors.add(
        `${issue.message}, got ${describeJsonValue(found)}${caseHint(found, allowedValues(issue))}`,
        {
          key: `${where}${childPath(issue.path)}`,
        },
      );
    }
  });
  return people;
}

/** V8's JSON.parse message, with the line and column of its offset when it gives one. */
function syntaxError(error: SyntaxError, text: string, file: string): InputError {
  const { problem, offset } = jsonSyntaxProblem(error, text);
  if (offset === undefined) return new InputError(`not valid JSON: ${problem}`, { file }, { cause: error });
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n');
  return new InputError(
    `not valid JSON: ${problem}`,
    { file, line: before.split('\n').length, column: offset - lineStart },
    { cause: error },
  );
}

/** The path below a parent already named (`people[3]`): a first key takes a dot, an index does not. */
function childPath(path: readonly PropertyKey[]): string {
  const rest = keyPath(path);
  return path.length > 0 && typeof path[0] !== 'number' ? `.${rest}` : rest;
}
