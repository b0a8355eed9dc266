/**
 * Reads a UTF-8 CSV file with a header row into rows that remember their line numbers.
 * Handles a byte-order mark, CRLF and RFC 4180 quoting; rejects text that is not UTF-8, broken
 * quoting and rows with the wrong number of fields, naming the file, line and column. Messages
 * never quote a cell: a column name is checked (src/core/field-check.ts) before it is named.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from './errors.js';
import { checkField, controlCharacterProblem } from './input-limits.js';
import { redactSecrets } from './secret-detector.js';

export interface CsvRow {
  /** 1-based line on which the record starts (the header is line 1). */
  line: number;
  /** Trimmed cell values keyed by header column. */
  cells: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    let line = 1;
    for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
    const value = bytes[offset] ?? 0;
    throw new InputError(
      `not UTF-8 text (byte 0x${value.toString(16).padStart(2, '0')} at offset ${offset} is not valid UTF-8); save the file as UTF-8`,
      { file, line },
    );
  }
}

/**
 * Offset of the first byte that does not start or continue a valid UTF-8 sequence: overlong
 * forms, encoded surrogates (a lone surrogate written as UTF-8) and code points past U+10FFFF
 * included, as the decoder refuses them.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return index;
    // The second byte's range is narrower after these leads (RFC 3629, section 4).
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
      if (next === 1 && (byte < low || byte > high)) return index;
    }
    index += length;
  }
  return Math.max(0, bytes.length - 1);
}

/** csv-parse's message without the field value some of its messages quote, nor any secret. */
function csvParserProblem(message: string): string {
  return redactSecrets(message.replace(/,? value is ".*$/s, '')).text;
}

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
  column?: number | string;
}

export function parseCsv(bytes: Uint8Array, file: string): CsvTable {
  if (bytes.length === 0)
    throw new InputError('the file is empty (0 bytes); expected a header row', { file });
  // csv-parse counts a CRLF inside a quoted field as two lines, which would shift the line number
  // of every later row: normalise line ends first (only line breaks inside quoted cells change).
  const text = decodeUtf8(bytes, file)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const csvError = error as CsvParseError;
    const problem =
      csvError.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed (check for a stray double quote)'
        : csvError.code === 'CSV_INVALID_CLOSING_QUOTE' || csvError.code === 'INVALID_OPENING_QUOTE'
          ? 'a quote in the middle of a field; quote the whole field and double any quote inside it ("")'
          : `not valid CSV: ${csvParserProblem(csvError.message)}`;
    // Not the parser's error as cause: its message quotes the field.
    throw new InputError(problem, { file, line: csvError.lines });
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord)
    throw new InputError('no header row; expected a header row naming the columns', { file });
  const header = headerRecord.record.map((cell) => cell.trim());
  const errors: InputError[] = [];
  const seen = new Set<string>();
  for (const [index, column] of header.entries()) {
    const problem = checkField(column, 'id') ?? controlCharacterProblem(column);
    if (problem)
      errors.push(new InputError(`this column name ${problem}`, { file, line: 1, column: index + 1 }));
    else if (!column) errors.push(new InputError('empty column name in the header row', { file, line: 1 }));
    else if (seen.has(column))
      errors.push(new InputError(`column ${column} appears twice in the header row`, { file, line: 1 }));
    seen.add(column);
  }
  if (errors.length > 0) throw errors[0];
  const rows: CsvRow[] = [];
  let previousEnd = headerRecord.info.lines;
  for (const { record, info } of body) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.length !== header.length) {
      throw new InputError(`expected ${header.length} fields as in the header row, found ${record.length}`, {
        file,
        line,
      });
    }
    const cells: Record<string, string> = {};
    for (let index = 0; index < header.length; index++) cells[header[index]!] = record[index]!.trim();
    rows.push({ line, cells });
  }
  return { header, rows };
}

/** Checks the header against the known columns: every required one present, nothing unknown. */
export function checkColumns(
  header: readonly string[],
  columns: { required: readonly string[]; optional: readonly string[] },
  file: string,
): void {
  const known = new Set([...columns.required, ...columns.optional]);
  const unknown = header.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; expected columns: ${[...columns.required, ...columns.optional].join(', ')}`,
      { file, line: 1 },
    );
  }
  const missing = columns.required.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new InputError(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, {
      file,
      line: 1,
    });
  }
}
