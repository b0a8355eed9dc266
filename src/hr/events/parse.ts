/**
 * Reads NDJSON HR events. Every line is validated before anything is stored: one bad line rejects
 * the whole batch, each problem named by line and key with what was expected and what was found,
 * so nothing is half-applied. Every string is held to the input limits first (a secret, a NUL
 * byte, a lone surrogate, an invisible character in an id, an oversized value is refused by key,
 * never shown), a key written twice is refused, and identifiers are stored in Unicode NFKC.
 */

import { type FieldKind, normalizeIdentifierInput } from '../../core/input-limits.js';
import { duplicateJsonKeys } from '../../core/json-duplicate-keys.js';
import { jsonSyntaxProblem } from '../../core/json-syntax.js';
import { allowedValues, caseHint, describeJsonValue, hiddenName, shownName } from '../describe-value.js';
import { ErrorList } from '../errors.js';
import { inputProblem } from '../input-checks.js';
import { keyPath, valueAt } from '../json-path.js';
import { type HrEvent, type HrEventType, hrEventKeys, hrEventSchema } from './model.js';

/** How each key's string values are checked; keys not listed are refused as unknown anyway. */
const EVENT_KEY_KINDS: Readonly<Record<string, FieldKind>> = {
  id: 'id',
  type: 'id',
  employeeId: 'id',
  effectiveDate: 'id',
  email: 'id',
  name: 'name',
  workerType: 'id',
  department: 'name',
  managerEmail: 'id',
  contractEndDate: 'id',
  aliases: 'id',
  reason: 'text',
};

/** Keys stored in NFKC, so that what a person reads is what nhiscan matches. */
const IDENTIFIER_KEYS: ReadonlySet<string> = new Set([
  'id',
  'employeeId',
  'email',
  'managerEmail',
  'aliases',
]);

export function parseHrEvents(text: string, file: string): HrEvent[] {
  const events: HrEvent[] = [];
  const errors = new ErrorList(file);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const { problem, column } = lineSyntaxProblem(error as SyntaxError, line);
      errors.add(`not valid JSON: ${problem}`, {
        line: lineNumber,
        ...(column === undefined ? {} : { column }),
      });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.add(`expected a JSON object (one event per line), got ${describeJsonValue(value)}`, {
        line: lineNumber,
      });
      continue;
    }
    const duplicated = duplicateJsonKeys(line);
    for (const { path, column } of duplicated) {
      const key = path.at(-1) as string;
      const shown = shownName(key);
      errors.add(
        `the key ${shown ?? hiddenName(key)} appears twice in this event; each key may appear once (a JSON reader would silently keep only the last)`,
        { line: lineNumber, column, ...(shown === null || path.length > 1 ? {} : { key: keyPath(path) }) },
      );
    }
    const record = value as Record<string, unknown>;
    // The input limits first: a value holding a secret is named as one, whatever else is wrong with it.
    const refused = checkEvent(record, lineNumber, errors);
    const event = reportSchema(record, refused, lineNumber, errors);
    if (event && duplicated.length === 0 && refused.size === 0) events.push(event);
  }
  errors.throwIfAny();
  return events;
}

/**
 * Holds every string of the event's known keys to the input limits, reporting each problem, and
 * puts the identifiers into NFKC in place. Returns the keys refused.
 */
function checkEvent(record: Record<string, unknown>, line: number, errors: ErrorList): Set<string> {
  const refused = new Set<string>();
  for (const [key, value] of Object.entries(record)) {
    const kind = Object.hasOwn(EVENT_KEY_KINDS, key) ? EVENT_KEY_KINDS[key]! : undefined;
    if (kind === undefined) continue;
    const check = (item: string, path: string): string => {
      const problem = inputProblem(item, kind);
      if (problem) {
        refused.add(key);
        errors.add(`the value ${problem}`, { line, key: path });
        return item;
      }
      return IDENTIFIER_KEYS.has(key) ? normalizeIdentifierInput(item) : item;
    };
    if (typeof value === 'string') record[key] = check(value, key);
    else if (Array.isArray(value))
      record[key] = value.map((item: unknown, position) =>
        typeof item === 'string' ? check(item, `${key}[${position}]`) : item,
      );
  }
  return refused;
}

/** The event, or undefined with the schema's problems reported (except those of refused keys). */
function reportSchema(
  record: Record<string, unknown>,
  refused: ReadonlySet<string>,
  line: number,
  errors: ErrorList,
): HrEvent | undefined {
  const result = hrEventSchema.safeParse(record);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const type = record.type as HrEventType;
      for (const key of issue.keys) {
        const shown = shownName(key);
        errors.add(
          `unknown key${shown === null ? ` ${hiddenName(key)}` : ''}; a ${type} event has keys ${hrEventKeys(type).join(', ')}`,
          { line, ...(shown === null ? {} : { key }) },
        );
      }
      continue;
    }
    const key = keyPath(issue.path) || 'type';
    if (refused.has(String(issue.path[0] ?? 'type'))) continue;
    const found = issue.path.length === 0 ? record.type : valueAt(record, issue.path);
    errors.add(`${issue.message}, got ${describeJsonValue(found)}${caseHint(found, allowedValues(issue))}`, {
      line,
      key,
    });
  }
  return undefined;
}

/** The JSON.parse problem, and its 1-based column on the line when it gives an offset. */
function lineSyntaxProblem(error: SyntaxError, line: string): { problem: string; column?: number } {
  const { problem, offset } = jsonSyntaxProblem(error, line);
  return offset === undefined ? { problem } : { problem, column: offset + 1 };
}
