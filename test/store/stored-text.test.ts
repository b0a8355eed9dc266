/**
 * The stored form of the large JSON columns (src/store/stored-text.ts): deflate against the preset
 * dictionary and the row's key, read back byte for byte; TEXT from before migration 15 passes
 * through; the SQL function `stored_text` reads both forms, so json_extract keeps working.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/index.js';
import { decodeStoredText, encodeStoredText } from '../../src/store/stored-text.js';
import { STORED_TEXT_DICTIONARY } from '../../src/store/stored-text-dictionary.js';
import { credential, owner } from '../support/builders.js';

const key = credential('AKIAB').uid;
const json = JSON.stringify(
  credential('AKIAB', { ownerSignals: [owner('ünïcode "quoted" ⟦since 2026-08-01⟧')] }),
);

describe('stored text', () => {
  it('reads back exactly the text written, for any key, and is smaller than the text', () => {
    for (const [text, rowKey] of [
      [json, key],
      ['[]', 'aws:1:access-key:A'],
      ['', 'E100001'],
      ['{"name":"Zoë 王"}', 'gcp:projekt-ü:user:zoë@example.com'],
    ] as const) {
      const stored = encodeStoredText(text, rowKey);
      expect(Buffer.isBuffer(stored)).toBe(true);
      expect(decodeStoredText(stored, rowKey)).toBe(text);
    }
    expect(encodeStoredText(json, key).length).toBeLessThan(Buffer.byteLength(json) / 2);
  });

  it('passes text stored before migration 15 through as it is', () => {
    expect(decodeStoredText(json, key)).toBe(json);
    expect(decodeStoredText('[]', 'any')).toBe('[]');
  });

  it('still reads a value written by migration 15 (the dictionary and the format are fixed)', () => {
    // Written by encodeStoredText when migration 15 was made. If this fails, stored rows are
    // unreadable: restore the dictionary, or add a migration that re-encodes every stored value.
    expect(decodeStoredText(Buffer.from('wxI3TlgK6VoA', 'base64'), 'aws:111122223333:access-key:AKIAB')).toBe(
      '{"externalId":"AKIAB","status":"active"}',
    );
    expect({
      sha256: createHash('sha256').update(STORED_TEXT_DICTIONARY).digest('hex'),
      length: STORED_TEXT_DICTIONARY.length,
    }).toEqual({ sha256: '574f1bf78adbe1e6e0eb47ddb71cacf77ffb8c30cc5af3047c532cea6a2d7ab0', length: 7219 });
  });

  describe('in SQL', () => {
    let db: Db;
    beforeEach(() => {
      db = openDatabase(':memory:');
    });
    afterEach(() => db.close());
    const value = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params);

    it('stored_text reads both forms and NULL, and json_extract and json_each read its result', () => {
      const blob = encodeStoredText(json, key);
      expect(value('SELECT stored_text(?, ?)', blob, key)).toBe(json);
      expect(value('SELECT stored_text(?, ?)', json, key)).toBe(json);
      expect(value('SELECT stored_text(NULL, ?)', key)).toBeNull();
      expect(value("SELECT json_extract(stored_text(?, ?), '$.externalId')", blob, key)).toBe('AKIAB');
      expect(
        value(
          "SELECT json_extract(value, '$.value') FROM json_each(stored_text(?, ?), '$.ownerSignals')",
          blob,
          key,
        ),
      ).toBe('ünïcode "quoted" ⟦since 2026-08-01⟧');
    });

    it('stored_text_encode writes what stored_text and decodeStoredText read', () => {
      const stored = value('SELECT stored_text_encode(?, ?)', json, key) as Buffer;
      expect(Buffer.isBuffer(stored)).toBe(true);
      expect(decodeStoredText(stored, key)).toBe(json);
      expect(value('SELECT stored_text(stored_text_encode(?, ?), ?)', json, key, key)).toBe(json);
    });

    it('refuses arguments of the wrong type with a clear error', () => {
      expect(() => value('SELECT stored_text(1, ?)', key)).toThrow(
        'stored_text: expected a TEXT or BLOB value, got number',
      );
      expect(() => value('SELECT stored_text(?, 7)', json)).toThrow(
        "stored_text: expected the row's key as TEXT, got number",
      );
      expect(() => value('SELECT stored_text_encode(?, ?)', Buffer.from('x'), key)).toThrow(
        'stored_text_encode: expected a TEXT value, got object',
      );
    });
  });
});
