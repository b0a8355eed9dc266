/**
 * CSV text → a header and records that remember the physical line they start on (the header is
 * line 1). RFC 4180 quoting; LF, CRLF or CR line ends; blank lines skipped. Broken quoting is
 * fatal and reported with the line and column where it happens.
 */
import { type CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  /** Cells, trimmed. */
  fields: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

function newlinesIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/** `text` is decoded, without a byte-order mark, and not blank. */
export function readCsvTable(text: string, file: string): CsvTable {
  // One line-end convention, so csv-parse's line count is the physical line count whatever the file used.
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let header: string[] | undefined;
  let lastLine = 0;
  let records: CsvRecord[];
  try {
    records = parse(normalized, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (fields: string[], context) => {
        header ??= fields;
        lastLine = context.lines;
        return { line: context.lines - newlinesIn(fields), fields };
      },
    }) as unknown as CsvRecord[];
  } catch (error) {
    throw quotingError(error as CsvError, { normalized, header, lastLine, file });
  }
  const [first, ...rest] = records;
  return { header: first?.fields ?? [], records: rest };
}

function quotingError(
  error: CsvError,
  at: { normalized: string; header: string[] | undefined; lastLine: number; file: string },
): InputError {
  const index = typeof error.index === 'number' ? error.index : undefined;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const column = index === undefined ? undefined : (at.header?.[index] ?? index + 1);
  const advice = 'quote the whole field and double any quote inside it ("")';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // csv-parse reports the end of the file; the user needs the record where the quote opened.
      return new InputError(
        'a quoted field is never closed (check for a stray double quote); everything after it was read as one field',
        { file: at.file, line: recordStartAfter(at.normalized, at.lastLine), column },
        { cause: error },
      );
    case 'INVALID_OPENING_QUOTE':
      return new InputError(
        `a double quote inside an unquoted field; ${advice}`,
        { file: at.file, line, column },
        { cause: error },
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new InputError(
        `text after the closing double quote of a field; ${advice}`,
        { file: at.file, line, column },
        { cause: error },
      );
    default:
      return new InputError(
        `not valid CSV: ${error.message}`,
        { file: at.file, line },
        { cause: error },
      );
  }
}

/** The first non-blank line after line `lastLine` (1-based). */
function recordStartAfter(text: string, lastLine: number): number {
  const lines = text.split('\n');
  let index = lastLine;
  while (index < lines.length - 1 && lines[index]!.trim() === '') index++;
  return index + 1;
}
