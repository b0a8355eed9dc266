/** HR JSON bytes (an array of camelCase records) → validated people with their index; problems go to `errors`. */
import { decodeUtf8 } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import {
  duplicateJsonKeys,
  type JsonPathSegment,
  jsonPathKey,
  jsonValuePositions,
} from '../core/json-duplicate-keys.js';
import { jsonSyntaxProblem } from '../core/json-syntax.js';
import type { Person } from '../core/model.js';
import { allowedValues, caseHint, describeJsonValue, hiddenName, shownName } from './describe-value.js';
import { type ErrorList, noPeopleError } from './errors.js';
import { checkPersonRecord, type PersonFieldProblem } from './input-checks.js';
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
  refuseDuplicateKeys(text, errors);
  // The input limits first, for every record: a value holding a secret is named as one, whatever
  // else is wrong with it. Copies: `data` keeps the values as written, for error messages.
  const records = data.map((item: unknown) => (isRecord(item) ? { ...item } : null));
  const problemsOf = records.map((record) => (record ? checkPersonRecord(record) : []));
  addRefused(text, problemsOf, errors);
  const people: LocatedPerson[] = [];
  data.forEach((item: unknown, index) => {
    const where = `[${index}]`;
    const record = records[index];
    if (!record) {
      errors.add(`expected an object (one person), got ${describeJsonValue(item)}`, { key: where });
      return;
    }
    const problems = problemsOf[index]!;
    const parsed = personSchema.safeParse(normalizeRecord(record));
    if (parsed.success && problems.length === 0) {
      const person: Person = parsed.data;
      people.push({ person, index });
      return;
    }
    const refusedFields = new Set<PropertyKey>(problems.map((problem) => problem.field));
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const shown = shownName(key);
          const near = BY_SQUASHED.get(squash(key));
          errors.add(
            `unknown key ${shown ?? hiddenName(key)}${near ? ` (did you mean ${near}?)` : ''}; expected keys: ${PERSON_FIELDS.join(', ')}`,
            { key: shown === null ? where : `${where}${childPath([...issue.path, key])}` },
          );
        }
        continue;
      }
      if (refusedFields.has(issue.path[0]!)) continue;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key written twice in one object: JSON.parse would silently keep the last. */
function refuseDuplicateKeys(text: string, errors: ErrorList): void {
  for (const { path, line, column } of duplicateJsonKeys(text)) {
    const key = path.at(-1) as string;
    const shown = shownName(key);
    const parent = keyPath(path.slice(0, -1));
    errors.add(
      `the key ${shown ?? hiddenName(key)} appears twice in this object; each key may appear once (a JSON reader would silently keep only the last)`,
      { line, column, key: shown === null ? parent : keyPath(path) },
    );
  }
}

/** The input-limit problems of each record (by index), each with the line its value is on. */
function addRefused(text: string, problemsOf: readonly PersonFieldProblem[][], errors: ErrorList): void {
  const refused = problemsOf.flatMap((problems, index) =>
    problems.map(({ field, index: alias, problem }) => ({
      path: [index, field, ...(alias === undefined ? [] : [alias])] as JsonPathSegment[],
      problem,
    })),
  );
  if (refused.length === 0) return;
  const positions = jsonValuePositions(
    text,
    refused.map(({ path }) => path),
  );
  for (const { path, problem } of refused) {
    const line = positions.get(jsonPathKey(path))?.line;
    errors.add(`the value ${problem}`, { ...(line === undefined ? {} : { line }), key: keyPath(path) });
  }
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
