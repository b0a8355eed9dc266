/**
 * HR import: a CSV or JSON roster → validated people. Any error rejects the whole file: a
 * truncated or malformed export must never make people look like leavers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { decodeUtf8 } from '../core/csv.js';
import { InputError, InputErrors } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { readHrCsv } from './read-csv.js';
import { readHrJson } from './read-json.js';
import { validateRoster } from './validate-roster.js';

export interface HrSnapshot {
  people: Person[];
  /** The file as the user named it. */
  source: string;
  /** sha256 of the raw bytes: the same export imports to the same snapshot. */
  sha256: string;
  rowCount: number;
}

export type HrFormat = 'csv' | 'json';

export function hrFormatOf(file: string): HrFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new InputError(
    `unsupported HR file type ${JSON.stringify(extension || '(none)')}; expected .csv or .json`,
    { file },
  );
}

export function parseHrFile(file: string): HrSnapshot {
  const format = hrFormatOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'HR file not found' : `cannot read HR file (${code ?? String(error)})`,
      { file },
    );
  }
  return parseHrContent(bytes, file, format);
}

export function parseHrContent(bytes: Uint8Array, file: string, format: HrFormat): HrSnapshot {
  const { people: records, errors } =
    format === 'csv'
      ? readHrCsv(bytes, file)
      : readHrJson(decodeUtf8(bytes, file).replace(/^\uFEFF/, ''), file);
  errors.push(...validateRoster(records, file));
  if (errors.length > 0) throw new InputErrors(errors);
  if (records.length === 0) {
    throw new InputError(
      'no people in the HR file; an empty roster is refused (a truncated export must not make everyone a leaver)',
      { file },
    );
  }
  return {
    people: records.map((record) => record.person),
    source: file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rowCount: records.length,
  };
}
