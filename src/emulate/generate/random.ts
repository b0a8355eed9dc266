/**
 * A seeded pseudo-random source (sfc32, seeded through splitmix32): the same seed gives the same
 * sequence on every run and machine. The generator never reads Math.random or the clock.
 */

/** splitmix32: spreads a seed (and a label's hash) into well-mixed 32-bit words. */
function splitmix32(state: number): () => number {
  let value = state >>> 0;
  return () => {
    value = (value + 0x9e3779b9) >>> 0;
    let mixed = value;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
}

/** FNV-1a of a label, so each provider draws from its own stream. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(
    private readonly seed: number,
    label = '',
  ) {
    const words = splitmix32(seed ^ hashLabel(label));
    this.a = words();
    this.b = words();
    this.c = words();
    this.d = words();
    for (let warmUp = 0; warmUp < 12; warmUp++) this.next();
  }

  /** An independent stream for one part of the estate: adding draws to one part leaves the others unchanged. */
  fork(label: string): Random {
    return new Random(this.seed, label);
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index drawn by weight (weights need not sum to 1). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let point = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      point -= weights[index]!;
      if (point < 0) return index;
    }
    return weights.length - 1;
  }

  private readonly codes: number[] = [];

  private chars(alphabet: string, length: number): string {
    const codes = this.codes;
    codes.length = length;
    for (let index = 0; index < length; index++)
      codes[index] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
    return String.fromCharCode(...codes);
  }

  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** Upper-case letters and digits 2–7, as AWS ids use. */
  upperAlphanumeric(length: number): string {
    return this.chars(UPPER_ALNUM, length);
  }

  base64(length: number): string {
    return this.chars(BASE64, length);
  }

  digits(length: number): string {
    return String(this.int(1, 9)) + this.chars('0123456789', length - 1);
  }

  bytes(length: number): Buffer {
    const buffer = Buffer.alloc(length);
    for (let index = 0; index < length; index++) buffer[index] = Math.floor(this.next() * 256);
    return buffer;
  }
}
