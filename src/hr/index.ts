/**
 * HR import: a CSV or JSON roster → validated people. Any error rejects the whole file: a
 * truncated or malformed export must never make people look like leavers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import { ErrorList } from './errors.js';
import { readHrCsv } from './read-csv.js';
import { readHrJson } from './read-json.js';
import { validateRoster } from './validate-roster.js';

export interface HrSnapshot {
  people: Person[];
  /** The file as the user named it. */
  source: string;
  /** sha256 of the raw bytes: the same export imports to the same snapshot. */
  sha256: string;
  /** Records read (rows of a CSV, elements of a JSON array); equals people.length. */
  rowCount: number;
}

export type HrFormat = 'csv' | 'json';

/** The format named by the file's extension (`.csv`, `.json`, any case). */
export function hrFormatOf(file: string): HrFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new InputError(
    `unsupported HR file type ${JSON.stringify(extension || '(none)')}; expected .csv or .json`,
    { file },
  );
}

/** Reads and validates an HR file; throws InputError / InputErrors (exit 2) naming the file, line and column. */
export function parseHrFile(file: string): HrSnapshot {
  const format = hrFormatOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'HR file not found'
        : code === 'EISDIR'
          ? 'is a directory, not an HR file'
          : `cannot read HR file (${code ?? String(error)})`;
    throw new InputError(problem, { file }, { cause: error });
  }
  return parseHrContent(bytes, file, format);
}

/** Validates HR content already in memory; `fileName` is used in messages and as the snapshot's source. */
export function parseHrContent(bytes: Uint8Array, fileName: string, format: HrFormat): HrSnapshot {
  const errors = new ErrorList(fileName);
  const records = format === 'csv' ? readHrCsv(bytes, errors) : readHrJson(bytes, errors);
  validateRoster(records, errors);
  errors.throwIfAny();
  return {
    people: records.map((record) => record.person),
    source: fileName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rowCount: records.length,
  };
}
