import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../scanners/inventory-file/inventory.js';
import { parseInventoryCsv } from '../../../scanners/inventory-file/parse.js';

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department';
const bytes = (text: string) => Buffer.from(text, 'utf8');
const context = { file: 'inv.csv', sourceName: 'sheet' };
const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('inventory CSV parsing', () => {
  it('accepts columns in any order and missing optional columns', () => {
    expect(
      parseInventoryCsv(bytes('credential_id,kind,account,provider\nk1,token,acme,x\n'), 'inv.csv'),
    ).toEqual([{ line: 2, cells: { credential_id: 'k1', kind: 'token', account: 'acme', provider: 'x' } }]);
  });

  it('handles a byte-order mark, CRLF, quoted fields with commas, quotes and newlines', () => {
    const text = `\uFEFF${HEADER}\r\nx,acme,token,k1,,"ann@acme.example",,,,,,"Data, ""core"""\r\nx,acme,token,k2,,,,,,,,"two\r\nlines"\r\nx,acme,token,k3,,bo@acme.example,,,,,,\r\n`;
    const { credentials } = parseInventory(bytes(text), context);
    expect(credentials.map((credential) => [credential.externalId, credential.department])).toEqual([
      ['k1', 'Data, "core"'],
      ['k2', 'two\nlines'],
      ['k3', null],
    ]);
    // A record spanning two lines moves the next record's line number.
    expect(
      credentials.flatMap((credential) => credential.ownerSignals.map((signal) => signal.source)),
    ).toEqual(['inventory-file:sheet:line 2', 'inventory-file:sheet:line 5']);
    expect(parseInventoryCsv(bytes(text), 'inv.csv').map((row) => row.line)).toEqual([2, 3, 5]);
  });

  it('accepts a header-only file as an empty inventory', () => {
    expect(parseInventory(bytes(`${HEADER}\n`), context)).toEqual({ credentials: [], principals: new Map() });
  });

  it('rejects a zero-byte file (a failed export) and a blank one', () => {
    expect(errorOf(() => parseInventory(bytes(''), context))).toBe(
      'inv.csv: the file is empty (0 bytes); expected a header row',
    );
    expect(errorOf(() => parseInventory(bytes('\n\n'), context))).toBe(
      'inv.csv: no header row; expected a header row naming the columns',
    );
  });

  it('rejects text that is not UTF-8, naming the line', () => {
    const latin1 = Buffer.concat([
      bytes(`${HEADER}\nx,acme,token,k1,,ren`),
      Buffer.from([0xe9]),
      bytes('@acme.example,,,,,,\n'),
    ]);
    expect(errorOf(() => parseInventory(latin1, context))).toBe(
      'inv.csv, line 2: not UTF-8 text (byte 0xe9 at offset 136 is not valid UTF-8); save the file as UTF-8',
    );
  });

  it('rejects unknown and missing columns', () => {
    expect(
      errorOf(() => parseInventory(bytes('provider,account,kind,credential_id,secret\n'), context)),
    ).toBe(
      'inv.csv, line 1: unknown column secret; expected columns: provider, account, kind, credential_id, principal, owner, created_at, last_used_at, expires_at, status, privileged, department',
    );
    expect(errorOf(() => parseInventory(bytes('provider,account,owner\n'), context))).toBe(
      'inv.csv, line 1: missing required columns kind, credential_id',
    );
  });

  it('rejects a row with the wrong number of fields and broken quoting', () => {
    expect(errorOf(() => parseInventory(bytes(`${HEADER}\nx,acme,token,k1\n`), context))).toBe(
      'inv.csv, line 2: expected 12 fields as in the header row, found 4',
    );
    expect(errorOf(() => parseInventory(bytes(`${HEADER}\nx,acme,token,"k1,,,,,,,,\n`), context))).toBe(
      'inv.csv, line 2: a quoted field is never closed (check for a stray double quote)',
    );
  });

  it('rejects a duplicate credential, naming both lines (provider case does not matter)', () => {
    const text = `${HEADER}\nx,acme,token,k1,,,,,,,,\nx,acme,token,k2,,,,,,,,\nX,acme,token,k1,,,,,,,,\n`;
    expect(errorOf(() => parseInventory(bytes(text), context))).toBe(
      'inv.csv, line 4, column credential_id: duplicate credential x:acme:token:k1 (also on line 2); each provider, account, kind and credential_id may appear once',
    );
  });

  it('reports every bad row at once', () => {
    const text = `${HEADER}\nx,acme,token,k1,,,bad,,,,,\nx,acme,token,k2,,,,,,,,\nx,acme,token,k3,,,,,,gone,,\n`;
    expect(errorOf(() => parseInventory(bytes(text), context))).toBe(
      [
        '2 input errors:',
        '  - inv.csv, line 2, column created_at: expected an ISO 8601 date such as 2026-11-26, got "bad"',
        '  - inv.csv, line 4, column status: expected active, inactive or expired (empty = active), got "gone"',
      ].join('\n'),
    );
  });

  it('keeps one principal per uid', () => {
    const text = `${HEADER}\nx,acme,token,k1,svc,,,,,,,\nx,acme,token,k2,svc,,,,,,,\nx,other,token,k3,svc,,,,,,,\n`;
    expect([...parseInventory(bytes(text), context).principals.keys()]).toEqual([
      'x:acme:principal:svc',
      'x:other:principal:svc',
    ]);
  });
});
