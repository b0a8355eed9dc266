import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 example: literals, numbers, escapes, sorted keys', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, as in the RFC 8785 §3.2.3 example (the emoji sorts before U+FB33)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the keys off the text: Object.keys would list the integer-like "1" first.
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":"[^"]*"/g)].map((m) =>
      JSON.parse(`"${m[1]}"`),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }, 3], a: { d: null, c: true } })).toBe(
      '{"a":{"c":true,"d":null},"b":[{"a":2,"z":1},3]}',
    );
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [999999999999999900000, '999999999999999900000'],
    [0.1, '0.1'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [-1.5, '-1.5'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [295147905179352830000, '295147905179352830000'],
  ])('writes the number %s as %s (ECMAScript Number-to-String)', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('escapes control characters the RFC way and leaves the rest as is', () => {
    expect(canonicalJson('\u0000\u0001\u001f\b\t\n\f\r"\\')).toBe(
      '"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\"\\\\"',
    );
    // DEL, U+2028/2029, non-ASCII and astral characters are written literally; / is not escaped.
    expect(canonicalJson('\u007f\u2028\u2029é😀/')).toBe('"\u007f\u2028\u2029é😀/"');
  });

  it('drops undefined object members and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('is stable: canonicalising its own output changes nothing', () => {
    const value = {
      z: 'Zoë',
      a: [1e21, 0.1, -0, { y: '\n', x: null }],
      m: { '\ud83d\ude00': 1, '\ufb33': 2 },
    };
    const once = canonicalJson(value);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
  });

  it.each([
    [Number.NaN, 'canonical JSON has no form for NaN'],
    [Number.POSITIVE_INFINITY, 'canonical JSON has no form for Infinity'],
    [10n, 'canonical JSON has no form for a bigint'],
    [undefined, 'canonical JSON has no form for undefined'],
    ['\ud800 alone', 'canonical JSON has no form for a lone surrogate'],
    [{ at: new Date(0) }, 'canonical JSON has no form for a Date: pass plain data'],
    [new Map(), 'canonical JSON has no form for a Map: pass plain data'],
  ])('refuses %s rather than record something else', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(new TypeError(message));
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });
});
