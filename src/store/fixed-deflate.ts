/**
 * Raw deflate (RFC 1951) of short texts against a preset dictionary, in one block with the fixed
 * Huffman codes (BTYPE 01): what zlib itself chooses for about 95% of the stored rows, which are a
 * few hundred bytes. Written for the stored-text columns (stored-text.ts): zlib's per-call set-up
 * (a stream object, a 16 KiB output chunk, hashing the 7 KiB dictionary again) costs more than the
 * compression itself there.
 *
 * The dictionary's hash chains are built once; each call adds the row's key and text on top, in
 * tables that a generation number resets without clearing. Matches are found greedily with one step
 * of lazy evaluation, as zlib's default level does, over at most MAX_CHAIN candidates.
 *
 * Invariant: the output is a complete raw deflate stream whose inflation against the same
 * dictionary (the preset bytes followed by the key) is exactly the input. stored-text.ts checks
 * every output by inflating it before storing it, and falls back to zlib on any difference.
 */

const WINDOW = 32_768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const MAX_CHAIN = 48;
const NICE_MATCH = 96;
/** Texts longer than this (key included) are left to zlib. */
export const FIXED_DEFLATE_MAX_INPUT = 16_384;

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

const reverse = (code: number, bits: number) => {
  let reversed = 0;
  for (let i = 0; i < bits; i++) reversed |= ((code >> i) & 1) << (bits - 1 - i);
  return reversed;
};

/** The fixed literal/length code of each symbol 0–287 (RFC 1951 3.2.6), bit-reversed for writing. */
const SYMBOL_CODE = new Uint16Array(288);
const SYMBOL_BITS = new Uint8Array(288);
for (let symbol = 0; symbol < 288; symbol++) {
  const [code, bits] =
    symbol < 144
      ? [0x30 + symbol, 8]
      : symbol < 256
        ? [0x190 + symbol - 144, 9]
        : symbol < 280
          ? [symbol - 256, 7]
          : [0xc0 + symbol - 280, 8];
  SYMBOL_CODE[symbol] = reverse(code, bits);
  SYMBOL_BITS[symbol] = bits;
}
/** Length 3–258 → index into LENGTH_BASE (symbol 257 + index). */
const LENGTH_INDEX = new Uint8Array(MAX_MATCH + 1);
for (let index = 0; index < LENGTH_BASE.length; index++) {
  const end = index + 1 < LENGTH_BASE.length ? LENGTH_BASE[index + 1]! : MAX_MATCH + 1;
  for (let length = LENGTH_BASE[index]!; length < end; length++) LENGTH_INDEX[length] = index;
}

/** The fixed 5-bit code of each distance code, bit-reversed for writing. */
const DISTANCE_CODE = DISTANCE_BASE.map((_, code) => reverse(code, 5));

function distanceIndex(distance: number): number {
  let low = 0;
  let high = DISTANCE_BASE.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (DISTANCE_BASE[middle]! <= distance) low = middle;
    else high = middle - 1;
  }
  return low;
}

const hashAt = (bytes: Uint8Array, at: number) =>
  ((bytes[at]! << 10) ^ (bytes[at + 1]! << 5) ^ bytes[at + 2]!) & (HASH_SIZE - 1);

export interface FixedDeflater {
  /** The raw deflate stream of `text` against the preset dictionary followed by `key`. */
  deflate(text: Uint8Array, key: Uint8Array): Uint8Array;
}

