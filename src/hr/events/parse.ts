/**
 * Reads NDJSON HR events. Every line is validated before anything is stored: one bad line rejects
 * the whole batch with its line number and key, so nothing is half-applied.
 */
import { InputError, InputErrors } from '../../core/errors.js';
import { type HrEvent, hrEventSchema } from './model.js';

export function parseHrEvents(text: string, file: string): HrEvent[] {
  const events: HrEvent[] = [];
  const errors: InputError[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push(new InputError(`not valid JSON: ${(error as Error).message}`, { file, line: lineNumber }));
      continue;
    }
    const result = hrEventSchema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3)) {
        const key = issue.path.filter((part) => typeof part !== 'symbol').join('.') || 'type';
        const message =
          issue.code === 'invalid_union'
            ? `expected type one of hire, transfer, terminate, rehire, contract-extend`
            : issue.message;
        errors.push(new InputError(message, { file, line: lineNumber, key }));
      }
      continue;
    }
    events.push(result.data);
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0]! : new InputErrors(errors);
  return events;
}
