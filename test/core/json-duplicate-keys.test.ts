/**
 * The JSON duplicate-key scanner (src/core/json-duplicate-keys.ts): JSON.parse keeps the last of
 * two equal keys without a word; the scanner names each repeat by path, line and column, compares
 * keys decoded, and locates values for messages. It walks without recursion.
 */
import { describe, expect, it } from 'vitest';
import { duplicateJsonKeys, jsonPathKey, jsonValuePositions } from '../../src/core/json-duplicate-keys.js';

describe('duplicateJsonKeys', () => {
  it('finds nothing in JSON without repeated keys, whatever its shape', () => {
    for (const text of [
      '[]',
      '{}',
      '"x"',
      '42',
      'null',
      '[{"a":1},{"a":2}]',
      '{"a":{"a":{"a":[1,"a",{"a":1}]}}}',
    ])
      expect(duplicateJsonKeys(text)).toEqual([]);
  });

  it('names each repeat by its path, line and column (the second occurrence)', () => {
    const text = '[\n  {"id": "E1", "email": "a@x", "email": "b@x"},\n  {"tags": {"k": 1, "k": 2}}\n]';
    expect(duplicateJsonKeys(text)).toEqual([
      { path: [0, 'email'], line: 2, column: 32 },
      { path: [1, 'tags', 'k'], line: 3, column: 21 },
    ]);
  });

  it('compares keys decoded, and is not fooled by quotes, brackets or commas inside strings', () => {
    expect(duplicateJsonKeys('{"email": "x", "e\\u006dail": "y"}')).toEqual([
      { path: ['email'], line: 1, column: 16 },
    ]);
    expect(duplicateJsonKeys('{"a": "\\"b\\": {,[", "b": "}", "c": "\\\\"}')).toEqual([]);
    expect(duplicateJsonKeys('{"a": [1, 2, {"a": 3}], "b": 1, "b": 2}')).toEqual([
      { path: ['b'], line: 1, column: 33 },
    ]);
  });

  it('stops at the limit, and walks 100,000 levels of nesting without overflowing the stack', () => {
    expect(duplicateJsonKeys('{"a":1,"a":2,"a":3,"a":4}', 2)).toHaveLength(2);
    const deep = `${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`;
    expect(duplicateJsonKeys(deep)).toEqual([
      { path: [...Array(100_000).fill(0), 'a'], line: 1, column: 100_008 },
    ]);
  });
});

describe('jsonValuePositions', () => {
  it('gives the line and column where each asked value starts; a path not there is absent', () => {
    const text = '[\n  {\n    "name": "Ann",\n    "aliases": ["a", \n      "b"]\n  }\n]';
    const positions = jsonValuePositions(text, [
      [0, 'name'],
      [0, 'aliases', 1],
      [0, 'email'],
    ]);
    expect(positions.get(jsonPathKey([0, 'name']))).toEqual({ line: 3, column: 13 });
    expect(positions.get(jsonPathKey([0, 'aliases', 1]))).toEqual({ line: 5, column: 7 });
    expect(positions.has(jsonPathKey([0, 'email']))).toBe(false);
  });
});
