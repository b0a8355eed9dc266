/**
 * The fixed-code deflater (src/store/fixed-deflate.ts) against zlib as the oracle: every output is
 * a raw deflate stream that zlib inflates, against the preset followed by the key, to exactly the
 * input; long runs, far references into the preset, the key repeated, empty and maximal inputs.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXED_DEFLATE_MAX_INPUT, fixedDeflater } from '../../src/store/fixed-deflate.js';
import { STORED_TEXT_DICTIONARY } from '../../src/store/stored-text-dictionary.js';
import { credential, owner } from '../support/builders.js';

const preset = Buffer.from(STORED_TEXT_DICTIONARY, 'utf8');
const deflater = fixedDeflater(preset);
const roundTrip = (text: Buffer, key: Buffer) =>
  inflateRawSync(deflater.deflate(text, key), { dictionary: Buffer.concat([preset, key]) });

let seed = 3;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const randomBytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));

describe('fixed-code deflate', () => {
  it('inflates, with zlib, to exactly its input: text from the preset, the key, runs and noise', () => {
    for (let i = 0; i < 400; i++) {
      const key = Buffer.from(`aws:${100_000_000_000 + i}:access-key:AKIA${i}`);
      const parts: Buffer[] = [];
      for (let part = 0; part < Math.floor(random() * 30); part++) {
        const pick = random();
        const at = Math.floor(random() * preset.length);
        if (pick < 0.4) parts.push(preset.subarray(at, at + Math.floor(random() * 300)));
        else if (pick < 0.55) parts.push(key);
        else if (pick < 0.7)
          parts.push(Buffer.alloc(Math.floor(random() * 700), 'x')); // runs past 258
        else parts.push(randomBytes(Math.floor(random() * 40)));
      }
      const text = Buffer.concat(parts).subarray(0, FIXED_DEFLATE_MAX_INPUT - key.length);
      expect(roundTrip(text, key).equals(text)).toBe(true);
    }
  });

  it('handles the empty text, an empty key, and the largest input it takes', () => {
    expect(roundTrip(Buffer.alloc(0), Buffer.from('E1')).length).toBe(0);
    const text = Buffer.from('{"externalId":"AKIAB","status":"active"}');
    expect(roundTrip(text, Buffer.alloc(0)).equals(text)).toBe(true);
    const key = Buffer.from('k');
    const largest = randomBytes(FIXED_DEFLATE_MAX_INPUT - key.length);
    expect(roundTrip(largest, key).equals(largest)).toBe(true);
    expect(() => deflater.deflate(Buffer.alloc(FIXED_DEFLATE_MAX_INPUT), key)).toThrow(RangeError);
  });

  it('writes one final block with the fixed codes, about as small as zlib on stored documents', () => {
    let ours = 0;
    let zlibs = 0;
    for (let i = 0; i < 200; i++) {
      const row = credential(`AKIA${i}`, { ownerSignals: [owner(`person${i}@acme.example`)] });
      const text = Buffer.from(JSON.stringify(row));
      const key = Buffer.from(row.uid);
      const deflated = deflater.deflate(text, key);
      expect(deflated[0]! & 0b111).toBe(0b011); // BFINAL 1, BTYPE 01
      ours += deflated.length;
      zlibs += deflateRawSync(text, { dictionary: Buffer.concat([preset, key]) }).length;
    }
    expect(ours / zlibs).toBeLessThan(1.05);
  });
});
