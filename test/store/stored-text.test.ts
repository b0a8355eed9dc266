/**
 * The stored form of the large JSON columns (src/store/stored-text.ts): deflate against the preset
 * dictionary and the row's key, read back byte for byte; TEXT from before migration 15 passes
 * through; the SQL function `stored_text` reads both forms, so json_extract keeps working.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/index.js';
import { decodeStoredText, encodeStoredText, storeText } from '../../src/store/stored-text.js';
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

  it('reads every deflate block type against the dictionary as zlib does (stored, fixed, dynamic; near and far references)', () => {
    const dictionaryOf = (rowKey: string) => Buffer.from(STORED_TEXT_DICTIONARY + rowKey, 'utf8');
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    // Text cut from the dictionary (references up to 32 KiB back into it), the key, and noise.
    const documentOf = (rowKey: string) => {
      const parts: string[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 40); i++) {
        const at = Math.floor(random() * STORED_TEXT_DICTIONARY.length);
        const pick = random();
        if (pick < 0.5) parts.push(STORED_TEXT_DICTIONARY.slice(at, at + Math.floor(random() * 200)));
        else if (pick < 0.7) parts.push(rowKey);
        else
          parts.push(
            String.fromCharCode(...Array.from({ length: 12 }, () => 32 + Math.floor(random() * 0x3000))),
          );
      }
      return parts.join('');
    };
    for (let i = 0; i < 300; i++) {
      const rowKey = `aws:${100_000_000_000 + i}:access-key:AKIA${i}`;
      const text = documentOf(rowKey);
      for (const level of [0, 1, 9]) {
        const stored = deflateRawSync(Buffer.from(text, 'utf8'), { level, dictionary: dictionaryOf(rowKey) });
        expect(decodeStoredText(stored, rowKey)).toBe(text);
      }
      // What this module writes, zlib reads: the format is plain raw deflate.
      const written = encodeStoredText(text, rowKey);
      expect(inflateRawSync(written, { dictionary: dictionaryOf(rowKey) }).toString('utf8')).toBe(text);
    }
  });

  it('reads a document larger than the reused inflate buffer whole, and rejects a cut-off value', () => {
    const large = JSON.stringify({
      items: Array.from({ length: 40_000 }, (_, i) => `AKIA${i}:${(i * 7919) % 10_007}`),
    });
    expect(Buffer.byteLength(large)).toBeGreaterThan(256 * 1024);
    const stored = encodeStoredText(large, key);
    expect(decodeStoredText(stored, key)).toBe(large);
    expect(() => decodeStoredText(stored.subarray(0, stored.length - 10), key)).toThrow();
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

    it('storeText deflates on SQLite: its bytes read back as the text', () => {
      const text = JSON.stringify({ employeeId: 'E1', email: 'ann@acme.example' });
      const stored = storeText(db, text, 'E1');
      expect(Buffer.isBuffer(stored)).toBe(true);
      expect(decodeStoredText(stored, 'E1')).toBe(text);
    });

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
