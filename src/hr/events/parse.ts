/**
 * Reads NDJSON HR events. Every line is validated before anything is stored: one bad line rejects
 * the whole batch, each problem named by line and key with what was expected and what was found,
 * so nothing is half-applied.
 */
import { jsonSyntaxProblem } from '../../core/json-syntax.js';
import { allowedValues, caseHint, describeJsonValue } from '../describe-value.js';
import { ErrorList } from '../errors.js';
import { keyPath, valueAt } from '../json-path.js';
import { type HrEvent, type HrEventType, hrEventKeys, hrEventSchema } from './model.js';

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
    const record = value as Record<string, unknown>;
    const result = hrEventSchema.safeParse(record);
    if (result.success) {
      events.push(result.data);
      continue;
    }
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const type = record.type as HrEventType;
        for (const key of issue.keys) {
          errors.add(`unknown key; a ${type} event has keys ${hrEventKeys(type).join(', ')}`, {
            line: lineNumber,
            key,
          });
        }
        continue;
      }
      const key = keyPath(issue.path) || 'type';
      const found = issue.path.length === 0 ? record.type : valueAt(record, issue.path);
      errors.add(
        `${issue.message}, got ${describeJsonValue(found)}${caseHint(found, allowedValues(issue))}`,
        {
          line: lineNumber,
          key,
        },
      );
    }
  }
  errors.throwIfAny();
  return events;
}

/** The JSON.parse problem, and its 1-based column on the line when it gives an offset. */
function lineSyntaxProblem(error: SyntaxError, line: string): { problem: string; column?: number } {
  const { problem, offset } = jsonSyntaxProblem(error, line);
  return offset === undefined ? { problem } : { problem, column: offset + 1 };
}
