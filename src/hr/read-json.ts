/** HR JSON (an array of camelCase records) → validated records with their positions. */
import { InputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { personSchema } from './person-schema.js';
import type { LocatedPerson } from './validate-roster.js';

function positionOf(text: string, message: string): { line?: number; column?: number } {
  const match = /position (\d+)/.exec(message);
  if (!match) return {};
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function readHrJson(text: string, file: string): { people: LocatedPerson[]; errors: InputError[] } {
  if (text.trim() === '')
    throw new InputError('the file is empty; expected a JSON array of people', { file });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError(`not valid JSON: ${message}`, { file, ...positionOf(text, message) });
  }
  if (!Array.isArray(data))
    throw new InputError('expected a JSON array of people at the top level', { file });
  const people: LocatedPerson[] = [];
  const errors: InputError[] = [];
  data.forEach((item, index) => {
    const parsed = personSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const segments =
          issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
        const path = segments
          .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`))
          .join('');
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; expected the camelCase fields of docs/hr-format.md`
            : issue.message;
        errors.push(new InputError(message, { file, key: `[${index}]${path}` }));
      }
      return;
    }
    people.push({ person: parsed.data as Person, where: `[${index}]`, line: undefined, index });
  });
  return { people, errors };
}