export function fixedDeflater(preset: Uint8Array): FixedDeflater {
  const base = preset.length;
  // window: the preset, then each call's key and text.
  const window = new Uint8Array(base + FIXED_DEFLATE_MAX_INPUT + 2);
  window.set(preset, 0);
  const presetHead = new Int32Array(HASH_SIZE).fill(-1);
  const presetPrevious = new Int32Array(base);
  for (let at = 0; at + MIN_MATCH <= base; at++) {
    const hash = hashAt(window, at);
    presetPrevious[at] = presetHead[hash]!;
    presetHead[hash] = at;
  }
  // Positions from base - 2 on hash bytes of the call's own key and text.
  const firstOwn = Math.max(0, base - 2);
  const callHead = new Int32Array(HASH_SIZE);
  const callStamp = new Uint32Array(HASH_SIZE);
  const callPrevious = new Int32Array(FIXED_DEFLATE_MAX_INPUT + 4);

  let generation = 0;
  const output = new Uint8Array(FIXED_DEFLATE_MAX_INPUT * 2 + 64);
  let bits = 0;
  let bitCount = 0;
  let written = 0;
  let end = 0;
  let matchDistance = 0;

  const headOf = (hash: number) => (callStamp[hash] === generation ? callHead[hash]! : presetHead[hash]!);
  const insert = (at: number) => {
    const hash = hashAt(window, at);
    callPrevious[at - firstOwn] = headOf(hash);
    callHead[hash] = at;
    callStamp[hash] = generation;
  };
  /** The length of the longest earlier match at `at` (0 below MIN_MATCH); its distance in matchDistance. */
  const longestMatch = (at: number): number => {
    const limit = Math.min(MAX_MATCH, end - at);
    if (limit < MIN_MATCH) return 0;
    let bestLength = 0;
    let candidate = headOf(hashAt(window, at));
    for (let chain = 0; candidate >= 0 && chain < MAX_CHAIN; chain++) {
      const distance = at - candidate;
      if (distance > WINDOW || distance <= 0) break;
      if (window[candidate + bestLength] === window[at + bestLength]) {
        let length = 0;
        while (length < limit && window[candidate + length] === window[at + length]) length++;
        if (length > bestLength) {
          bestLength = length;
          matchDistance = distance;
          if (length >= NICE_MATCH || length === limit) break;
        }
      }
      candidate = candidate >= firstOwn ? callPrevious[candidate - firstOwn]! : presetPrevious[candidate]!;
    }
    return bestLength >= MIN_MATCH ? bestLength : 0;
  };
  const put = (value: number, count: number) => {
    bits |= value << bitCount;
    bitCount += count;
    while (bitCount >= 8) {
      output[written++] = bits & 0xff;
      bits >>>= 8;
      bitCount -= 8;
    }
  };
  const symbol = (value: number) => put(SYMBOL_CODE[value]!, SYMBOL_BITS[value]!);
  const match = (length: number, distance: number) => {
    const lengthIndex = LENGTH_INDEX[length]!;
    symbol(257 + lengthIndex);
    put(length - LENGTH_BASE[lengthIndex]!, LENGTH_EXTRA[lengthIndex]!);
    const distanceCode = distanceIndex(distance);
    put(DISTANCE_CODE[distanceCode]!, 5);
    put(distance - DISTANCE_BASE[distanceCode]!, DISTANCE_EXTRA[distanceCode]!);
  };

  return {
    deflate(text, key) {
      const total = key.length + text.length;
      if (total > FIXED_DEFLATE_MAX_INPUT) throw new RangeError('fixed deflate: input too long');
      window.set(key, base);
      window.set(text, base + key.length);
      end = base + total;
      const start = base + key.length;
      generation = (generation + 1) >>> 0;
      if (generation === 0) {
        callStamp.fill(0);
        generation = 1;
      }
      bits = 0;
      bitCount = 0;
      written = 0;

      put(0b011, 3); // BFINAL 1, BTYPE 01 (fixed Huffman codes)
      // The key's positions (and the preset's last two) join the chains: the text may repeat the key.
      for (let at = firstOwn; at < start; at++) if (at + MIN_MATCH <= end) insert(at);
      let at = start;
      let length = longestMatch(at);
      let distance = matchDistance;
      while (at < end) {
        if (at + MIN_MATCH <= end) insert(at);
        // One step of lazy evaluation: a longer match at the next byte wins over this one.
        if (length >= MIN_MATCH && length < NICE_MATCH) {
          const next = longestMatch(at + 1);
          if (next > length) {
            symbol(window[at]!);
            at++;
            length = next;
            distance = matchDistance;
            continue;
          }
        }
        if (length < MIN_MATCH) {
          symbol(window[at]!);
          at++;
        } else {
          match(length, distance);
          for (let covered = at + 1; covered < at + length; covered++)
            if (covered + MIN_MATCH <= end) insert(covered);
          at += length;
        }
        length = longestMatch(at);
        distance = matchDistance;
      }
      symbol(256); // end of block
      if (bitCount > 0) put(0, 8 - bitCount);
      return output.slice(0, written);
    },
  };
}
