import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/hr/csv-records.js';
import { messageOf } from './support.js';

/** The header and the records after it, as a list. */
function table(text: string) {
  const all: { line: number; fields: string[] }[] = [];
  readCsvRecords(text, 'hr.csv', (fields, line) => all.push({ line, fields }));
  const [header, ...records] = all;
  return { header: header?.fields ?? [], headerLine: header?.line, records };
}

describe('readCsvRecords', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes', () => {
    const { header, records } = table('a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",z\n');
    expect(header).toEqual(['a', 'b', 'c']);
    expect(records).toEqual([
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', 'z'] },
    ]);
  });

  it('gives each record the line it starts on, after multi-line fields and blank lines', () => {
    const text = '\n\na,b\n\n1,"x\ny\nz"\n   \n\n2,w\n3,"p\r\nq"\n4,v';
    const { headerLine, records } = table(text);
    expect(headerLine).toBe(3);
    expect(records.map((record) => record.line)).toEqual([5, 10, 11, 13]);
  });

  it('takes LF, CRLF and CR line ends alike, reading a line break inside quotes as LF', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const { header, records } = table(['a,b', '1,2', '', '3,"x', 'y"', '5,6', ''].join(end));
      expect(header).toEqual(['a', 'b']);
      expect(records).toEqual([
        { line: 2, fields: ['1', '2'] },
        { line: 4, fields: ['3', 'x\ny'] },
        { line: 6, fields: ['5', '6'] },
      ]);
    }
  });

  it('trims cells, keeps empty ones, and needs no final line end', () => {
    expect(table('a,b,c\n 1 ,  "  two " ,\n,,').records).toEqual([
      { line: 2, fields: ['1', 'two', ''] },
      { line: 3, fields: ['', '', ''] },
    ]);
  });

  it('keeps rows of any length for the caller to check', () => {
    expect(table('a,b\n1\n1,2,3\n').records.map((record) => record.fields.length)).toEqual([1, 3]);
  });

  it('reports a quote that is never closed at the line and column where it opens', () => {
    const text = 'name,email\nAnn,ann@x\n"Bo,bo@x\nCy,cy@x\nDi,di@x\n';
    expect(messageOf(() => table(text))).toBe(
      'hr.csv, line 3, column name: a quoted field is never closed (check for a stray double quote); everything after it was read as one field',
    );
    expect(messageOf(() => table('a,"b\n1,2\n'))).toBe(
      'hr.csv, line 1, column 2: a quoted field is never closed (check for a stray double quote); everything after it was read as one field',
    );
  });

  it('reports a quote inside an unquoted field, and text after a closing quote', () => {
    expect(messageOf(() => table('a,name\n1,"multi\nline"\n2,Bo "B" Jones\n'))).toBe(
      'hr.csv, line 4, column name: a double quote inside an unquoted field; quote the whole field and double any quote inside it ("")',
    );
    expect(messageOf(() => table('a,name\n1,"Bo" Jones\n'))).toBe(
      'hr.csv, line 2, column name: text after the closing double quote of a field; quote the whole field and double any quote inside it ("")',
    );
  });

  it('agrees with csv-parse on generated tables', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ['a', 'b', 'é', ' ', ',', '"', '\n', '\r\n', ';', 'x y'];
    const cell = () => {
      const length = Math.floor(random() * 5);
      let value = '';
      for (let index = 0; index < length; index++) value += pieces[Math.floor(random() * pieces.length)];
      return value;
    };
    const encode = (value: string) =>
      /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    for (let round = 0; round < 200; round++) {
      const end = random() < 0.5 ? '\n' : '\r\n';
      const width = 2 + Math.floor(random() * 4);
      const rows = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        Array.from({ length: width }, cell),
      );
      const lines = rows.map((row) => row.map(encode).join(','));
      const text = lines.join(end);
      const startLines = lines.map(
        (_, index) =>
          1 + lines.slice(0, index).reduce((sum, line) => sum + 1 + line.split('\n').length - 1, 0),
      );
      const expected = (parse(text, { relax_column_count: true, record_delimiter: end }) as string[][]).map(
        (row) => row.map((value) => value.replaceAll('\r\n', '\n').trim()),
      );
      const { header, records } = table(text);
      expect([header, ...records.map((record) => record.fields)]).toEqual(expected);
      expect(records.map((record) => record.line)).toEqual(startLines.slice(1));
    }
  });
});
